import WaitwatchCore

/// The parts of a statistics key `{trust}/{service}/{YYYY-MM-DD}`, read from the Kafka key's
/// bytes without decoding the record, so a scan can skip records it does not need.
public struct StatsKey: Sendable, Hashable {
    /// Organisation code, or `ALL`.
    public var trust: String
    /// Service code.
    public var service: String
    /// The census day.
    public var day: CivilDay

    /// A key from its parts.
    public init(trust: String, service: String, day: CivilDay) {
        self.trust = trust
        self.service = service
        self.day = day
    }

    /// Reads `{trust}/{service}/{YYYY-MM-DD}`; nil when the bytes are not such a key.
    public init?(bytes: [UInt8]) {
        guard let first = bytes.firstIndex(of: UInt8(ascii: "/")),
            let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "/")),
            first > 0, second > first + 1, bytes.count - second - 1 == 10
        else { return nil }
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for (i, b) in bytes[(second + 1)...].enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
            } else {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                digits.append(Int(b - UInt8(ascii: "0")))
            }
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        guard let day = CivilDay(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7]) else { return nil }
        trust = String(decoding: bytes[..<first], as: UTF8.self)
        service = String(decoding: bytes[(first + 1)..<second], as: UTF8.self)
        self.day = day
    }

    /// The key text, e.g. `RAJ/SALT/2026-03-01`.
    public var text: String { "\(trust)/\(service)/\(day)" }
}
