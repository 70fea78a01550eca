/// An event the engine refuses (SPEC section 1, "Bad input" — the referral checks; validation
/// failures are dead-lettered by the decoder before the engine).
///
/// The engine never sees the original bytes: `token` is the opaque value the caller passed to
/// ``PartitionEngine/ingest(_:token:deadLetters:)`` with the event (for example the Kafka offset),
/// so the caller can find the message and publish its bytes with ``reason`` as the header.
/// A dead letter can come out of a later `ingest` call than its event's (a held event that
/// expires) or out of ``PartitionEngine/finish(deadLetters:)``.
public struct DeadLetter: Sendable, Hashable {
    /// The caller's token for the message that carried the event.
    public var token: UInt64
    /// The event's `eventId`.
    public var eventId: String
    /// The event's `type`.
    public var type: EventType
    /// The event's `referralId`.
    public var referralId: String
    /// The event's `trust`.
    public var trust: String
    /// The event's `service`.
    public var service: String
    /// The event's `occurredAt` (UTC).
    public var occurredAt: Timestamp
    /// Why it was refused.
    public var reason: DeadLetterReason

    /// Creates a dead letter for `event`.
    public init(event: ReferralEvent, token: UInt64, reason: DeadLetterReason) {
        self.token = token
        self.eventId = event.eventId
        self.type = event.type
        self.referralId = event.referralId
        self.trust = event.trust
        self.service = event.service
        self.occurredAt = event.occurredAt
        self.reason = reason
    }
}
