/// The kind of a JSON value, as named in error messages (`object`, `array`, `string`,
/// `number`, `boolean`, `null`).
public enum JSONValueKind: String, Sendable, Hashable, CustomStringConvertible {
    /// `{ … }`
    case object
    /// `[ … ]`
    case array
    /// `"…"`
    case string
    /// `-1.5e3`
    case number
    /// `true` or `false`
    case boolean
    /// `null`
    case null

    /// The kind a value starting with this byte would have, or nil if no JSON value starts
    /// with it.
    init?(firstByte: UInt8) {
        switch firstByte {
        case UInt8(ascii: "{"): self = .object
        case UInt8(ascii: "["): self = .array
        case UInt8(ascii: "\""): self = .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): self = .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .boolean
        case UInt8(ascii: "n"): self = .null
        default: return nil
        }
    }

    /// The kind's name, e.g. `number`.
    public var description: String { rawValue }
}
