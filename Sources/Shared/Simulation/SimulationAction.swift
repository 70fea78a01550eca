import WaitwatchCore

/// One scheduled step of the discrete-event simulation (an entry of ``SimulationActionQueue``).
///
/// A small trivially-copyable value so the queue stays fast; what it refers to is looked up
/// in the iterator's tables. Actions run in (`time`, `sequence`) order.
struct SimulationAction: Sendable {
    /// What to do.
    enum Kind: UInt8, Sendable {
        /// Start of a London day (`payload` = the day): schedule the day's arrivals and bookings.
        case dayStart
        /// A referral arrives at unit `unit` (`payload` = 1 for a backlog referral).
        case arrival
        /// Book the next waiting referral of `unit` into the slot at `payload` (µs UTC).
        case booking
        /// The booked appointment of `referral` reaches its outcome (attended, DNA, cancelled).
        case appointmentOutcome
        /// After an attended assessment: the clock-stop event (or a closure) of `referral`.
        case followUp
        /// Close `referral` (`payload` = index of the reason in the unit's reason list).
        case closure
    }

    /// When it happens: microseconds since the epoch, UTC.
    var time: Int64
    /// Tie-breaker: the order of scheduling (makes the order total and deterministic).
    var sequence: UInt64
    var kind: Kind
    /// Index of the unit (organisation × service), or -1.
    var unit: Int32
    /// Slot of the referral in the referral table, or -1.
    var referral: Int32
    /// Generation of that slot when scheduled (a stale action is ignored).
    var generation: UInt32
    /// Kind-specific value (see ``Kind``).
    var payload: Int64

    /// Whether this action runs before `other`.
    @inline(__always)
    func precedes(_ other: SimulationAction) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}
