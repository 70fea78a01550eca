/// Why a byte buffer is not well-formed JSON (RFC 8259), with the 0-based byte offset of
/// the problem. ``description`` is a stable one-line explanation.
public enum JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is empty or only whitespace.
    case emptyInput
    /// The input ends in the middle of a value.
    case unexpectedEnd
    /// A byte that cannot appear here.
    case unexpectedCharacter(UInt8, offset: Int)
    /// A string is not closed before the end of the input.
    case unterminatedString(offset: Int)
    /// A control character (U+0000–U+001F) appears unescaped inside a string.
    case controlCharacterInString(UInt8, offset: Int)
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    case invalidEscape(offset: Int)
    /// A `\uXXXX` escape of a UTF-16 surrogate that is not part of a valid pair.
    case unpairedSurrogate(offset: Int)
    /// A byte sequence inside a string that is not well-formed UTF-8.
    case invalidUTF8(offset: Int)
    /// A number that does not follow the JSON grammar (e.g. `01`, `1.`, `+1`, `.5`).
    case invalidNumber(offset: Int)
    /// Objects and arrays nested deeper than ``JSONScanner/maximumDepth``.
    case tooDeeplyNested(offset: Int)
    /// Something other than whitespace follows the top-level value.
    case trailingCharacters(offset: Int)

    /// A one-line explanation, e.g. `unexpected character '}' at byte offset 41`.
    public var description: String {
        switch self {
        case .emptyInput:
            return "empty input"
        case .unexpectedEnd:
            return "unexpected end of input"
        case .unexpectedCharacter(let byte, let offset):
            return "unexpected \(Self.describe(byte)) at byte offset \(offset)"
        case .unterminatedString(let offset):
            return "unterminated string starting at byte offset \(offset)"
        case .controlCharacterInString(let byte, let offset):
            return "unescaped control character \(Self.hex(byte)) in a string at byte offset \(offset)"
        case .invalidEscape(let offset):
            return "invalid escape sequence at byte offset \(offset)"
        case .unpairedSurrogate(let offset):
            return "unpaired UTF-16 surrogate in \\u escape at byte offset \(offset)"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset)"
        case .invalidNumber(let offset):
            return "malformed number at byte offset \(offset)"
        case .tooDeeplyNested(let offset):
            return "nested deeper than \(JSONScanner.maximumDepth) levels at byte offset \(offset)"
        case .trailingCharacters(let offset):
            return "unexpected characters after the JSON value at byte offset \(offset)"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "character '\(Character(Unicode.Scalar(byte)))'" : "byte \(hex(byte))"
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }
}
