import WaitwatchCore
/// Turns a source's patient identifier (NHS number, local patient id) into `patientRef`:
/// HMAC-SHA-256 under a configured key, hexadecimal (FEEDS.md, common rules).
///
/// Equal identifiers give equal references, so the same patient stays the same patient
/// downstream, while the identifier itself never leaves the producer. Surrounding spaces
/// and inner spaces (NHS numbers are often written `943 476 5919`) are removed first.
/// Without a key there is no `patientRef` at all: identifiers are simply dropped.
public struct PatientReferenceHasher: Sendable, Hashable {
    /// The secret key (at least 16 bytes; see ``FeedSettings``).
    let key: [UInt8]

    /// A hasher with this key.
    public init(key: [UInt8]) {
        self.key = key
    }

    /// `patientRef` for a source identifier: 64 hexadecimal digits; nil for an empty identifier.
    public func reference(for identifier: String) -> String? {
        let normalised = identifier.unicodeScalars.filter { !$0.properties.isWhitespace }
        guard !normalised.isEmpty else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: normalised)
        return SHA256.hex(HMACSHA256.authenticationCode(for: Array(text.utf8), key: key))
    }
}
