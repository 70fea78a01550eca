/// How urgently an operator should act on an alert. Configurable per rule and per service
/// (`alerts.rules.<rule>.severity`); the raw value is the spelling in configuration and in
/// alert records (`severity`).
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// For information: worth a look, no action expected.
    case info
    /// Act in working hours (default of `waiting-standard` and `waiting-list-growth`).
    case warning
    /// Act now (default of `long-waiters`).
    case critical

    /// The lower-case name, e.g. `critical`.
    public var description: String { rawValue }

    /// The upper-case name used in the alert log, e.g. `CRITICAL`.
    public var logName: String { rawValue.uppercased() }
}
