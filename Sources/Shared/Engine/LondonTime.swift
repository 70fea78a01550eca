/// Europe/London civil time, as far as the engine needs it: the London date of an instant and
/// the instant a London day starts (local midnight).
///
/// Uses the UK rule in force since 1996 (the EU rule): British Summer Time (UTC+1) from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October, GMT (UTC+0)
/// otherwise. Earlier years are computed with the same rule (an approximation before 1996).
/// Local midnight is never inside a transition, so the start of a day is always well defined.
enum LondonTime {
    private static let secondsPerDay: Int64 = 86_400

    /// Floor division (rounds towards negative infinity).
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days since 1970-01-01 of the last Sunday of `month` in `year`.
    static func lastSunday(year: Int, month: Int) -> Int64 {
        let firstOfNext = month == 12
            ? CivilDayText.days(year: year + 1, month: 1, day: 1)
            : CivilDayText.days(year: year, month: month + 1, day: 1)
        let last = Int64(firstOfNext) - 1
        // 1970-01-01 was a Thursday; weekday 0 = Sunday.
        let weekday = ((last + 4) % 7 + 7) % 7
        return last - weekday
    }

    /// Whether British Summer Time is in force at this instant (seconds since the epoch, UTC).
    static func isSummerTime(atUTCSeconds s: Int64) -> Bool {
        let utcDay = floorDiv(s, secondsPerDay)
        let year = CivilDayText.civil(Int32(truncatingIfNeeded: utcDay)).year
        let start = lastSunday(year: year, month: 3) * secondsPerDay + 3600
        let end = lastSunday(year: year, month: 10) * secondsPerDay + 3600
        return s >= start && s < end
    }

    /// The Europe/London date of an instant.
    static func day(of t: Timestamp) -> CivilDay {
        let s = floorDiv(t.microsecondsSinceEpoch, 1_000_000)
        let local = s + (isSummerTime(atUTCSeconds: s) ? 3600 : 0)
        return CivilDay(daysSinceEpoch: Int32(truncatingIfNeeded: floorDiv(local, secondsPerDay)))
    }

    /// The instant London day `d` starts (local midnight), as a UTC timestamp.
    static func startOfDay(_ d: CivilDay) -> Timestamp {
        let day = Int64(d.daysSinceEpoch)
        let year = CivilDayText.civil(d.daysSinceEpoch).year
        // Midnight on the last Sunday of March is still GMT; midnight on the last Sunday of
        // October is still BST.
        let summer = day > lastSunday(year: year, month: 3) && day <= lastSunday(year: year, month: 10)
        return Timestamp(secondsSinceEpoch: day * secondsPerDay - (summer ? 3600 : 0))
    }
}
