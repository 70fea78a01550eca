import Foundation

/// The Europe/London time zone: UTC offset of an instant and calendar date of an instant.
///
/// For instants from 1996-01-01T00:00:00Z on, the answer comes from the UK rule in force
/// since 1996 (harmonised with the EU rule): British Summer Time (UTC+1) from 01:00 UTC on
/// the last Sunday of March until 01:00 UTC on the last Sunday of October, Greenwich Mean
/// Time (UTC+0) otherwise. The rule is assumed to continue unchanged into the future, as the
/// tz database also assumes. The periods of 1996–2199 are precomputed once into an
/// immutable table; later years are computed on the spot. This path allocates nothing; it is
/// the hot path of ``EventDecoder``.
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
        // The year index from an average Gregorian year is off by one only within about a
        // day of 1 January, in winter, where no BST period can contain the instant anyway.
        let index = Int((seconds - ruleStartSeconds) / 31_556_952)
        let period = index < summerTime.count ? summerTime[index] : summerTime(year: 1996 + index)
        return seconds >= period.start && seconds < period.end ? 3600 : 0
    }

    /// British Summer Time of 1996–2199, precomputed: [start, end) in seconds since the epoch.
    static let summerTime: [(start: Int64, end: Int64)] = (1996..<2200).map { summerTime(year: $0) }

    /// British Summer Time of a year from the rule: from 01:00 UTC on the last Sunday of
    /// March to 01:00 UTC on the last Sunday of October.
    static func summerTime(year: Int) -> (start: Int64, end: Int64) {
        (
            Int64(CivilCalendar.lastSunday(year: year, month: 3)) * 86_400 + 3600,
            Int64(CivilCalendar.lastSunday(year: year, month: 10)) * 86_400 + 3600
        )
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
