import WaitwatchCore
/// `eventId` for a source record that carries none (FEEDS.md, common rules): a hash of the
/// record's identifying fields, so that sending the same extract or message twice gives
/// the same ids and the pipeline's de-duplication drops the repeat.
///
/// Form: `<prefix>-` and the first 24 hexadecimal digits (96 bits) of SHA-256 over the
/// parts joined with a unit separator, e.g. `csv-3f5a…`. The prefix names the format.
public enum DerivedEventId {
    /// The id for these identifying parts.
    public static func make(_ prefix: String, _ parts: [String]) -> String {
        let digest = SHA256.hash(Array(parts.joined(separator: "\u{1F}").utf8))
        return prefix + "-" + SHA256.hex(digest.prefix(12))
    }
}
