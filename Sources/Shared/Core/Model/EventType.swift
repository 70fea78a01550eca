/// The kind of a referral event (SPEC section 1). Raw values are the wire names.
public enum EventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// The provider received the referral; the clock starts.
    case referralReceived = "referral.received"
    /// Informational: an appointment was booked (no clock change).
    case appointmentBooked = "appointment.booked"
    /// The patient was seen.
    case appointmentAttended = "appointment.attended"
    /// An appointment was cancelled (by the patient or the provider); the clock keeps running.
    case appointmentCancelled = "appointment.cancelled"
    /// The patient did not attend; the clock keeps running.
    case appointmentDNA = "appointment.dna"
    /// First definitive treatment, or "help started" in CYP mental health.
    case treatmentStarted = "treatment.started"
    /// The final EHC plan was issued (or a decision not to issue one).
    case planIssued = "plan.issued"
    /// The referral leaves the waiting list without a completed wait.
    case referralClosed = "referral.closed"
}

/// Referral priority (only meaningful on `referral.received`).
public enum Priority: String, Sendable, Hashable, CaseIterable, Codable {
    /// The default when a `referral.received` has no `priority`.
    case routine
    /// An urgent referral.
    case urgent
}

/// Who cancelled an appointment.
public enum CancelledBy: String, Sendable, Hashable, CaseIterable, Codable {
    /// The patient (or family) cancelled.
    case patient
    /// The provider cancelled.
    case provider
}

extension EventType {
    /// The type's place in `allCases` (`0..<allCases.count`), for counts kept in arrays.
    @inlinable public var ordinal: Int {
        switch self {
        case .referralReceived: 0
        case .appointmentBooked: 1
        case .appointmentAttended: 2
        case .appointmentCancelled: 3
        case .appointmentDNA: 4
        case .treatmentStarted: 5
        case .planIssued: 6
        case .referralClosed: 7
        }
    }
}
