import WaitwatchCore

/// What to simulate: the input of ``ReferralSimulation``.
///
/// A value type; the same configuration always yields the same event sequence, on every
/// machine. Defaults give a demo-sized feed: 5 trusts (and their 5 local authorities),
/// 365 days from 2025-04-01 (the start of the NHS financial year 2025/26), the SPEC's
/// default catalogue, an initial backlog: about 230,000 events.
public struct SimulationConfiguration: Sendable, Hashable {
    /// The default first simulated day: 2025-04-01 (Europe/London), the start of the
    /// NHS financial year 2025/26.
    public static let defaultStartDay = SimulationCalendar.civilDay(year: 2025, month: 4, day: 1)

    /// The largest accepted number of organisations.
    public static let maximumTrusts = 10_000

    /// Seed of the pseudo-random generator (xoshiro256**). Same seed ⇒ same events.
    public var seed: UInt64
    /// Number of organisations: NHS trusts, each paired with one local authority for EHCNA
    /// (1 ... ``maximumTrusts``).
    public var trusts: Int
    /// Length of the simulated period in days (≥ 1), from ``startDay`` inclusive. The last
    /// events fall on `startDay + days - 1`.
    public var days: Int
    /// The first simulated day (Europe/London date). Backlog referrals, if any, are dated
    /// before it.
    public var startDay: CivilDay
    /// The services to simulate. Services the simulator has no built-in profile for get a
    /// generic one (2 referrals a day per trust, capacity slightly above demand).
    public var catalogue: ServiceCatalogue
    /// Multiplies every service's demand and capacity (> 0, at most 1000): 2 doubles the
    /// number of events per trust and day, with the same waits.
    public var demandScale: Double
    /// Whether to start with waiting lists already populated: referrals received before
    /// ``startDay`` and still waiting then, whose `referral.received` events come first in
    /// the stream (dated in the past, in time order). Without it every list starts empty.
    public var includesBacklog: Bool

    /// A configuration; every parameter has a default.
    public init(
        seed: UInt64 = 1,
        trusts: Int = 5,
        days: Int = 365,
        startDay: CivilDay = SimulationConfiguration.defaultStartDay,
        catalogue: ServiceCatalogue = .default,
        demandScale: Double = 1.0,
        includesBacklog: Bool = true
    ) {
        self.seed = seed
        self.trusts = trusts
        self.days = days
        self.startDay = startDay
        self.catalogue = catalogue
        self.demandScale = demandScale
        self.includesBacklog = includesBacklog
    }

    /// Checks every value; the error names the offending parameter.
    public func validate() throws(SimulationConfigurationError) {
        guard (1...Self.maximumTrusts).contains(trusts) else {
            throw .invalidValue(parameter: "trusts", value: String(trusts), expected: "1...\(Self.maximumTrusts)")
        }
        guard days >= 1, days <= 36_500 else {
            throw .invalidValue(parameter: "days", value: String(days), expected: "1...36500")
        }
        guard demandScale > 0, demandScale <= 1000 else {
            throw .invalidValue(parameter: "demandScale", value: String(demandScale), expected: "greater than 0, at most 1000")
        }
        guard !catalogue.services.isEmpty else {
            throw .invalidValue(parameter: "catalogue", value: "empty", expected: "at least one service")
        }
        let first = SimulationCalendar.civilDay(year: 1980, month: 1, day: 1)
        let last = SimulationCalendar.civilDay(year: 2200, month: 1, day: 1)
        guard startDay >= first, startDay.advanced(by: Int32(days)) <= last else {
            throw .invalidValue(parameter: "startDay", value: String(startDay.daysSinceEpoch), expected: "a period within 1980...2200")
        }
    }
}
