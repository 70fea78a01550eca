import WaitwatchCore

/// How one service behaves in the simulation: demand, capacity, attendance and pathway.
///
/// Trivially copyable (reasons are `StaticString`s), so reading it costs no reference
/// counting. Rates are per trust (or local authority) before the trust's own size and capacity
/// factors and the configuration's `demandScale` are applied. Days are calendar days
/// unless named working days (Monday to Friday).
struct SimulationServiceProfile: Sendable {
    /// Mean referrals per calendar day on the first simulated day.
    var demandPerDay: Double
    /// Demand growth per year (0.15 = +15% a year, compounded continuously by day).
    var annualDemandGrowth: Double
    /// First-appointment slots per calendar day, as a multiple of the first day's demand.
    /// Slots are offered on working days only, so a working day has 7/5 of this.
    var capacityRatio: Double
    /// Capacity growth per year (new staff); usually well below demand growth.
    var annualCapacityGrowth: Double
    /// How many days before the start the initial backlog reaches back.
    var backlogDays: Int
    /// Share of a backlog day's demand still waiting at the start.
    var backlogRetention: Double
    /// Share of referrals received as urgent (booked before every routine referral).
    var urgentShare: Double
    /// Share of referrals not accepted (closed without contact within two weeks).
    var notAcceptedShare: Double
    /// Days from receipt to that closure.
    var notAcceptedDelayDays: ClosedRange<Int>
    /// The `reason` of that closure.
    var notAcceptedReason: StaticString
    /// Probabilities of the outcomes of a booked appointment (the rest are attended).
    var dnaRate: Double
    var patientCancellationRate: Double
    var providerCancellationRate: Double
    /// Probability per week that a referral still waiting to be booked is removed by
    /// waiting-list validation (moved away, no longer required …).
    var weeklyValidationClosure: Double
    /// For services whose clock stops after the first attendance (`treatment.started`,
    /// `plan.issued`): mean and minimum days from that attendance to the clock stop.
    var followUpMeanDays: Double
    var followUpMinimumDays: Int
    /// Share of attended assessments closed instead of reaching the clock stop, and why.
    var noFollowUpShare: Double
    var noFollowUpReason: StaticString
    /// The waiting list is held by the local authority, not the NHS trust.
    var heldByLocalAuthority: Bool
    /// Working days from a booking to the appointment it books.
    var leadWorkingDays: ClosedRange<Int>
    /// Share of routine bookings that go to the most recent referral rather than the longest
    /// waiting (clinical prioritisation, short-notice slots): lengthens the tail of waits.
    var newestFirstShare: Double
    /// Weekend demand relative to a weekday.
    var weekendDemandFactor: Double

    /// A generic community service: capacity comfortably above demand.
    static let generic = SimulationServiceProfile(
        demandPerDay: 2.0, annualDemandGrowth: 0.10, capacityRatio: 1.30, annualCapacityGrowth: 0.03,
        backlogDays: 42, backlogRetention: 0.8, urgentShare: 0.08,
        notAcceptedShare: 0.03, notAcceptedDelayDays: 1...10, notAcceptedReason: "referral not accepted: criteria not met",
        dnaRate: 0.09, patientCancellationRate: 0.03, providerCancellationRate: 0.02, weeklyValidationClosure: 0.004,
        followUpMeanDays: 28, followUpMinimumDays: 7, noFollowUpShare: 0.10,
        noFollowUpReason: "discharged after assessment: no further treatment needed",
        heldByLocalAuthority: false, leadWorkingDays: 5...10, newestFirstShare: 0.10, weekendDemandFactor: 0.1
    )

    /// The built-in profile for a catalogue service code, or the generic one. A service
    /// whose clock stops at `plan.issued` is held by a local authority.
    static func profile(for service: ServiceDefinition) -> SimulationServiceProfile {
        var p = generic
        switch service.code {
        case "SALT":
            // Demand well above capacity: the longest community waits.
            p.demandPerDay = 6.0; p.annualDemandGrowth = 0.15; p.capacityRatio = 0.95
            p.backlogDays = 340; p.dnaRate = 0.10; p.urgentShare = 0.05; p.newestFirstShare = 0.15
        case "CAMHS":
            // Assessment capacity below demand, then weeks more until help starts.
            p.demandPerDay = 7.0; p.annualDemandGrowth = 0.18; p.capacityRatio = 0.95
            p.backlogDays = 300; p.dnaRate = 0.12; p.urgentShare = 0.15; p.newestFirstShare = 0.15
            p.followUpMeanDays = 42; p.followUpMinimumDays = 7; p.noFollowUpShare = 0.15
            p.weekendDemandFactor = 0.3
        case "OT":
            p.demandPerDay = 2.5; p.annualDemandGrowth = 0.10; p.capacityRatio = 1.25
            p.backlogDays = 90; p.dnaRate = 0.08
        case "PHYSIO":
            // Comfortably within the 18-week target.
            p.demandPerDay = 3.0; p.annualDemandGrowth = 0.08; p.capacityRatio = 1.45
            p.backlogDays = 21; p.dnaRate = 0.08
        case "COMMPAEDS":
            p.demandPerDay = 3.0; p.annualDemandGrowth = 0.12; p.capacityRatio = 1.15
            p.backlogDays = 150; p.dnaRate = 0.10
            p.followUpMeanDays = 28; p.followUpMinimumDays = 7; p.noFollowUpShare = 0.10
        case "NDA":
            // Autism/ADHD assessment: the fastest-growing demand and the longest lists.
            p.demandPerDay = 4.0; p.annualDemandGrowth = 0.20; p.capacityRatio = 0.85
            p.backlogDays = 420; p.dnaRate = 0.09; p.urgentShare = 0.03; p.newestFirstShare = 0.10
        case "EHCNA":
            // A request to the local authority: about a quarter refused within six weeks;
            // the rest get an educational psychology assessment, then the plan (or a decision
            // not to issue one) some weeks later.
            p.demandPerDay = 2.0; p.annualDemandGrowth = 0.12; p.capacityRatio = 1.0
            p.backlogDays = 100; p.urgentShare = 0
            p.notAcceptedShare = 0.22; p.notAcceptedDelayDays = 28...42; p.notAcceptedReason = "decision not to assess"
            p.dnaRate = 0.04; p.patientCancellationRate = 0.02; p.providerCancellationRate = 0.02
            p.followUpMeanDays = 49; p.followUpMinimumDays = 28; p.noFollowUpShare = 0
            p.leadWorkingDays = 10...20; p.weeklyValidationClosure = 0.001; p.weekendDemandFactor = 0.02
        default:
            break
        }
        if service.clockStop == .planIssued { p.heldByLocalAuthority = true }
        return p
    }
}
