import WaitwatchCore
/// The input formats `waitwatch-producer` reads (FEEDS.md): SPEC section 1 NDJSON, a
/// CSDS-style CSV extract, HL7 v2 messages and FHIR R4 JSON.
public enum FeedFormat: String, Sendable, Hashable, CaseIterable {
    /// One SPEC section 1 event per line.
    case ndjson
    /// A CSV extract with a header row (FEEDS.md section 1).
    case csv
    /// HL7 v2 pipe-delimited messages (FEEDS.md section 2).
    case hl7v2
    /// FHIR R4 JSON resources or Bundles, one per line (FEEDS.md section 3).
    case fhir

    /// What the first bytes of an input look like, with a one-line explanation, e.g.
    /// `(.csv, "the first line is a header naming SERVICE_REQUEST_ID")`; nil when nothing fits.
    ///
    /// Rules, in order: a leading MLLP start byte (0x0B) or `MSH` followed by a delimiter is
    /// HL7 v2; a JSON object with a `resourceType` is FHIR; any other JSON object is NDJSON;
    /// a first line with commas naming a FEEDS.md CSV column is CSV.
    public static func guess(from prefix: some Collection<UInt8>) -> (format: FeedFormat, explanation: String)? {
        var bytes = Array(prefix.prefix(4096))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        while let first = bytes.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { bytes.removeFirst() }
        if bytes.first == 0x0B { return (.hl7v2, "it starts with an MLLP frame") }
        if bytes.count >= 4, bytes.starts(with: Array("MSH".utf8)), !isAlphanumeric(bytes[3]) {
            return (.hl7v2, "it starts with an HL7 v2 MSH segment")
        }
        let firstLine = Array(bytes.prefix { $0 != 0x0A && $0 != 0x0D })
        let text = String(decoding: firstLine, as: UTF8.self)
        if bytes.first == UInt8(ascii: "{") {
            if text.contains("\"resourceType\"") { return (.fhir, "its first line is a JSON object with a FHIR resourceType") }
            return (.ndjson, "its first line is a JSON object without a resourceType")
        }
        if text.contains(","), CSVFeed.columns.contains(where: { text.uppercased().contains($0) }) {
            return (.csv, "its first line is a comma-separated header naming FEEDS.md columns")
        }
        return nil
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
