/// Formatting of the numbers and names in alert messages, log lines and JSON. Pure functions.
enum AlertText {
    /// A whole number with thousands separators: `1204` → `1,204`, `-5120` → `-5,120`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// A number in tenths with one decimal only when it has one: `412` → `41.2`, `920` → `92`,
    /// `-32` → `-3.2`, `5` → `0.5`. Also the JSON form of `value` and `threshold`.
    static func tenths(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let m = value.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }

    /// A percentage in tenths always with one decimal, as `withinTargetPct` is published:
    /// `412` → `41.2`, `930` → `93.0`.
    static func percentOneDecimal(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let m = value.magnitude
        return "\(sign)\(m / 10).\(m % 10)"
    }

    /// `numerator / denominator` in tenths, rounded half away from zero (`denominator > 0`).
    static func roundedTenths(numerator: Int, denominator: Int) -> Int {
        let scaled = numerator.magnitude * 10
        let d = UInt(denominator)
        let rounded = Int((scaled * 2 + d) / (d * 2))
        return numerator < 0 ? -rounded : rounded
    }

    /// The name of a service in messages: the catalogue name without a trailing parenthesised
    /// qualifier (`Speech and language therapy (children and young people)` →
    /// `Speech and language therapy`), or the code for a service not in the catalogue.
    static func serviceName(_ code: String, catalogue: ServiceCatalogue) -> String {
        guard let name = catalogue[code]?.name else { return code }
        let trimmed = name.trimmingTrailingSpaces()
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "("), open > trimmed.startIndex else { return oneLine(trimmed) }
        let short = String(trimmed[..<open]).trimmingTrailingSpaces()
        return oneLine(short.isEmpty ? trimmed : short)
    }

    /// Where: `at RAJ`, or `nationally` for trust `ALL`.
    static func place(trust: String) -> String {
        trust == "ALL" ? "nationally" : "at \(trust)"
    }

    /// `n children` / `1 child` with a grouped count.
    static func children(_ n: Int) -> String {
        n == 1 ? "1 child" : "\(grouped(n)) children"
    }

    /// A target in days as words: `4-week target` (a whole number of weeks) or `30-day target`.
    static func target(days: Int) -> String {
        days > 0 && days % 7 == 0 ? "\(days / 7)-week target" : "\(days)-day target"
    }

    /// `text` with every control character (newlines, tabs) replaced by a space, so that a log
    /// line stays one line whatever a configured service name contains.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
    }

    /// `text` padded with spaces to at least `width` characters.
    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " { s = s.dropLast() }
        return String(s)
    }
}
