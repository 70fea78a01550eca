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

/// Why the engine refused an event. ``description`` is the one-line reason for the dead-letter
/// header (it names no patient data: ids and codes only).
public enum DeadLetterReason: Sendable, Hashable, CustomStringConvertible {
    /// The event is not a `referral.received` and its referral was not received within the
    /// lateness allowance (the key's event time passed `occurredAt + L`), or was still held at
    /// the end of a replay (`atEndOfReplay`).
    case neverReceived(atEndOfReplay: Bool)
    /// A clock-stop event of the service's type dated (as an instant) before its referral was
    /// received.
    case clockStopBeforeReceived
    /// A second `referral.received` for the same (trust, service, referralId) with a different
    /// `eventId`.
    case conflictingReceipt
    /// The service is not in the engine's catalogue (normally caught by the decoder).
    case unknownService
    /// Trust `ALL` is reserved for national records (normally caught by the decoder).
    case reservedTrust

    /// A stable machine-readable code, e.g. `never-received`.
    public var code: String {
        switch self {
        case .neverReceived: "never-received"
        case .clockStopBeforeReceived: "clock-stop-before-received"
        case .conflictingReceipt: "conflicting-receipt"
        case .unknownService: "unknown-service"
        case .reservedTrust: "reserved-trust"
        }
    }

    /// One line: the code and what it means.
    public var description: String {
        switch self {
        case .neverReceived(let end):
            end ? "never-received: referral not received by the end of the replay"
                : "never-received: referral not received within the lateness allowance"
        case .clockStopBeforeReceived: "clock-stop-before-received: clock-stop event dated before the referral was received"
        case .conflictingReceipt: "conflicting-receipt: referral already received with a different eventId"
        case .unknownService: "unknown-service: service not in the catalogue"
        case .reservedTrust: "reserved-trust: trust ALL is reserved for national records"
        }
    }
}
