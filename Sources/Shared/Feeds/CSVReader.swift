import WaitwatchCore
/// Splits CSV bytes into records (RFC 4180): comma-separated fields, fields in double quotes
/// may hold commas, line ends and doubled quotes (`""`). CRLF or LF line ends; a UTF-8
/// byte-order mark at the start is skipped; empty lines are skipped.
///
/// Each record knows the line it starts on. A record that breaks the rules (a quote inside an
/// unquoted field, text after a closing quote, a quoted field still open at the end of the
/// input, a field longer than ``maximumFieldBytes``, invalid UTF-8) comes back as an error
/// for that record, and reading goes on at the next line.
public struct CSVReader: Sendable {
    /// The longest field accepted, in bytes (no FEEDS.md column needs more than a few hundred).
    public static let maximumFieldBytes = 4096

    /// One record: its first line (1-based) and its fields, or what is wrong with it.
    public struct Record: Sendable, Hashable {
        /// The line the record starts on.
        public var line: Int
        /// The fields, unquoted; or the problem.
        public var fields: Result<[String], FeedRejection>
    }

    private let bytes: [UInt8]

    /// A reader over a whole input.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Every record, in order.
    public func records() -> [Record] {
        var out: [Record] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        let n = bytes.count
        while i < n {
            let startLine = line
            // Skip an empty line.
            if bytes[i] == 0x0A { i += 1; line += 1; continue }
            if bytes[i] == 0x0D { i += (i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1; line += 1; continue }
            var fields: [String] = []
            var field: [UInt8] = []
            var problem: String?
            var quoted = false
            var atFieldStart = true
            var afterClosingQuote = false
            recordLoop: while i < n {
                let b = bytes[i]
                if quoted {
                    if b == 0x22 {
                        if i + 1 < n, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        quoted = false; afterClosingQuote = true; i += 1; continue
                    }
                    if b == 0x0A { line += 1 }
                    field.append(b); i += 1
                } else {
                    switch b {
                    case 0x2C:
                        if !UTF8Check.isValid(field) { problem = problem ?? "not valid UTF-8 in field \(fields.count + 1)" }
                        fields.append(Self.text(field))
                        field = []; atFieldStart = true; afterClosingQuote = false; i += 1; continue
                    case 0x0A, 0x0D:
                        break recordLoop
                    case 0x22 where atFieldStart:
                        quoted = true; atFieldStart = false; i += 1; continue
                    default:
                        if problem == nil {
                            if b == 0x22 {
                                problem =
                                    "a double quote inside an unquoted field (field \(fields.count + 1)); quote the field and double the quote"
                            } else if afterClosingQuote {
                                problem = "text after the closing quote of field \(fields.count + 1)"
                            }
                        }
                        field.append(b); atFieldStart = false; i += 1
                    }
                }
                if field.count > Self.maximumFieldBytes, problem == nil {
                    problem = "field \(fields.count + 1) is longer than \(Self.maximumFieldBytes) bytes"
                }
            }
            if quoted { problem = problem ?? "a quoted field (field \(fields.count + 1)) is not closed before the end of the input" }
            if !UTF8Check.isValid(field) { problem = problem ?? "not valid UTF-8 in field \(fields.count + 1)" }
            fields.append(Self.text(field))
            // Consume the line end.
            if i < n, bytes[i] == 0x0D { i += 1 }
            if i < n, bytes[i] == 0x0A { i += 1 }
            line += 1
            let result: Result<[String], FeedRejection> =
                problem.map {
                    .failure(FeedRejection(location: "line \(startLine)", code: "bad-csv", reason: $0))
                } ?? .success(fields)
            out.append(Record(line: startLine, fields: result))
        }
        return out
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// UTF-8 well-formedness of a byte array (the standard library's validating decoder, so
/// that the feeds need nothing internal to the core).
enum UTF8Check {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
