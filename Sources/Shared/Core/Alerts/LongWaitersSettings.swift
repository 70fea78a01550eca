/// Settings of the `long-waiters` rule (`alerts.rules.long-waiters`, or per service under
/// `alerts.services.<CODE>.long-waiters`).
///
/// Breached when anybody waits over ``weeks`` weeks (`waiting.over52Weeks > 0` by default).
public struct LongWaitersSettings: Sendable, Hashable {
    /// Whether the rule is evaluated (default true).
    public var enabled: Bool
    /// The severity of its alerts (default ``AlertSeverity/critical``).
    public var severity: AlertSeverity
    /// The band watched (default over 52 weeks).
    public var weeks: LongWaitWeeks

    /// The defaults: enabled, critical, over 52 weeks.
    public init(enabled: Bool = true, severity: AlertSeverity = .critical, weeks: LongWaitWeeks = .over52) {
        self.enabled = enabled
        self.severity = severity
        self.weeks = weeks
    }
}
