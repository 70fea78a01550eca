/// The statistics engine's settings (SPEC sections 2 and 4). Defaults match the SPEC.
///
/// A value type: every ``PartitionEngine`` and the ``AllAggregator`` of one deployment must be
/// given the same configuration.
public struct EngineConfiguration: Sendable, Hashable {
    /// The deduplication horizon fixed by the SPEC: 7 days of event time, in seconds.
    public static let deduplicationHorizonSeconds: Int64 = 7 * 86_400

    /// The services accepted, with their targets, standards and clock-stop event types.
    public var catalogue: ServiceCatalogue
    /// The rolling window `W` in days (>= 1; default 28).
    public var windowDays: Int
    /// The lateness allowance `L` in seconds (>= 0; default 3600): how long past the end of a
    /// day the event time must be before the day's records are published, and how long an event
    /// for a referral not yet received is held.
    public var latenessSeconds: Int64
    /// How many days (of event time, after the end of its wait) a completed or closed referral is
    /// remembered (default 365). Within that time, a second `referral.received` for it is a
    /// conflict and its follow-up events are accepted; afterwards it is forgotten (a follow-up
    /// event is then held and dead-lettered as never received, and a new `referral.received`
    /// starts a new referral). Waiting referrals are never forgotten.
    public var finishedReferralRetentionDays: Int
    /// Which ICB and region each organisation belongs to: with any, the national aggregators
    /// also publish `ICB:{code}` and `REGION:{code}` roll-up records (default: none).
    public var rollups: OrganisationRollups
    /// `N` of `trustsReporting` (>= 1; default 30): a record counts the trusts that sent an
    /// accepted event dated in the `N` days ending with its `asOf`.
    public var trustsReportingDays: Int
    /// After how many days without an accepted event a feed is silent (>= 1; default 14): a
    /// record is `feedSilent` when `asOf` is at least this many days after the date of its
    /// `lastEventAt`, and the `feed-silent` alert rule fires on such records.
    public var feedSilentAfterDays: Int

    /// The deduplication horizon in seconds (always ``deduplicationHorizonSeconds``).
    public var deduplicationHorizonSeconds: Int64 { Self.deduplicationHorizonSeconds }

    /// Creates a configuration; every parameter defaults to the SPEC's value.
    public init(
        catalogue: ServiceCatalogue = .default, windowDays: Int = 28, latenessSeconds: Int64 = 3600,
        finishedReferralRetentionDays: Int = 365, rollups: OrganisationRollups = OrganisationRollups(),
        trustsReportingDays: Int = 30, feedSilentAfterDays: Int = 14
    ) {
        self.catalogue = catalogue
        self.windowDays = windowDays
        self.latenessSeconds = latenessSeconds
        self.finishedReferralRetentionDays = finishedReferralRetentionDays
        self.rollups = rollups
        self.trustsReportingDays = trustsReportingDays
        self.feedSilentAfterDays = feedSilentAfterDays
    }

    /// Checks the values; throws naming the first bad setting.
    public func validate() throws(EngineConfigurationError) {
        guard windowDays >= 1 && windowDays <= 3660 else {
            throw .outOfRange(setting: "windowDays", value: String(windowDays), allowed: "1...3660")
        }
        guard latenessSeconds >= 0 && latenessSeconds <= 30 * 86_400 else {
            throw .outOfRange(setting: "latenessSeconds", value: String(latenessSeconds), allowed: "0...2592000")
        }
        guard finishedReferralRetentionDays >= 1 else {
            throw .outOfRange(
                setting: "finishedReferralRetentionDays", value: String(finishedReferralRetentionDays), allowed: ">= 1")
        }
        guard trustsReportingDays >= 1 && trustsReportingDays <= 3660 else {
            throw .outOfRange(setting: "trustsReportingDays", value: String(trustsReportingDays), allowed: "1...3660")
        }
        guard feedSilentAfterDays >= 1 && feedSilentAfterDays <= 3660 else {
            throw .outOfRange(setting: "feedSilentAfter", value: "\(feedSilentAfterDays)d", allowed: "1d...3660d")
        }
        guard !catalogue.services.isEmpty else { throw .emptyCatalogue }
    }
}
