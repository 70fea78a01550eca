@testable import WaitwatchCore

/// The RFC 3339 parser of `occurredAt` (and of feed times after conversion).
enum RFC3339Fuzz {
    static func run(_ bytes: [UInt8]) {
        guard let instant = try? Timestamp.parseRFC3339(bytes) else { return }
        // Written back in UTC and in Europe/London time, it parses to the same instant.
        for offset in [0, LondonTime.utcOffsetSeconds(at: instant)] {
            var text: [UInt8] = []
            RFC3339.append(microseconds: instant.microsecondsSinceEpoch, utcOffsetSeconds: offset, zuluForZero: true, to: &text)
            let again = try? Timestamp.parseRFC3339(text)
            FuzzCheck.require(again == instant, "formatted time \(String(decoding: text, as: UTF8.self)) does not parse back")
        }
    }
}
