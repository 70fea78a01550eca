/// One validated input event (SPEC section 1).
///
/// Instances are produced by ``EventDecoder`` (which validates) or built directly by the
/// simulator and tests. `day` is the Europe/London date of `occurredAt`, computed once.
public struct ReferralEvent: Sendable, Hashable {
    /// Unique id of this event (1–128 code points).
    public var eventId: String
    /// What happened (SPEC section 1 event types).
    public var type: EventType
    /// The referral (pathway) id, unique within (trust, service) (1–128 code points).
    public var referralId: String
    /// ODS code or local authority code: 3–9 uppercase letters/digits, never `ALL`.
    public var trust: String
    /// Service code from the catalogue.
    public var service: String
    /// Event time (UTC instant).
    public var occurredAt: Timestamp
    /// The Europe/London date of `occurredAt`.
    public var day: CivilDay
    /// Present on `referral.received` (default routine).
    public var priority: Priority?
    /// Present on `appointment.*`.
    public var appointmentId: String?
    /// Present on `appointment.booked`.
    public var scheduledFor: Timestamp?
    /// Present on `appointment.cancelled`.
    public var cancelledBy: CancelledBy?
    /// Optional on `referral.closed`.
    public var reason: String?

    /// An event from its fields. Nothing is validated here: build events for tests and the
    /// simulator, and rely on ``EventDecoder`` to validate input. `day` must be the
    /// Europe/London date of `occurredAt` (``CivilDay/init(londonDateOf:)``).
    public init(
        eventId: String, type: EventType, referralId: String, trust: String, service: String,
        occurredAt: Timestamp, day: CivilDay, priority: Priority? = nil, appointmentId: String? = nil,
        scheduledFor: Timestamp? = nil, cancelledBy: CancelledBy? = nil, reason: String? = nil
    ) {
        self.eventId = eventId
        self.type = type
        self.referralId = referralId
        self.trust = trust
        self.service = service
        self.occurredAt = occurredAt
        self.day = day
        self.priority = priority
        self.appointmentId = appointmentId
        self.scheduledFor = scheduledFor
        self.cancelledBy = cancelledBy
        self.reason = reason
    }

    /// The Kafka message key of this event: `{trust}/{service}`.
    public var key: String { "\(trust)/\(service)" }
}
