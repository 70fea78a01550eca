/// Builds the acknowledgment (`ACK`) for one received message: a pure function of the
/// message, the verdict, our control id and the time, so that it is tested field by field
/// against the HL7 v2 standard (chapter 2, the MSH, MSA and ERR segment definitions).
///
/// ```
/// MSH|^~\&|<MSH-5>|<MSH-6>|<MSH-3>|<MSH-4>|<time>||ACK^<MSH-9.2>^ACK|<control id>|<MSH-11>|<MSH-12>
/// MSA|AA|<MSH-10>
/// MSA|AE|<MSH-10>|<text, at most 80 characters>
/// ERR||<segment^1^field>|<HL7 error code^text^HL70357>|E||||<text, at most 250 characters>
/// ```
///
/// - The sending and receiving application and facility are the received message's,
///   swapped (MSH-3/4 ↔ MSH-5/6); MSH-11 (processing id) and MSH-12 (version) are echoed,
///   `P` and `2.5.1` when absent; the delimiters are the received message's own.
/// - MSA-2 echoes MSH-10 exactly (empty when the message had no readable MSH).
/// - Texts are escaped (`\F\ \S\ \R\ \E\ \T\`) and have no line ends. Callers pass texts that
///   hold no patient identifier (the feed's rejection reasons are written that way).
public enum HL7Acknowledgement {
    /// MSA-3 "Text message" is 80 characters at most (HL7 v2.5 MSA segment definition).
    public static let maximumTextLength = 80
    /// ERR-8 "User message" is 250 characters at most.
    public static let maximumUserMessageLength = 250

    /// The ACK for `message`.
    ///
    /// - Parameters:
    ///   - message: the received message (unframed), parseable or not.
    ///   - code: MSA-1.
    ///   - text: why, for AE/AR (MSA-3 and ERR-8); ignored for AA.
    ///   - error: ERR-3, for AE/AR; no ERR segment when nil or for AA.
    ///   - errorLocation: ERR-2 as segment id and field number (e.g. `("RF1", 6)`), if known.
    ///   - controlId: MSH-10 of the ACK itself, unique per ACK.
    ///   - timestamp: MSH-7, `YYYYMMDDHHMMSS+ZZZZ`.
    /// - Returns: the ACK's segments, each ending in CR (unframed).
    public static func build(
        replyingTo message: [UInt8], code: HL7AcknowledgementCode, text: String = "", error: HL7ErrorCode? = nil,
        errorLocation: (segment: String, field: Int)? = nil, controlId: String, timestamp: String
    ) -> [UInt8] {
        let header = HL7MessageHeader(message)
        let f = header?.fieldSeparator ?? UInt8(ascii: "|")
        let enc = header?.encodingCharacters ?? Array("^~\\&".utf8)
        let component = enc[0]
        func esc(_ s: String) -> [UInt8] { escape(s, fieldSeparator: f, encoding: enc) }
        func raw(_ n: Int) -> [UInt8] { header?.raw(n) ?? [] }
        let trigger = header?.component(9, 2) ?? []
        let processing = raw(11).isEmpty ? Array("P".utf8) : raw(11)
        let version = raw(12).isEmpty ? Array("2.5.1".utf8) : raw(12)

        var msh: [[UInt8]] = [Array("MSH".utf8) + [f] + enc]
        msh.append(raw(5))
        msh.append(raw(6))
        msh.append(raw(3))
        msh.append(raw(4))
        msh.append(esc(timestamp))
        msh.append([])
        msh.append(Array("ACK".utf8) + [component] + trigger + [component] + Array("ACK".utf8))
        msh.append(esc(controlId))
        msh.append(processing)
        msh.append(version)
        var out = join(msh, f)
        out.append(0x0D)

        var msa: [[UInt8]] = [Array("MSA".utf8), Array(code.rawValue.utf8), raw(10)]
        let oneLine = text.replacing("\r", with: " ").replacing("\n", with: " ")
        if code != .accept, !oneLine.isEmpty { msa.append(esc(String(oneLine.prefix(maximumTextLength)))) }
        out += join(msa, f)
        out.append(0x0D)

        if code != .accept, let error {
            var err: [[UInt8]] = [Array("ERR".utf8), []]
            if let errorLocation {
                err.append(
                    esc(errorLocation.segment) + [component] + Array("1".utf8) + [component] + Array(String(errorLocation.field).utf8))
            } else {
                err.append([])
            }
            err.append(Array(String(error.rawValue).utf8) + [component] + esc(error.text) + [component] + Array("HL70357".utf8))
            err.append(Array("E".utf8))
            if !oneLine.isEmpty {
                err += [[], [], []]
                err.append(esc(String(oneLine.prefix(maximumUserMessageLength))))
            }
            out += join(err, f)
            out.append(0x0D)
        }
        return out
    }

    /// `text` with the delimiters replaced by the standard's escape sequences.
    static func escape(_ text: String, fieldSeparator f: UInt8, encoding enc: [UInt8]) -> [UInt8] {
        let e = enc[2]
        var out: [UInt8] = []
        for b in text.utf8 {
            let code: UInt8? =
                switch b {
                case f: UInt8(ascii: "F")
                case enc[0]: UInt8(ascii: "S")
                case enc[1]: UInt8(ascii: "R")
                case e: UInt8(ascii: "E")
                case enc[3]: UInt8(ascii: "T")
                default: nil
                }
            if let code { out += [e, code, e] } else { out.append(b) }
        }
        return out
    }

    /// The ERR-2 location of a feed rejection's location, e.g. `message "M1", RF1-6` → `("RF1", 6)`.
    public static func errorLocation(of location: String) -> (segment: String, field: Int)? {
        guard let last = location.split(separator: ",").last?.trimmingPrefix(" ") else { return nil }
        let parts = last.split(separator: "-")
        guard parts.count == 2, parts[0].count == 3, parts[0].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }),
            let field = Int(parts[1].prefix { $0.isNumber }), field > 0
        else { return nil }
        return (String(parts[0]), field)
    }

    /// MSH-7 for a time: `YYYYMMDDHHMMSS+0000` (UTC), from seconds since 1970.
    public static func timestamp(secondsSinceEpoch seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)\(two(month))\(two(day))\(two(secondOfDay / 3_600))\(two(secondOfDay / 60 % 60))\(two(secondOfDay % 60))+0000"
    }

    private static func join(_ fields: [[UInt8]], _ separator: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(separator) }
            out += field
        }
        return out
    }
}
