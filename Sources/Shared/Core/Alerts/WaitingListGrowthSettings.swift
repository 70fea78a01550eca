/// Settings of the `waiting-list-growth` rule (`alerts.rules.waiting-list-growth`, or per
/// service under `alerts.services.<CODE>.waiting-list-growth`).
///
/// Breached on day D when at least ``minimumWaiting`` wait and the waiting list is more than
/// ``percentTenths`` above its length on day D − W (W = the record's `windowDays`), compared
/// exactly in integers: `count × 1000 > earlier × (1000 + percentTenths)`, which for the default
/// 10 % is the SPEC's `count × 100 > earlier × 110`. Undecided (no alert fires or resolves)
/// when the record of day D − W was never seen, unless fewer than ``minimumWaiting`` wait.
public struct WaitingListGrowthSettings: Sendable, Hashable {
    /// Whether the rule is evaluated (default true).
    public var enabled: Bool
    /// The severity of its alerts (default ``AlertSeverity/warning``).
    public var severity: AlertSeverity
    /// The growth allowed, in tenths of a percent (default 100 = 10.0 %); the rule is breached
    /// above it.
    public var percentTenths: Int
    /// The fewest waiting referrals for which the rule can be breached (default 20), so that
    /// small lists (3 → 4) do not alert.
    public var minimumWaiting: Int

    /// The defaults: enabled, warning, more than 10 %, at least 20 waiting.
    public init(enabled: Bool = true, severity: AlertSeverity = .warning, percentTenths: Int = 100, minimumWaiting: Int = 20) {
        self.enabled = enabled
        self.severity = severity
        self.percentTenths = percentTenths
        self.minimumWaiting = minimumWaiting
    }
}
