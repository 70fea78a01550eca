/// Settings of the `waiting-standard` rule (`alerts.rules.waiting-standard`, or per service
/// under `alerts.services.<CODE>.waiting-standard`).
///
/// Breached when `waiting.withinTargetPct` is below the standard, compared exactly in tenths
/// of a percent: 91.9 < 92 is breached, 92.0 is not. Never breached when nobody waits
/// (`withinTargetPct` null).
public struct WaitingStandardSettings: Sendable, Hashable {
    /// Whether the rule is evaluated (default true).
    public var enabled: Bool
    /// The severity of its alerts (default ``AlertSeverity/warning``).
    public var severity: AlertSeverity
    /// The standard to compare with, in tenths of a percent (920 = 92.0 %), or nil (the default)
    /// to use the record's own `standardPct`, i.e. the service's standard from the catalogue.
    public var standardPctTenths: Int?

    /// The defaults: enabled, warning, the service's own standard.
    public init(enabled: Bool = true, severity: AlertSeverity = .warning, standardPctTenths: Int? = nil) {
        self.enabled = enabled
        self.severity = severity
        self.standardPctTenths = standardPctTenths
    }
}
