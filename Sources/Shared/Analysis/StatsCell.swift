/// One value of an analyst's table: a count, a percentage in tenths, text, nothing, or a
/// value withheld by small-number suppression.
public enum StatsCell: Sendable, Hashable {
    /// A whole number (a count or a number of days).
    case int(Int)
    /// A number with one decimal kept in tenths (662 = 66.2).
    case tenths(Int)
    /// Text.
    case text(String)
    /// true or false (JSON `true`/`false`, CSV `true`/`false`): e.g. `feedSilent`.
    case bool(Bool)
    /// No value (JSON `null`, an empty CSV cell): e.g. a median when nobody waits.
    case null
    /// Withheld by small-number suppression: `*` everywhere (CSV, JSON, tables).
    case suppressed

    /// An optional whole number.
    public static func int(_ value: Int?) -> StatsCell { value.map(StatsCell.int) ?? .null }

    /// The value as plain text: `12`, `66.2`, `*`, or empty for null.
    public var plain: String {
        switch self {
        case .int(let v): return String(v)
        case .tenths(let t): return DecimalTenths.text(t)
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .suppressed: return "*"
        }
    }
}

/// Tenths as a decimal with exactly one digit after the point (`66.2`, `100.0`, `-0.5`).
enum DecimalTenths {
    static func text(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return "\(sign)\(m / 10).\(m % 10)"
    }
}
