/// One statistics record of topic `referral-wait-stats` (SPEC section 2): the position of a
/// (trust, service), or of a service nationally (trust `ALL`), at the end of London day `asOf`.
///
/// Encode with ``jsonBytes()`` / ``jsonString()`` (field names, nesting and number formats exactly
/// as in the worked example, plus `lateEvents`, `lastEventAt`, `trustsReporting` and `feedSilent`
/// last); decode with `JSONDecoder` (the type is
/// `Decodable`). The Kafka key is ``key``. All day counts are whole Europe/London days.
///
/// Thread-safety: a plain value.
public struct WaitStatsRecord: Sendable, Hashable {
    /// The waiting-list part of a record (`waiting` in JSON).
    public struct Waiting: Sendable, Hashable {
        /// Referrals waiting at the end of the day.
        public var count: Int = 0
        /// Nearest-rank median wait in days; nil (JSON `null`) when nobody waits.
        public var medianDays: Int?
        /// Nearest-rank 90th percentile wait in days; nil when nobody waits.
        public var p90Days: Int?
        /// Nearest-rank 92nd percentile wait in days; nil when nobody waits.
        public var p92Days: Int?
        /// Longest wait in days; nil when nobody waits.
        public var maxDays: Int?
        /// Percent within target in tenths of a percent (1000 = 100.0 %), rounded half away from
        /// zero; nil when nobody waits.
        public var withinTargetPctTenths: Int?
        /// Waiting over 18 weeks (wait > 126 days).
        public var over18Weeks: Int = 0
        /// Waiting over 52 weeks (wait > 364 days).
        public var over52Weeks: Int = 0
        /// Waiting over 65 weeks (wait > 455 days).
        public var over65Weeks: Int = 0
        /// Waiting over 78 weeks (wait > 546 days).
        public var over78Weeks: Int = 0
        /// Waiting over 104 weeks (wait > 728 days).
        public var over104Weeks: Int = 0
        /// Counts by the publication's bands.
        public var bands = Bands()
        /// Waiting and within target, but passing `targetDays` within 28 days:
        /// `targetDays − 28 < wait <= targetDays`.
        public var breachDueWithin28Days: Int = 0

        /// Creates an empty waiting list (count 0, percentiles null).
        public init() {}

        /// `withinTargetPct` as a number with one decimal (e.g. 66.7), or nil.
        public var withinTargetPct: Double? {
            withinTargetPctTenths.map { Double($0) / 10 }
        }
    }

    /// Waiting counts by band of the Community Health Services publication (`waiting.bands`).
    public struct Bands: Sendable, Hashable {
        /// `0-1`: 0–7 days.
        public var upTo1Week: Int
        /// `1-2`: 8–14 days.
        public var upTo2Weeks: Int
        /// `2-4`: 15–28 days.
        public var upTo4Weeks: Int
        /// `4-12`: 29–84 days.
        public var upTo12Weeks: Int
        /// `12-18`: 85–126 days.
        public var upTo18Weeks: Int
        /// `18-52`: 127–364 days.
        public var upTo52Weeks: Int
        /// `52+`: 365 days and more.
        public var over52Weeks: Int

        /// Creates bands with the given counts (all zero by default).
        public init(
            upTo1Week: Int = 0, upTo2Weeks: Int = 0, upTo4Weeks: Int = 0, upTo12Weeks: Int = 0,
            upTo18Weeks: Int = 0, upTo52Weeks: Int = 0, over52Weeks: Int = 0
        ) {
            self.upTo1Week = upTo1Week
            self.upTo2Weeks = upTo2Weeks
            self.upTo4Weeks = upTo4Weeks
            self.upTo12Weeks = upTo12Weeks
            self.upTo18Weeks = upTo18Weeks
            self.upTo52Weeks = upTo52Weeks
            self.over52Weeks = over52Weeks
        }

        /// The JSON names in publication order.
        public static let names = ["0-1", "1-2", "2-4", "4-12", "12-18", "18-52", "52+"]

        /// The counts in publication order (matching ``names``).
        public var counts: [Int] {
            [upTo1Week, upTo2Weeks, upTo4Weeks, upTo12Weeks, upTo18Weeks, upTo52Weeks, over52Weeks]
        }
    }

    /// Completed waits whose clock stop is in the window (`completed` in JSON).
    public struct Completed: Sendable, Hashable {
        /// Number of completed waits.
        public var count: Int = 0
        /// Nearest-rank median completed wait in days; nil when none.
        public var medianDays: Int?
        /// Nearest-rank 92nd percentile completed wait in days; nil when none.
        public var p92Days: Int?

