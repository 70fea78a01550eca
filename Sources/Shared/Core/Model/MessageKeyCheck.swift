/// The check that a message's Kafka key is its event's `{trust}/{service}` (SPEC section 1,
/// "Ordering"): a message keyed otherwise may have landed on another partition than its
/// referral's other events, so it is dead-lettered with reason code `key-mismatch` instead of
/// failing later as an unknown referral. Pure.
public enum MessageKeyCheck {
    /// The dead-letter reason code.
    public static let code = "key-mismatch"

    /// Why `key` does not fit `event`, or nil when it does. A message without a key is
    /// accepted: nothing contradicts its event (the default partitioner spreads keyless
    /// messages, which the contract's ordering rule leaves to the producer).
    ///
    /// The reason names the event's `{trust}/{service}` and the key only when the key has the
    /// same shape (an organisation code and a service code); any other key is described by its
    /// length alone, since a producer may have keyed by something identifying.
    public static func reason(key: [UInt8]?, event: ReferralEvent) -> String? {
        guard let key else { return nil }
        return key.withUnsafeBytes { reason(rawKey: $0, event: event) }
    }

    /// ``reason(key:event:)`` for a key in raw memory (a consumed message's borrowed key): a
    /// matching key is compared byte by byte, without building the event's key string and
    /// without generics (a generic form is not specialised across modules, and this runs once
    /// per event in the worker). Only a mismatch copies the key, to describe it.
    public static func reason(rawKey key: UnsafeRawBufferPointer, event: ReferralEvent) -> String? {
        if matches(key, trust: event.trust, service: event.service) { return nil }
        let key = Array(key)
        let expected = event.key
        if looksLikeTrustServiceKey(key) {
            return "\(code): message key \"\(String(decoding: key, as: UTF8.self))\" is not the event's trust/service \"\(expected)\""
        }
        return "\(code): message key (\(key.count) bytes) is not of the form trust/service; the event's is \"\(expected)\""
    }

    /// Whether `key` is exactly `{trust}/{service}`.
    static func matches(_ key: UnsafeRawBufferPointer, trust: String, service: String) -> Bool {
        var (trust, service) = (trust, service)
        return trust.withUTF8 { t in
            service.withUTF8 { s in
                guard key.count == t.count + 1 + s.count else { return false }
                for i in 0..<t.count where key[i] != t[i] { return false }
                guard key[t.count] == UInt8(ascii: "/") else { return false }
                for i in 0..<s.count where key[t.count + 1 + i] != s[i] { return false }
                return true
            }
        }
    }

    /// `{trust}/{service}` in shape: 3–9 of `A–Z 0–9` (or `ALL`), `/`, 1–16 of `A–Z 0–9 - _`.
    static func looksLikeTrustServiceKey(_ key: [UInt8]) -> Bool {
        guard let slash = key.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let trust = key[..<slash]
        let service = key[(slash + 1)...]
        func isUpperOrDigit(_ b: UInt8) -> Bool {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
        }
        return (3...9).contains(trust.count) && trust.allSatisfy(isUpperOrDigit)
            && (1...16).contains(service.count)
            && service.allSatisfy { isUpperOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}
