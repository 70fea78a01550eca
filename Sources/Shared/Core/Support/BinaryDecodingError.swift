/// Why bytes written by ``ByteWriter`` could not be read back by ``ByteReader``: the internal
/// binary formats (national contributions, engine snapshots) share it, and their decoders say
/// which format failed around it.
public enum BinaryDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The version byte is not one this build reads.
    case unsupportedVersion(UInt8)
    /// The bytes end in the middle of a value.
    case truncated
    /// A value is out of range (named).
    case invalid(String)
    /// Bytes remain after the value.
    case trailingBytes(Int)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .unsupportedVersion(let v): "unsupported format version \(v)"
        case .truncated: "truncated (the bytes end in the middle of a value)"
        case .invalid(let what): "invalid \(what)"
        case .trailingBytes(let n): "\(n) trailing bytes"
        }
    }
}
