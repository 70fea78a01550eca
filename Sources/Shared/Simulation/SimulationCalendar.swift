import WaitwatchCore

/// The simulator's own Europe/London calendar: UK civil dates, weekdays and the
/// GMT/BST offset, computed with integer arithmetic only.
///
/// This is a stop-gap until the shared London-date conversion in `Shared/Model` lands;
/// it can be swapped for that one without changing the simulator's behaviour.
///
/// The UK rule (in force since 1996): British Summer Time (UTC+1) runs from 01:00 UTC on
/// the last Sunday of March to 01:00 UTC on the last Sunday of October; otherwise GMT (UTC+0).
/// Civil dates use Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
/// (proleptic Gregorian calendar).
enum SimulationCalendar {
    static let secondsPerDay: Int64 = 86_400
    static let microsecondsPerSecond: Int64 = 1_000_000

    /// Days since 1970-01-01 of the Gregorian date `year-month-day` (Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400  // [0, 399]
        let mp = Int64(month > 2 ? month - 3 : month + 9)  // March = 0
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy  // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// The Gregorian date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097  // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365  // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)  // [0, 365]
        let mp = (5 * doy + 2) / 153  // [0, 11]
        let d = doy - (153 * mp + 2) / 5 + 1  // [1, 31]
        let m = mp < 10 ? mp + 3 : mp - 9  // [1, 12]
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// The `CivilDay` of a Gregorian date.
    static func civilDay(year: Int, month: Int, day: Int) -> CivilDay {
        CivilDay(daysSinceEpoch: Int32(daysFromCivil(year: year, month: month, day: day)))
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(_ day: CivilDay) -> Int {
        let w = (Int(day.daysSinceEpoch) + 4) % 7
        return w < 0 ? w + 7 : w
    }

    /// Monday to Friday.
    static func isWeekday(_ day: CivilDay) -> Bool {
        let w = weekday(day)
        return w >= 1 && w <= 5
    }

    /// Days since 1970-01-01 of the last Sunday of `month` in `year`.
    static func lastSunday(year: Int, month: Int) -> Int64 {
        let firstOfNext =
            month == 12
            ? daysFromCivil(year: year + 1, month: 1, day: 1)
            : daysFromCivil(year: year, month: month + 1, day: 1)
        let last = firstOfNext - 1
        let w = (last + 4) % 7
        return last - (w < 0 ? w + 7 : w)
    }

    /// The instants (seconds since the epoch, UTC) when BST starts and ends in `year`.
    static func summerTimeBounds(year: Int) -> (start: Int64, end: Int64) {
        (
            lastSunday(year: year, month: 3) * secondsPerDay + 3600,
            lastSunday(year: year, month: 10) * secondsPerDay + 3600
        )
    }

    /// The Europe/London date of an instant.
    static func londonDay(of timestamp: Timestamp) -> CivilDay {
        let seconds = floorDiv(timestamp.microsecondsSinceEpoch, microsecondsPerSecond)
        let utcDay = floorDiv(seconds, secondsPerDay)
        // London is UTC or UTC+1: before 23:00 UTC the London date is the UTC date.
        if seconds - utcDay * secondsPerDay < 23 * 3600 {
            return CivilDay(daysSinceEpoch: Int32(utcDay))
        }
        let bounds = summerTimeBounds(year: civilFromDays(utcDay).year)
        let local = seconds + (seconds >= bounds.start && seconds < bounds.end ? 3600 : 0)
        return CivilDay(daysSinceEpoch: Int32(floorDiv(local, secondsPerDay)))
    }

    /// The offset of London local time from UTC, in seconds (0 or 3600), on `day` at local
    /// times from 02:00 onwards (the clock changes happen between 01:00 and 02:00 local).
    static func utcOffsetSeconds(on day: CivilDay) -> Int64 {
        let d = Int64(day.daysSinceEpoch)
        let year = civilFromDays(d).year
        return d >= lastSunday(year: year, month: 3) && d < lastSunday(year: year, month: 10) ? 3600 : 0
    }

    /// The instant of London local time `secondOfDay` (02:00 … 24:00) on `day`.
    static func timestamp(day: CivilDay, localSecond secondOfDay: Int64) -> Timestamp {
        let utcSeconds = Int64(day.daysSinceEpoch) * secondsPerDay + secondOfDay - utcOffsetSeconds(on: day)
        return Timestamp(microsecondsSinceEpoch: utcSeconds * microsecondsPerSecond)
    }

    /// Floor division (rounds towards negative infinity).
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
