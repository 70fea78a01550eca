import WaitwatchCore

/// One waiting list of the simulation: an organisation's service (for example `RAJ`'s
/// `SALT`, or `E06000033`'s `EHCNA`), with its rates and the referrals waiting to be booked.
struct SimulationUnit: Sendable {
    /// How a wait ends for the unit's service.
    enum Pathway: Sendable, Hashable {
        /// The first attended appointment stops the clock.
        case attendance
        /// An attended assessment, then this clock-stop event some weeks later.
        case followUp(EventType)
    }

    /// The `trust` field: the NHS trust's or the local authority's code.
    let trust: String
    /// The service code.
    let service: String
    /// Index of the service's profile in the iterator's profile table.
    let profileIndex: Int
    let pathway: Pathway
    /// Mean referrals per calendar day on the start day (trust size and scale applied).
    let demandPerDay: Double
    /// Appointment slots per working day on the start day.
    let slotsPerWorkingDay: Double
    /// Working days from a booking to the booked appointment.
    let leadWorkingDays: Int
    /// How far back the initial backlog reaches (0 without backlog).
    let backlogDays: Int

    /// Referrals received so far (numbers the referral ids).
    var referralCount = 0
    /// Referrals in the queues that are still waiting (the queues also hold stale entries).
    var liveQueued = 0
    /// Urgent referrals, booked first.
    var urgent = SimulationReferralQueue()
    /// Referrals to rebook after a DNA or a cancellation, booked next.
    var rebook = SimulationReferralQueue()
    /// Routine referrals, oldest first.
    var routine = SimulationReferralQueue()

    init(
        trust: String, service: String, profileIndex: Int, pathway: Pathway, demandPerDay: Double,
        slotsPerWorkingDay: Double, leadWorkingDays: Int, backlogDays: Int
    ) {
        self.trust = trust
        self.service = service
        self.profileIndex = profileIndex
        self.pathway = pathway
        self.demandPerDay = demandPerDay
        self.slotsPerWorkingDay = slotsPerWorkingDay
        self.leadWorkingDays = leadWorkingDays
        self.backlogDays = backlogDays
    }
}
