/// Settings of the `feed-silent` rule (`alerts.rules.feed-silent`, or per service under
/// `alerts.services.<CODE>.feed-silent`).
///
/// Breached on a record with `feedSilent: true`: its `asOf` is at least ``afterDays`` days after
/// the date of its `lastEventAt` (event time, so a replay decides the same way). Resolved by the
/// first record after events come again. The number of days is the top-level `feedSilentAfter`
/// of the configuration (it also decides the records' `feedSilent`), copied here when the file is
/// read; only the switch and the severity are per rule and service.
public struct FeedSilentSettings: Sendable, Hashable {
    /// Whether the rule is evaluated (default true).
    public var enabled: Bool
    /// The severity of its alerts (default ``AlertSeverity/warning``).
    public var severity: AlertSeverity
    /// Days without an accepted event after which a feed is silent (default 14): the alert's
    /// threshold.
    public var afterDays: Int

    /// The defaults: enabled, warning, 14 days.
    public init(enabled: Bool = true, severity: AlertSeverity = .warning, afterDays: Int = 14) {
        self.enabled = enabled
        self.severity = severity
        self.afterDays = afterDays
    }
}
