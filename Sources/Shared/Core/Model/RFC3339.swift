/// The hand-written RFC 3339 reader and writer behind ``Timestamp/parseRFC3339(_:)-(UnsafeRawBufferPointer)``
/// and ``Timestamp/appendRFC3339(to:utcOffsetSeconds:)``.
///
/// Accepted (RFC 3339 section 5.6 `date-time`, nothing more):
/// `YYYY-MM-DD` `T`|`t`|space `HH:MM:SS` [`.` one or more digits] then `Z`|`z`|`+HH:MM`|`-HH:MM`.
/// - Ranges: month 1–12, day within its month (Gregorian leap years), hour 0–23, minute 0–59,
///   second 0–60, offset hours 0–23 and minutes 0–59. `-00:00` is accepted as UTC. The
///   instant's UTC date must be in the years 0000–9999 too, so that it can be written in UTC.
/// - Fraction: any number of digits; microseconds are kept, further digits are truncated
///   (not rounded), so `.9999999` is `.999999`.
/// - Leap second: second 60 is accepted at any minute (the parser has no leap-second table)
///   and read as `59.999999` of that minute, whatever fraction follows it. The instant
///   therefore stays within its minute and its calendar date, and ordering is preserved.
/// - An offset is required: a local time without one names no instant.
///
/// Reading allocates nothing.
enum RFC3339 {
    /// Parses a timestamp from UTF-8 bytes: microseconds since the epoch (UTC).
    static func parse(_ text: UnsafeRawBufferPointer) throws(RFC3339Error) -> Int64 {
        let n = text.count
        guard n > 0 else { throw .empty }

        @inline(__always)
        func byte(_ i: Int) -> UInt8 { i < n ? text[i] : 0 }

        @inline(__always)
        func digits(_ at: Int, _ count: Int) throws(RFC3339Error) -> Int {
            var value = 0
            for i in at..<(at + count) {
                let d = byte(i) &- UInt8(ascii: "0")
                guard d < 10 else { throw .expectedDigit(position: i + 1) }
                value = value * 10 + Int(d)
            }
            return value
        }

        @inline(__always)
        func expect(_ c: UInt8, _ i: Int) throws(RFC3339Error) {
            guard byte(i) == c else { throw .expectedCharacter(c, position: i + 1) }
        }

        let year, month, day, hour, minute: Int
        var second: Int
        if let fixed = fixedPart(text) {
            (year, month, day, hour, minute, second) = fixed
        } else {
            // Slow path, to name the first problem exactly.
            year = try digits(0, 4)
            try expect(UInt8(ascii: "-"), 4)
            month = try digits(5, 2)
            try expect(UInt8(ascii: "-"), 7)
            day = try digits(8, 2)
            if n == 10 { throw .missingTime }
            switch byte(10) {
            case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "): break
            default: throw .expectedTimeSeparator(position: 11)
            }
            hour = try digits(11, 2)
            try expect(UInt8(ascii: ":"), 13)
            minute = try digits(14, 2)
            try expect(UInt8(ascii: ":"), 16)
            second = try digits(17, 2)
        }

        var i = 19
        var micros = 0
        if byte(i) == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            var scale = 100_000
            while i < n {
                let d = text[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                micros += Int(d) * scale
                scale /= 10
                i += 1
            }
            guard i > fractionStart else { throw .emptyFraction(position: fractionStart + 1) }
        }

        guard i < n else { throw .missingOffset }
        var offsetSeconds = 0
        switch text[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[i] == UInt8(ascii: "-") ? -1 : 1
            let offsetHours = try digits(i + 1, 2)
            try expect(UInt8(ascii: ":"), i + 3)
            let offsetMinutes = try digits(i + 4, 2)
            guard offsetHours <= 23, offsetMinutes <= 59 else {
                throw .offsetOutOfRange(hours: offsetHours, minutes: offsetMinutes)
            }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            i += 6
        default:
            throw .missingOffset
        }
        guard i == n else { throw .trailingCharacters(position: i + 1) }

        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else {
            throw .dayOutOfRange(day: day, year: year, month: month)
        }
        guard hour <= 23 else { throw .hourOutOfRange(hour) }
        guard minute <= 59 else { throw .minuteOutOfRange(minute) }
        guard second <= 60 else { throw .secondOutOfRange(second) }
        if second == 60 {
            second = 59
            micros = 999_999
        }

        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // The instant must have a UTC date of four digits too, or it could not be written again
        // (`0000-01-01T09:00:00+11:00` is in the year -1 in UTC).
        guard Self.utcSeconds.contains(seconds) else { throw .outsideYears0000To9999 }
        return Int64(seconds) * 1_000_000 + Int64(micros)
    }

