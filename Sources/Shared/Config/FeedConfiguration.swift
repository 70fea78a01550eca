import WaitwatchCore
import Foundation

/// The `feeds` section of the configuration: how trusts' CSV, HL7 v2 and FHIR feeds are
/// read by `waitwatch-producer` (FEEDS.md, common rules).
///
/// ```yaml
/// feeds:
///   codeMap:                         # source code (local or SNOMED CT) → catalogue code
///     "1085961000000107": SALT
///     LOCAL-SLT: SALT
///   patientRefKey:                   # the HMAC key of patientRef: exactly one of
///     env: WAITWATCH_PATIENT_REF_KEY #   an environment variable holding the key, or
///   # file: /run/secrets/patient-ref-key   a file holding it (trailing line end ignored)
/// ```
///
/// The key itself is never in the configuration file or on the command line; only where
/// to find it. Without `patientRefKey`, patient identifiers are dropped and no `patientRef`
/// is sent.
public struct FeedConfiguration: Sendable, Hashable {
    /// Where the patient-reference key is read from.
    public enum KeySource: Sendable, Hashable {
        /// An environment variable's value.
        case environment(String)
        /// A file's contents (one trailing line end removed).
        case file(String)
    }

    /// Source codes → catalogue codes (each value is a catalogue code).
    public var codeMap: [String: String]
    /// Where the `patientRef` HMAC key comes from; nil: no `patientRef`.
    public var patientRefKey: KeySource?

    /// The smallest key accepted, in bytes (128 bits).
    public static let minimumKeyBytes = 16

    /// No code map, no key.
    public init(codeMap: [String: String] = [:], patientRefKey: KeySource? = nil) {
        self.codeMap = codeMap
        self.patientRefKey = patientRefKey
    }

    /// Reads the key from its source; nil when none is configured. `environment` is the
    /// process environment (a parameter so that tests need not change the real one).
    ///
    /// - Throws: ``ConfigurationError`` naming the variable or file (never the key) when it
    ///   is unset, unreadable or shorter than ``minimumKeyBytes``.
    public func resolveKey(environment: [String: String], source: String) throws(ConfigurationError) -> [UInt8]? {
        guard let patientRefKey else { return nil }
        var key: [UInt8]
        let path = "feeds.patientRefKey"
        switch patientRefKey {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw .invalidValue(source: source, keyPath: path + ".env", problem: "the environment variable \(name) is not set")
            }
            key = Array(value.utf8)
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .invalidValue(source: source, keyPath: path + ".file", problem: "cannot read the key file \(file)")
            }
            key = Array(data)
            if key.last == 0x0A { key.removeLast() }
            if key.last == 0x0D { key.removeLast() }
        }
        guard key.count >= Self.minimumKeyBytes else {
            throw .invalidValue(
                source: source, keyPath: path, problem: "the key must be at least \(Self.minimumKeyBytes) bytes, got \(key.count)")
        }
        return key
    }
}
