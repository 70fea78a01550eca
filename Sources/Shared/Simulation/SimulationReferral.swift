import WaitwatchCore

/// The simulator's record of one open referral (a slot of the iterator's referral table).
///
/// Slots are reused once a referral's pathway ends, so memory follows the number of open
/// referrals; `generation` tells a reused slot from the referral an old action was about.
struct SimulationReferral: Sendable {
    /// Where the referral is in its pathway.
    enum State: UInt8, Sendable {
        /// The slot holds no referral.
        case free
        /// Waiting to be booked (in one of its unit's queues).
        case queued
        /// An appointment is booked; its outcome is scheduled.
        case booked
        /// Assessed; the clock-stop event (treatment, plan) is scheduled.
        case awaitingFollowUp
        /// A `referral.closed` is scheduled; nothing else will happen.
        case closing
    }

    /// The outcome drawn for the current booked appointment.
    enum Outcome: UInt8, Sendable {
        case attended
        case didNotAttend
        case cancelledByPatient
        case cancelledByProvider
    }

    var state: State = .free
    var generation: UInt32 = 0
    /// Index of the unit (organisation × service) holding the referral.
    var unit: Int32 = -1
    /// The `referralId` of its events.
    var referralId: String = ""
    /// The `appointmentId` of the current booked appointment.
    var appointmentId: String = ""
    /// Appointments booked so far (numbers the appointment ids).
    var appointments: UInt16 = 0
    /// DNAs so far (the second one discharges).
    var didNotAttendCount: UInt8 = 0
    var outcome: Outcome = .attended
}