        /// Creates an empty section (count 0, percentiles null).
        public init() {}
    }

    /// Trust code, `ICB:{code}` or `REGION:{code}` for a roll-up, or `ALL` for the national record.
    public var trust: String
    /// Service code.
    public var service: String
    /// The census day D (Europe/London date).
    public var asOf: CivilDay
    /// The rolling window `W` in days.
    public var windowDays: Int
    /// The service's target in days (weeks × 7).
    public var targetDays: Int
    /// The service's standard in percent.
    public var standardPct: Int
    /// The waiting list at the end of `asOf`.
    public var waiting: Waiting
    /// Completed waits in the window.
    public var completed: Completed
    /// Accepted `referral.received` events dated in the window.
    public var received: Int
    /// Accepted `appointment.dna` events dated in the window.
    public var dna: Int
    /// Accepted `appointment.cancelled` events with `cancelledBy: provider` dated in the window.
    public var cancelledByProvider: Int
    /// Accepted `appointment.cancelled` events with `cancelledBy: patient` dated in the window.
    public var cancelledByPatient: Int
    /// Accepted `referral.closed` events dated in the window.
    public var closed: Int
    /// Running total of accepted events for this key that arrived after their day's record had
    /// been published (for `ALL`: events accepted by a partition after it had reported their day
    /// complete, over all partitions).
    public var lateEvents: Int
    /// The `occurredAt` of the newest accepted event of this trust and service (for `ALL`: of
    /// the service, any trust) dated on or before `asOf`; nil only in records of earlier versions,
    /// which did not carry it (SPEC section 2, "Feed freshness").
    public var lastEventAt: Timestamp?
    /// Trusts that sent an accepted event of this service dated in the `N` days ending with
    /// `asOf` (`N` = `trustsReportingDays`, default 30): for a trust's record 0 or 1.
    public var trustsReporting: Int
    /// `asOf` is at least `feedSilentAfter` days (default 14) after the date of `lastEventAt`:
    /// this feed (for `ALL`, every trust's feed of the service) has sent nothing since.
    public var feedSilent: Bool

    /// Creates a record from its parts.
    public init(
        trust: String, service: String, asOf: CivilDay, windowDays: Int, targetDays: Int, standardPct: Int,
        waiting: Waiting, completed: Completed, received: Int, dna: Int, cancelledByProvider: Int,
        cancelledByPatient: Int, closed: Int, lateEvents: Int, lastEventAt: Timestamp? = nil, trustsReporting: Int = 0,
        feedSilent: Bool = false
    ) {
        self.trust = trust
        self.service = service
        self.asOf = asOf
        self.windowDays = windowDays
        self.targetDays = targetDays
        self.standardPct = standardPct
        self.waiting = waiting
        self.completed = completed
        self.received = received
        self.dna = dna
        self.cancelledByProvider = cancelledByProvider
        self.cancelledByPatient = cancelledByPatient
        self.closed = closed
        self.lateEvents = lateEvents
        self.lastEventAt = lastEventAt
        self.trustsReporting = trustsReporting
        self.feedSilent = feedSilent
    }

    /// Builds a record from an engine summary.
    init(
        trust: String, service: String, asOf: CivilDay, windowDays: Int, targetDays: Int, standardPct: Int,
        summary s: StatisticsSummary
    ) {
        self.init(
            trust: trust, service: service, asOf: asOf, windowDays: windowDays, targetDays: targetDays,
            standardPct: standardPct, waiting: s.waiting, completed: s.completed, received: s.received,
            dna: s.dna, cancelledByProvider: s.cancelledByProvider, cancelledByPatient: s.cancelledByPatient,
            closed: s.closed, lateEvents: s.lateEvents)
    }

    /// The compacted-topic key `{trust}/{service}/{asOf}`, e.g. `RAJ/SALT/2026-03-01`.
    public var key: String {
        var bytes: [UInt8] = []
        appendKey(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``key`` as UTF-8 to `buffer`, without making a `String` (the worker's output path).
    /// The one place the key's form is written.
    public func appendKey(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: trust.utf8)
        buffer.append(UInt8(ascii: "/"))
        buffer.append(contentsOf: service.utf8)
        buffer.append(UInt8(ascii: "/"))
        asOf.appendISO8601(to: &buffer)
    }

    /// `asOf` as `YYYY-MM-DD`.
    public var asOfText: String { asOf.description }

    /// The record's organisation level (`level` in JSON), read from ``trust``: `trust`, `icb`
    /// (`ICB:{code}`), `region` (`REGION:{code}`) or `national` (`ALL`).
    public var level: StatisticsLevel { StatisticsLevel(trustCode: trust) }
}
