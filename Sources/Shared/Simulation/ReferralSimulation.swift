import WaitwatchCore

/// A seeded, realistic synthetic feed of referral events: a lazy `Sequence` of
/// ``ReferralEvent``s in non-decreasing `occurredAt` order.
///
/// Pure: no I/O, no wall clock, no global random generator. The same configuration yields
/// the same events on every machine. Iterating twice replays the same events.
///
/// ```swift
/// let feed = try ReferralSimulation(SimulationConfiguration(seed: 7, trusts: 5, days: 365))
/// for event in feed { … }
/// ```
///
/// The model, per organisation and service (a *unit*):
/// - Referrals arrive as a Poisson process, on weekdays mostly, fewer in August, with demand
///   growing 8–20% a year depending on the service; about 3–15% are urgent.
/// - Each working day books the slots of a working day one to four weeks ahead: urgent
///   referrals first, then rebookings, then routine ones (usually the longest waiting).
///   SALT, CAMHS, NDA and EHCNA have less capacity than demand, so their lists and waits
///   grow; PHYSIO (and OT in most trusts) keep within the 18-week target.
/// - An appointment is attended, missed (DNA, 4–12%) or cancelled by the patient or the
///   provider (2–3% each) the working day before; DNAs and cancellations are rebooked, a
///   second DNA discharges (`referral.closed`).
/// - The clock stops at the catalogue's clock-stop event: the attendance itself, or
///   (`treatment.started`, `plan.issued`) some weeks after an attended assessment.
/// - Some referrals close without a completed wait: not accepted, removed by weekly
///   validation, no treatment needed after assessment, a refused EHC needs assessment.
/// - With ``SimulationConfiguration/includesBacklog`` the lists start populated: referrals
///   from up to about 16 months before the start day, still waiting then, come first.
/// All events fall between 09:00 and 17:00 London time.
public struct ReferralSimulation: Sequence, Sendable {
    /// What is simulated.
    public let configuration: SimulationConfiguration
    /// The organisations of the feed, in order: trust codes and their local authorities.
    public let organisations: [SimulationOrganisation]

    /// A feed for `configuration`; throws when a parameter is out of range.
    public init(_ configuration: SimulationConfiguration) throws(SimulationConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.organisations = SimulationOrganisation.make(count: configuration.trusts)
    }

    /// A fresh iterator at the beginning of the feed.
    public func makeIterator() -> ReferralSimulationIterator {
        ReferralSimulationIterator(configuration: configuration, organisations: organisations)
    }
}
