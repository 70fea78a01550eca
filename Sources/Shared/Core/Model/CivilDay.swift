/// A UK calendar date (Europe/London), as whole days since 1970-01-01.
///
/// All waits are differences of `CivilDay`s (SPEC section 2: whole UK calendar days).
/// The text form is `YYYY-MM-DD` (``description``, ``init(_:)``), as used in the `asOf`
/// field and in statistics keys.
public struct CivilDay: Sendable, Hashable, Comparable, Strideable, Codable, LosslessStringConvertible {
    /// Days since 1970-01-01 (that date is 0).
    public var daysSinceEpoch: Int32

    /// A day from its number of days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day with this year, month (1–12) and day of month; nil if that is not a real date
    /// (e.g. February 30) or lies outside the representable range.
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day),
            abs(year) <= 5_000_000,
            let days = Int32(exactly: CivilCalendar.daysFromCivil(year: year, month: month, day: day))
        else { return nil }
        self.daysSinceEpoch = days
    }

    /// The Europe/London calendar date of an instant (see ``LondonTime``).
    ///
    /// For example `2026-05-01T23:30:00Z` is 00:30 BST on 2026-05-02, so its day is 2026-05-02.
    public init(londonDateOf instant: Timestamp) {
        self = LondonTime.day(of: instant)
    }

    /// Parses `YYYY-MM-DD` exactly (four-digit year, two-digit month and day, a real date).
    /// Returns nil for anything else.
    public init?(_ description: String) {
        let utf8 = description.utf8
        guard utf8.count == 10 else { return nil }
        var fields = (year: 0, month: 0, day: 0)
        for (i, b) in utf8.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let digit = Int(b &- UInt8(ascii: "0"))
            switch i {
            case 0..<4: fields.year = fields.year * 10 + digit
            case 5..<7: fields.month = fields.month * 10 + digit
            default: fields.day = fields.day * 10 + digit
            }
        }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The calendar date: year, month (1–12), day of month (1–31).
    public var yearMonthDay: (year: Int, month: Int, day: Int) {
        CivilCalendar.civilFromDays(Int(daysSinceEpoch))
    }

    /// The day of the week: 0 = Sunday, 1 = Monday, … 6 = Saturday.
    public var weekday: Int {
        CivilCalendar.weekday(ofDay: Int(daysSinceEpoch))
    }

    /// The date as `YYYY-MM-DD` (years outside 0000–9999 get a sign or more digits).
    public var description: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(10)
        appendISO8601(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the date as `YYYY-MM-DD` (UTF-8) to `buffer`, without allocating beyond the
    /// buffer's own growth. For writers of JSON records.
    public func appendISO8601(to buffer: inout [UInt8]) {
        let (year, month, day) = yearMonthDay
        DecimalFormatting.appendYear(year, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        DecimalFormatting.appendTwoDigits(month, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        DecimalFormatting.appendTwoDigits(day, to: &buffer)
    }

    /// Whether `lhs` is earlier than `rhs`.
    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func distance(to other: CivilDay) -> Int32 {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// The day `n` days later (earlier when `n` is negative).
    public func advanced(by n: Int32) -> CivilDay {
        CivilDay(daysSinceEpoch: daysSinceEpoch + n)
    }
}
