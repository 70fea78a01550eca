import WaitwatchCore
/// One parsed HL7 v2 message (pipe-delimited "ER7" encoding): segments, fields, repetitions,
/// components and subcomponents, with escape sequences resolved.
///
/// The delimiters come from the message's own `MSH` segment: MSH-1 is the field separator
/// (the character after `MSH`), MSH-2 the encoding characters (component, repetition, escape,
/// subcomponent; usually `^~\&`). Segments end at CR (LF and CRLF are accepted too, as files
/// are often re-saved). Field numbering follows the standard: in `MSH` the separator itself is
/// MSH-1, so MSH-9 is the ninth field; in other segments the segment id is field 0.
public struct HL7Message: Sendable, Hashable {
    /// The encoding characters of a message.
    public struct Delimiters: Sendable, Hashable {
        /// Field separator (`|`).
        public var field: UInt8
        /// Component separator (`^`).
        public var component: UInt8
        /// Repetition separator (`~`).
        public var repetition: UInt8
        /// Escape character (`\`).
        public var escape: UInt8
        /// Subcomponent separator (`&`).
        public var subcomponent: UInt8
    }

    /// One segment: its id and raw fields (field 1 first; for `MSH`, field 1 is the separator).
    public struct Segment: Sendable, Hashable {
        /// The three-character segment id, e.g. `PID`.
        public var id: String
        /// Raw (still escaped) field texts, `fields[0]` being field 1.
        var fields: [[UInt8]]
    }

    /// The delimiters declared by MSH-1 and MSH-2.
    public let delimiters: Delimiters
    /// The segments in order; the first is `MSH`.
    public let segments: [Segment]

    /// Why bytes are not an HL7 v2 message.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// No `MSH` segment at the start.
        case noMSH
        /// MSH-1/MSH-2 missing, too short, or repeating a character.
        case badEncodingCharacters
        /// A segment id is not three upper-case letters or digits.
        case badSegmentId(segment: Int)
        /// The bytes are not UTF-8.
        case notUTF8
        /// Larger than ``maximumBytes``.
        case tooLarge(Int)

