import Foundation

/// The Europe/London time zone: UTC offset of an instant and calendar date of an instant.
///
/// For instants from 1996-01-01T00:00:00Z on, the answer is computed with integer
/// arithmetic from the UK rule in force since 1996 (and harmonised with the EU rule):
/// British Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March until
/// 01:00 UTC on the last Sunday of October, Greenwich Mean Time (UTC+0) otherwise. The rule
/// is assumed to continue unchanged into the future, as the tz database also assumes.
/// This path allocates nothing and reads no global state; it is the hot path of
/// ``EventDecoder``.
///
/// Earlier instants (the 1968–1971 British Standard Time experiment, wartime double summer
/// time, …) are answered by Foundation's `TimeZone(identifier: "Europe/London")` and the
/// system's tz database: correct but much slower.
///
/// All members are pure functions: safe to call from any thread.
public enum LondonTime {
    /// 1996-01-01T00:00:00Z in seconds since the epoch: from here on the fast rule applies.
    static let ruleStartSeconds: Int64 = 820_454_400

    /// The system's Europe/London zone, for instants before 1996 (immutable, `Sendable`).
    static let foundationZone: TimeZone? = TimeZone(identifier: "Europe/London")

    /// The UTC offset of Europe/London at an instant, in seconds (3600 in BST, 0 in GMT):
    /// local time = UTC + offset.
    public static func utcOffsetSeconds(at instant: Timestamp) -> Int {
        utcOffsetSeconds(atSecond: CivilCalendar.floorDivide(instant.microsecondsSinceEpoch, 1_000_000))
    }

    /// The UTC offset of Europe/London at a whole second since the epoch (UTC), in seconds.
    public static func utcOffsetSeconds(atSecond seconds: Int64) -> Int {
        guard seconds >= ruleStartSeconds else { return foundationOffset(atSecond: seconds) }
        let days = Int(seconds / 86_400)
        let (year, month, _) = CivilCalendar.civilFromDays(days)
        switch month {
        case 4...9:
            return 3600
        case 3:
            let start = Int64(CivilCalendar.lastSunday(year: year, month: 3)) * 86_400 + 3600
            return seconds >= start ? 3600 : 0
        case 10:
            let end = Int64(CivilCalendar.lastSunday(year: year, month: 10)) * 86_400 + 3600
            return seconds < end ? 3600 : 0
        default:
            return 0
        }
    }

    /// The Europe/London calendar date of an instant.
    public static func day(of instant: Timestamp) -> CivilDay {
        let seconds = CivilCalendar.floorDivide(instant.microsecondsSinceEpoch, 1_000_000)
        let local = seconds + Int64(utcOffsetSeconds(atSecond: seconds))
        return CivilDay(daysSinceEpoch: Int32(truncatingIfNeeded: CivilCalendar.floorDivide(local, 86_400)))
    }

    /// The instant at which a Europe/London calendar day begins (local midnight).
    ///
    /// The end of day D is the start of day D + 1. UK clock changes happen at 01:00 UTC,
    /// never at local midnight, so every day has exactly one local midnight.
    public static func startOfDay(_ day: CivilDay) -> Timestamp {
        let localMidnight = Int64(day.daysSinceEpoch) * 86_400
        // The offset at a UTC instant near the local midnight; re-check with the offset at
        // the candidate instant in case a transition lies between the two.
        let guess = utcOffsetSeconds(atSecond: localMidnight)
        var candidate = localMidnight - Int64(guess)
        let actual = utcOffsetSeconds(atSecond: candidate)
        if actual != guess { candidate = localMidnight - Int64(actual) }
        return Timestamp(secondsSinceEpoch: candidate)
    }

    /// Slow path: Foundation's tz database answer, to the second.
    static func foundationOffset(atSecond seconds: Int64) -> Int {
        guard let zone = foundationZone else { return 0 }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
