/// The Minimal Lower Layer Protocol's block characters (HL7 v2 Implementation Guide,
/// appendix C, "MLLP"): every message travels as `<SB> message <EB><CR>`.
public enum MLLPFraming {
    /// Start block, vertical tab (0x0B).
    public static let startBlock: UInt8 = 0x0B
    /// End block, file separator (0x1C).
    public static let endBlock: UInt8 = 0x1C
    /// The carriage return that follows the end block (0x0D).
    public static let carriageReturn: UInt8 = 0x0D

    /// `message` wrapped in one frame.
    public static func frame(_ message: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = [startBlock]
        out.reserveCapacity(message.count + 3)
        out.append(contentsOf: message)
        out.append(endBlock)
        out.append(carriageReturn)
        return out
    }
}