        /// One line.
        public var description: String {
            switch self {
            case .noMSH: "the message does not start with an MSH segment"
            case .badEncodingCharacters: "MSH-1/MSH-2 do not declare five distinct delimiters (expected e.g. |^~\\&)"
            case .badSegmentId(let n): "segment \(n) does not start with a three-character segment id"
            case .notUTF8: "not valid UTF-8"
            case .tooLarge(let n): "the message is \(n) bytes, more than \(HL7Message.maximumBytes)"
            }
        }
    }

    /// The largest message accepted (1 MiB): referral and scheduling messages are a few KiB.
    public static let maximumBytes = 1 << 20
    /// The longest field accepted after unescaping (a huge field is a rejection, not a crash).
    public static let maximumFieldBytes = 4096

    /// Parses one message.
    public init(_ bytes: [UInt8]) throws(ParseError) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge(bytes.count) }
        guard UTF8Check.isValid(bytes) else { throw .notUTF8 }
        guard bytes.count >= 8, bytes.starts(with: Array("MSH".utf8)) else { throw .noMSH }
        let f = bytes[3]
        var enc: [UInt8] = []
        var i = 4
        while i < bytes.count, bytes[i] != f, bytes[i] != 0x0D, bytes[i] != 0x0A { enc.append(bytes[i]); i += 1 }
        let all = [f] + enc.prefix(4)
        guard enc.count >= 4, Set(all).count == 5, all.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !HL7Message.isAlphanumeric($0) }) else {
            throw .badEncodingCharacters
        }
        delimiters = Delimiters(field: f, component: enc[0], repetition: enc[1], escape: enc[2], subcomponent: enc[3])
        var segments: [Segment] = []
        for (n, line) in bytes.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A }).enumerated() {
            let text = Array(line)
            guard text.count >= 3, text[0..<3].allSatisfy(HL7Message.isAlphanumeric), text.count == 3 || text[3] == f else {
                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                throw .badSegmentId(segment: n + 1)
            }
            let id = String(decoding: text[0..<3], as: UTF8.self)
            var fields = text.count > 3 ? text[4...].split(separator: f, omittingEmptySubsequences: false).map(Array.init) : []
            if n == 0 { fields.insert([f], at: 0) }
            segments.append(Segment(id: id, fields: fields))
        }
        self.segments = segments
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    /// The first segment with this id.
    public func segment(_ id: String) -> Segment? {
        segments.first { $0.id == id }
    }

    /// The unescaped text of `segment`-`field`, repetition `repetition` (0-based), component
    /// `component` (1-based), subcomponent `subcomponent` (1-based); "" when absent.
    public func value(_ segment: Segment, _ field: Int, repetition: Int = 0, component: Int = 1, subcomponent: Int = 1) -> String {
        guard field >= 1, field <= segment.fields.count else { return "" }
        let raw = segment.fields[field - 1]
        if segment.id == "MSH", field <= 2 { return String(decoding: raw, as: UTF8.self) }
        let reps = raw.split(separator: delimiters.repetition, omittingEmptySubsequences: false)
        guard repetition < reps.count else { return "" }
        let comps = reps[repetition].split(separator: delimiters.component, omittingEmptySubsequences: false)
        guard component >= 1, component <= comps.count else { return "" }
        let subs = comps[component - 1].split(separator: delimiters.subcomponent, omittingEmptySubsequences: false)
        guard subcomponent >= 1, subcomponent <= subs.count else { return "" }
        return unescape(Array(subs[subcomponent - 1]))
    }

    /// The number of repetitions of a field (0 when empty).
    public func repetitions(_ segment: Segment, _ field: Int) -> Int {
        guard field >= 1, field <= segment.fields.count, !segment.fields[field - 1].isEmpty else { return 0 }
        return segment.fields[field - 1].split(separator: delimiters.repetition, omittingEmptySubsequences: false).count
    }

    /// The raw byte length of a field (to reject huge fields before using them).
    public func rawLength(_ segment: Segment, _ field: Int) -> Int {
        field >= 1 && field <= segment.fields.count ? segment.fields[field - 1].count : 0
    }

    /// Resolves the standard escape sequences: `\F\ \S\ \T\ \R\ \E\`, `\Xhh…\` (hex bytes);
    /// formatting sequences (`\H\`, `\N\`, `\.br\`, …) and unknown ones are dropped.
    func unescape(_ raw: [UInt8]) -> String {
        let e = delimiters.escape
        guard raw.contains(e) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var i = 0
        while i < raw.count {
            guard raw[i] == e, let end = raw[(i + 1)...].firstIndex(of: e) else {
                out.append(raw[i]); i += 1; continue
            }
            let code = Array(raw[(i + 1)..<end])
            switch code {
            case [UInt8(ascii: "F")]: out.append(delimiters.field)
            case [UInt8(ascii: "S")]: out.append(delimiters.component)
            case [UInt8(ascii: "T")]: out.append(delimiters.subcomponent)
            case [UInt8(ascii: "R")]: out.append(delimiters.repetition)
            case [UInt8(ascii: "E")]: out.append(delimiters.escape)
            default:
                if code.first == UInt8(ascii: "X"), code.count % 2 == 1 {
                    var j = 1
                    while j + 1 < code.count {
                        if let byte = UInt8(String(decoding: code[j...(j + 1)], as: UTF8.self), radix: 16) { out.append(byte) }
                        j += 2
                    }
                }
            }
            i = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits an HL7 v2 file into messages: MLLP frames (0x0B … 0x1C 0x0D) when the input
    /// uses them, otherwise a new message at every `MSH` segment. Each message comes with the
    /// line (1-based) where it starts, for locations.
    public static func split(file bytes: [UInt8]) -> [(line: Int, bytes: [UInt8])] {
        var out: [(Int, [UInt8])] = []
        var line = 1
        var current: [UInt8] = []
        var currentLine = 1
        var i = 0
        let n = bytes.count
        let mllp = bytes.contains(0x0B)
        func flush() {
            let trimmed = current.drop { $0 == 0x0D || $0 == 0x0A || $0 == 0x20 }
            if !trimmed.isEmpty { out.append((currentLine, Array(trimmed))) }
            current = []
        }
        while i < n {
            let b = bytes[i]
            if mllp {
                if b == 0x0B { flush(); currentLine = line; i += 1; continue }
                if b == 0x1C { flush(); i += 1; continue }
            } else if (i == 0 || bytes[i - 1] == 0x0D || bytes[i - 1] == 0x0A),
                i + 3 < n, bytes[i] == 0x4D, bytes[i + 1] == 0x53, bytes[i + 2] == 0x48, !isAlphanumeric(bytes[i + 3])
            {
                flush(); currentLine = line
            }
            if b == 0x0A || (b == 0x0D && (i + 1 >= n || bytes[i + 1] != 0x0A)) { line += 1 }
            current.append(b)
            i += 1
        }
        flush()
        return out
    }
}