    /// The seconds since the epoch whose UTC date is in the years 0000–9999: from
    /// 0000-01-01T00:00:00Z up to 10000-01-01T00:00:00Z (literals, checked by a test against
    /// ``CivilCalendar``, so that parsing does not initialise a static).
    static var utcSeconds: Range<Int> { -62_167_219_200..<253_402_300_800 }

    /// The fields of a well-formed `YYYY-MM-DDTHH:MM:SS` prefix followed by at least one more
    /// byte, read with one length check; nil if anything is off (ranges are not checked).
    @inline(__always)
    private static func fixedPart(
        _ text: UnsafeRawBufferPointer
    ) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        guard text.count >= 20,
            text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
            text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":")
        else { return nil }
        let separator = text[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return nil }
        @inline(__always)
        func d(_ i: Int) -> UInt8 { text[i] &- UInt8(ascii: "0") }
        let digits = (d(0), d(1), d(2), d(3), d(5), d(6), d(8), d(9), d(11), d(12), d(14), d(15), d(17), d(18))
        guard digits.0 < 10, digits.1 < 10, digits.2 < 10, digits.3 < 10, digits.4 < 10, digits.5 < 10,
            digits.6 < 10, digits.7 < 10, digits.8 < 10, digits.9 < 10, digits.10 < 10, digits.11 < 10,
            digits.12 < 10, digits.13 < 10
        else { return nil }
        return (
            Int(digits.0) * 1000 + Int(digits.1) * 100 + Int(digits.2) * 10 + Int(digits.3),
            Int(digits.4) * 10 + Int(digits.5),
            Int(digits.6) * 10 + Int(digits.7),
            Int(digits.8) * 10 + Int(digits.9),
            Int(digits.10) * 10 + Int(digits.11),
            Int(digits.12) * 10 + Int(digits.13)
        )
    }

    /// Appends an instant as RFC 3339 text in the local time of a UTC offset.
    ///
    /// Writes `Z` for offset 0 when `zuluForZero` is true, otherwise `±HH:MM`. The fraction is
    /// omitted when the microseconds are zero, written with 3 digits when they are whole
    /// milliseconds and with 6 otherwise. `utcOffsetSeconds` is rounded towards zero to whole
    /// minutes (RFC 3339 offsets have no seconds).
    static func append(
        microseconds: Int64, utcOffsetSeconds: Int, zuluForZero: Bool, to buffer: inout [UInt8]
    ) {
        var offsetMinutes = utcOffsetSeconds / 60
        let utcSeconds = CivilCalendar.floorDivide(microseconds, 1_000_000)
        let fraction = Int(CivilCalendar.floorModulo(microseconds, 1_000_000))
        var local = utcSeconds + Int64(offsetMinutes * 60)
        // An offset that takes the local date out of the years 0000–9999 (London's −0:01:15
        // in the first minute of 0000-01-01 UTC) has no four-digit year: the same instant is
        // written in UTC instead, which the parser's range guarantees is writable.
        if !Self.utcSeconds.contains(Int(local)) && Self.utcSeconds.contains(Int(utcSeconds)) {
            offsetMinutes = 0
            local = utcSeconds
        }
        let days = Int(CivilCalendar.floorDivide(local, 86_400))
        let secondOfDay = Int(CivilCalendar.floorModulo(local, 86_400))
        let (year, month, day) = CivilCalendar.civilFromDays(days)

        DecimalFormatting.appendYear(year, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        DecimalFormatting.appendTwoDigits(month, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        DecimalFormatting.appendTwoDigits(day, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        DecimalFormatting.appendTwoDigits(secondOfDay / 3600, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        DecimalFormatting.appendTwoDigits(secondOfDay / 60 % 60, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        DecimalFormatting.appendTwoDigits(secondOfDay % 60, to: &buffer)
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            if fraction % 1000 == 0 {
                DecimalFormatting.appendFixedWidth(fraction / 1000, width: 3, to: &buffer)
            } else {
                DecimalFormatting.appendFixedWidth(fraction, width: 6, to: &buffer)
            }
        }
        if offsetMinutes == 0 && zuluForZero {
            buffer.append(UInt8(ascii: "Z"))
        } else {
            buffer.append(offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = abs(offsetMinutes)
            DecimalFormatting.appendTwoDigits(magnitude / 60, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            DecimalFormatting.appendTwoDigits(magnitude % 60, to: &buffer)
        }
    }
}
