import Foundation
import WaitwatchCore

/// Test-only NDJSON event loader (Foundation `JSONSerialization` + `ISO8601DateFormatter` +
/// `Calendar` in Europe/London). Slow and lenient; replaced by the real decoder later.
package enum FixtureEvents {
    package struct LoadError: Error, CustomStringConvertible {
        package var description: String
    }

    /// The URL of a file in `Tests/Support/Fixtures` (the SPEC worked example).
    ///
    /// `expected-stats.ndjson` is the SPEC's (`/work/shared/spec/example`) with, at the end of
    /// each line, the feed-freshness fields `lastEventAt`, `trustsReporting` and `feedSilent` as
    /// ``ReferenceStatistics`` computes them (generated, not typed); every other field is the
    /// SPEC's, byte for byte.
    package static func url(_ name: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else { throw LoadError(description: "no resource bundle") }
        return base.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// The lines of a fixture file (empty lines dropped).
    package static func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Parses every line of an NDJSON fixture into events.
    package static func load(_ name: String) throws -> [ReferralEvent] {
        try lines(name).map { try event(json: $0) }
    }

    /// Parses one JSON event.
    package static func event(json: String) throws -> ReferralEvent {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw LoadError(description: "not an object: \(json)")
        }
        func string(_ name: String) throws -> String {
            guard let s = object[name] as? String else { throw LoadError(description: "missing \(name) in \(json)") }
            return s
        }
        guard let type = EventType(rawValue: try string("type")) else { throw LoadError(description: "bad type in \(json)") }
        let occurredAt = try instant(string("occurredAt"))
        return ReferralEvent(
            eventId: try string("eventId"), type: type, referralId: try string("referralId"),
            trust: try string("trust"), service: try string("service"), occurredAt: occurredAt,
            day: londonDay(occurredAt),
            priority: (object["priority"] as? String).flatMap(Priority.init(rawValue:)),
            appointmentId: object["appointmentId"] as? String,
            scheduledFor: try (object["scheduledFor"] as? String).map(instant),
            cancelledBy: (object["cancelledBy"] as? String).flatMap(CancelledBy.init(rawValue:)),
            reason: object["reason"] as? String)
    }

    /// An RFC 3339 timestamp as a ``Timestamp``.
    package static func instant(_ text: String) throws -> Timestamp {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw LoadError(description: "bad timestamp \(text)")
        }
        return Timestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// The Europe/London date of an instant, by Foundation's calendar (independent of the engine's).
    package static func londonDay(_ t: Timestamp) -> CivilDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        let date = Date(timeIntervalSince1970: Double(t.microsecondsSinceEpoch) / 1_000_000)
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CivilDay(daysSinceEpoch: Int32(CivilCalendar.daysFromCivil(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)))
    }

    /// `YYYY-MM-DD` as a ``CivilDay`` (test input; traps on a typo).
    package static func day(_ text: String) -> CivilDay {
        guard let d = CivilDay(text) else { preconditionFailure("bad date \(text)") }
        return d
    }

    /// Parses a JSON object line into a dictionary (for comparing records as JSON values).
    package static func jsonObject(_ text: String) throws -> NSDictionary {
        guard let d = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary else {
            throw LoadError(description: "not an object: \(text)")
        }
        return d
    }
}
