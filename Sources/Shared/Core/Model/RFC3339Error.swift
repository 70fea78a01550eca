/// Why a text is not an RFC 3339 timestamp with a UTC offset.
///
/// Positions are 1-based byte positions in the text, as a user counts characters in ASCII.
/// ``description`` is a stable one-line explanation, used in dead-letter reasons.
public enum RFC3339Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is empty.
    case empty
    /// A digit was expected at this position (or the text ended there).
    case expectedDigit(position: Int)
    /// This ASCII character was expected at this position (or the text ended there).
    case expectedCharacter(UInt8, position: Int)
    /// The date is not followed by `T` (or `t` or a space) and a time.
    case expectedTimeSeparator(position: Int)
    /// A date without a time (`2026-05-01`).
    case missingTime
    /// A date and time without `Z` or `±HH:MM`: a local time that names no instant.
    case missingOffset
    /// `.` not followed by at least one digit.
    case emptyFraction(position: Int)
    /// Something follows the offset.
    case trailingCharacters(position: Int)
    /// The month is not 1–12.
    case monthOutOfRange(Int)
    /// The day does not exist in that month (leap years are taken into account).
    case dayOutOfRange(day: Int, year: Int, month: Int)
    /// The hour is not 0–23.
    case hourOutOfRange(Int)
    /// The minute is not 0–59.
    case minuteOutOfRange(Int)
    /// The second is not 0–60.
    case secondOutOfRange(Int)
    /// The offset's hours are not 0–23 or its minutes not 0–59.
    case offsetOutOfRange(hours: Int, minutes: Int)
    /// The instant's date in UTC is before the year 0000 or after 9999 (`0000-01-01T09:00:00+11:00`).
    case outsideYears0000To9999

    /// A one-line explanation, e.g. `month 13 is not 1–12`.
    public var description: String {
        switch self {
        case .empty:
            return "empty timestamp"
        case .expectedDigit(let position):
            return "expected a digit at character \(position)"
        case .expectedCharacter(let byte, let position):
            return "expected '\(Character(Unicode.Scalar(byte)))' at character \(position)"
        case .expectedTimeSeparator(let position):
            return "expected 'T' between date and time at character \(position)"
        case .missingTime:
            return "a date without a time; expected YYYY-MM-DDTHH:MM:SS and a UTC offset"
        case .missingOffset:
            return "no UTC offset; add Z or ±HH:MM"
        case .emptyFraction(let position):
            return "expected digits after '.' at character \(position)"
        case .trailingCharacters(let position):
            return "unexpected characters after the UTC offset at character \(position)"
        case .monthOutOfRange(let month):
            return "month \(month) is not 1–12"
        case .dayOutOfRange(let day, let year, let month):
            let ym =
                "\(year < 1000 ? String(repeating: "0", count: year < 10 ? 3 : year < 100 ? 2 : 1) : "")\(year)-\(month < 10 ? "0" : "")\(month)"
            return "day \(day) does not exist in \(ym)"
        case .hourOutOfRange(let hour):
            return "hour \(hour) is not 0–23"
        case .minuteOutOfRange(let minute):
            return "minute \(minute) is not 0–59"
        case .secondOutOfRange(let second):
            return "second \(second) is not 0–60"
        case .offsetOutOfRange(let hours, let minutes):
            return
                "UTC offset \(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes) is out of range (hours 0–23, minutes 0–59)"
        case .outsideYears0000To9999:
            return "the time in UTC is outside the years 0000–9999"
        }
    }
}
