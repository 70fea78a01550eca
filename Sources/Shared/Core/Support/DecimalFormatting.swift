/// Appending small decimal numbers as ASCII digits to a byte buffer, for the hand-written
/// writers of dates, timestamps and JSON. Pure functions; safe from any thread.
public enum DecimalFormatting {
    /// Appends `value` (expected 0–99) as exactly two digits, e.g. `07`.
    @inlinable
    public static func appendTwoDigits(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        buffer.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// Appends a year: four digits for 0–9999 (`0987`), otherwise a `-` sign for negative
    /// years and as many digits as needed (RFC 3339 and ISO 8601 only cover 0000–9999).
    public static func appendYear(_ year: Int, to buffer: inout [UInt8]) {
        if (0...9999).contains(year) {
            appendTwoDigits(year / 100, to: &buffer)
            appendTwoDigits(year % 100, to: &buffer)
        } else {
            if year < 0 { buffer.append(UInt8(ascii: "-")) }
            let digits = String(year.magnitude).utf8
            for _ in digits.count..<4 { buffer.append(UInt8(ascii: "0")) }
            buffer.append(contentsOf: digits)
        }
    }

    /// Appends a non-negative `value` with exactly `width` digits (leading zeros; the most
    /// significant digits are dropped if it has more).
    @inlinable
    public static func appendFixedWidth(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<max(width, 1) { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: 48 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
