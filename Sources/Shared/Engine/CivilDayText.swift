/// Conversions between ``CivilDay`` and proleptic Gregorian year/month/day, and the
/// `YYYY-MM-DD` text used for `asOf` (Howard Hinnant's `days_from_civil` / `civil_from_days`).
///
/// Internal to the engine; pure integer arithmetic, no Foundation, no allocation except the
/// returned string.
enum CivilDayText {
    /// Days since 1970-01-01 of the given proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    /// The proleptic Gregorian (year, month 1–12, day 1–31) of a day count since 1970-01-01.
    static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `YYYY-MM-DD` (four-digit year, zero padded; years outside 0...9999 are written as is).
    static func format(_ day: CivilDay) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        append(day, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` as UTF-8 to `bytes`.
    static func append(_ day: CivilDay, to bytes: inout [UInt8]) {
        let (y, m, d) = civil(day.daysSinceEpoch)
        if y >= 0 && y <= 9999 {
            bytes.append(UInt8(48 + y / 1000))
            bytes.append(UInt8(48 + (y / 100) % 10))
            bytes.append(UInt8(48 + (y / 10) % 10))
            bytes.append(UInt8(48 + y % 10))
        } else {
            bytes.append(contentsOf: Array(String(y).utf8))
        }
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + m / 10))
        bytes.append(UInt8(48 + m % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(48 + d / 10))
        bytes.append(UInt8(48 + d % 10))
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year); nil for anything else or an impossible date.
    static func parse(_ text: String) -> CivilDay? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1...12).contains(m), d >= 1 else { return nil }
        let days = Self.days(year: y, month: m, day: d)
        // Reject 2026-02-30 and the like: the round trip must give the same date back.
        let back = civil(days)
        guard back.year == y, back.month == m, back.day == d else { return nil }
        return CivilDay(daysSinceEpoch: days)
    }
}
