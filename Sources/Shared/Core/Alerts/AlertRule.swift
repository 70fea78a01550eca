/// The alert rules of SPEC section 3. The raw value is the rule's name as it appears in alert
/// records (`rule`), in `alertId`s and as a key of the `alerts:` configuration section.
///
/// `allCases` is also the order in which ``AlertEvaluator`` evaluates the rules on a record,
/// so the alerts of one record always come out in this order.
public enum AlertRule: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `waiting-standard`: fewer waiting children within target than the standard
    /// (`waiting.withinTargetPct < standardPct`). Not breached when nobody waits.
    /// Default severity ``AlertSeverity/warning``.
    case waitingStandard = "waiting-standard"
    /// `long-waiters`: somebody has waited over 52 weeks (`waiting.over52Weeks > 0`; the band
    /// is configurable). Default severity ``AlertSeverity/critical``.
    case longWaiters = "long-waiters"
    /// `waiting-list-growth`: the waiting list is more than 10% (configurable) longer than `W`
    /// days earlier, with at least 20 (configurable) waiting now. Default severity
    /// ``AlertSeverity/warning``.
    case waitingListGrowth = "waiting-list-growth"
    /// `feed-silent`: the trust's feed for the service (for `ALL`: every trust's) has sent no
    /// accepted event for `feedSilentAfter` days (default 14) of event time, after sending
    /// (the record's `feedSilent`). Resolves when events come again. Default severity
    /// ``AlertSeverity/warning``.
    case feedSilent = "feed-silent"

    /// The rule's name, e.g. `long-waiters`.
    public var description: String { rawValue }
}
