/// A lenient reading of a message's `MSH` segment alone: the delimiters and the raw fields
/// an acknowledgment echoes, even when the rest of the message cannot be parsed.
///
/// Field numbering follows the standard (MSH-1 is the field separator, MSH-2 the encoding
/// characters). Values are raw (still escaped) so that an echo is byte for byte.
public struct HL7MessageHeader: Sendable, Hashable {
    /// MSH-1.
    public var fieldSeparator: UInt8
    /// MSH-2: component, repetition, escape and subcomponent characters, in that order.
    public var encodingCharacters: [UInt8]
    /// MSH-3 onwards, raw; `fields[0]` is MSH-3.
    var fields: [[UInt8]]

    /// The header of `message`, or nil when it does not start with a usable `MSH` segment.
    public init?(_ message: [UInt8]) {
        guard message.count >= 8, message.starts(with: [0x4D, 0x53, 0x48]) else { return nil }
        let separator = message[3]
        let end = message.firstIndex { $0 == 0x0D || $0 == 0x0A } ?? message.count
        let parts = message[4..<end].split(separator: separator, omittingEmptySubsequences: false).map(Array.init)
        guard let encoding = parts.first, encoding.count >= 4 else { return nil }
        let declared = [separator] + encoding.prefix(4)
        guard Set(declared).count == 5, declared.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Self.isAlphanumeric($0) }) else { return nil }
        fieldSeparator = separator
        encodingCharacters = Array(encoding.prefix(4))
        fields = Array(parts.dropFirst())
    }

    /// The raw text of MSH-`n` (n ≥ 3), "" when absent.
    public func raw(_ n: Int) -> [UInt8] {
        n >= 3 && n - 3 < fields.count ? fields[n - 3] : []
    }

    /// Component `c` (1-based) of MSH-`n`, first repetition, raw.
    public func component(_ n: Int, _ c: Int) -> [UInt8] {
        let first = raw(n).split(separator: encodingCharacters[1], omittingEmptySubsequences: false).first ?? []
        let parts = first.split(separator: encodingCharacters[0], omittingEmptySubsequences: false)
        return c >= 1 && c <= parts.count ? Array(parts[c - 1]) : []
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
