/// A number of days written as `90d`, `12w` or `90`: the notation configuration values and
/// command-line options share. Callers bound the result.
package enum DayCount {
    /// The number and its unit in days (1, or 7 for `w`); nil unless `text` is one to six ASCII
    /// digits with an optional `d` or `w`.
    package static func parse(_ text: String) -> (count: Int, unit: Int)? {
        var digits = Substring(text)
        var unit = 1
        if text.hasSuffix("d") {
            digits = digits.dropLast()
        } else if text.hasSuffix("w") {
            digits = digits.dropLast()
            unit = 7
        }
        guard (1...6).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else {
            return nil
        }
        return (n, unit)
    }
}
