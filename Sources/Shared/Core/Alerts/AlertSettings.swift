/// The complete alert settings for one service: every rule's switch, severity and thresholds.
///
/// ``AlertConfiguration/rules`` holds the settings for every service; a service listed under
/// ``AlertConfiguration/services`` has its own complete copy (the global settings with that
/// service's overrides applied when the configuration was read). A plain value.
public struct AlertSettings: Sendable, Hashable {
    /// The `waiting-standard` rule.
    public var waitingStandard: WaitingStandardSettings
    /// The `long-waiters` rule.
    public var longWaiters: LongWaitersSettings
    /// The `waiting-list-growth` rule.
    public var waitingListGrowth: WaitingListGrowthSettings
    /// The `feed-silent` rule.
    public var feedSilent: FeedSilentSettings

    /// The defaults of SPEC section 3: every rule enabled; `waiting-standard` warning at the
    /// service's standard, `long-waiters` critical over 52 weeks, `waiting-list-growth` warning
    /// above 10 % with at least 20 waiting, `feed-silent` warning after 14 days.
    public init(
        waitingStandard: WaitingStandardSettings = .init(), longWaiters: LongWaitersSettings = .init(),
        waitingListGrowth: WaitingListGrowthSettings = .init(), feedSilent: FeedSilentSettings = .init()
    ) {
        self.waitingStandard = waitingStandard
        self.longWaiters = longWaiters
        self.waitingListGrowth = waitingListGrowth
        self.feedSilent = feedSilent
    }

    /// Whether `rule` is evaluated.
    public func isEnabled(_ rule: AlertRule) -> Bool {
        switch rule {
        case .waitingStandard: waitingStandard.enabled
        case .longWaiters: longWaiters.enabled
        case .waitingListGrowth: waitingListGrowth.enabled
        case .feedSilent: feedSilent.enabled
        }
    }

    /// The severity of `rule`'s alerts.
    public func severity(of rule: AlertRule) -> AlertSeverity {
        switch rule {
        case .waitingStandard: waitingStandard.severity
        case .longWaiters: longWaiters.severity
        case .waitingListGrowth: waitingListGrowth.severity
        case .feedSilent: feedSilent.severity
        }
    }
}
