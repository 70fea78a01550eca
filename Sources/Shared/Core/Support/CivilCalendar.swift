/// Proleptic Gregorian calendar arithmetic on plain integers, with no Foundation and no
/// allocation.
///
/// The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` /
/// `weekday_from_days` (<https://howardhinnant.github.io/date_algorithms.html>), exact for
/// every date whose day count fits in an `Int`. Day numbers count days since 1970-01-01
/// (that date is 0; earlier dates are negative). Years are astronomical (year 0 exists).
///
/// All members are pure functions: safe to call from any thread.
public enum CivilCalendar {
    /// The day number (days since 1970-01-01) of a calendar date.
    ///
    /// - Parameters:
    ///   - year: the year, e.g. 2026.
    ///   - month: 1–12 (not checked; use ``isValid(year:month:day:)`` first for untrusted input).
    ///   - day: 1–31 (not checked).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400  // [0, 399]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number (days since 1970-01-01).
    @inlinable
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // [0, 365]
        let mp = (5 * dayOfYear + 2) / 153  // [0, 11], March-based
        let day = dayOfYear - (153 * mp + 2) / 5 + 1  // [1, 31]
        let month = mp < 10 ? mp + 3 : mp - 9  // [1, 12]
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The day of the week of a day number: 0 = Sunday, 1 = Monday, … 6 = Saturday.
    @inlinable
    public static func weekday(ofDay days: Int) -> Int {
        days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6
    }

    /// Whether `year` is a Gregorian leap year.
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month (28–31); `month` must be 1–12.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether year, month and day name a real date (month 1–12, day within the month).
    @inlinable
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// The day number of the last Sunday of a month.
    @inlinable
    public static func lastSunday(year: Int, month: Int) -> Int {
        let last = daysFromCivil(year: year, month: month, day: daysInMonth(year: year, month: month))
        return last - weekday(ofDay: last)
    }

    /// Floor division (rounds towards negative infinity); `divisor` must be positive.
    @inlinable @inline(__always)
    public static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let q = value / divisor
        return (value % divisor < 0) ? q - 1 : q
    }

    /// The non-negative remainder matching ``floorDivide(_:_:)``; `divisor` must be positive.
    @inlinable @inline(__always)
    public static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let r = value % divisor
        return r < 0 ? r + divisor : r
    }
}
