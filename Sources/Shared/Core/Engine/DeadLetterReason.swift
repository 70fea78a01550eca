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
            end
                ? "never-received: referral not received by the end of the replay"
                : "never-received: referral not received within the lateness allowance"
        case .clockStopBeforeReceived: "clock-stop-before-received: clock-stop event dated before the referral was received"
        case .conflictingReceipt: "conflicting-receipt: referral already received with a different eventId"
        case .unknownService: "unknown-service: service not in the catalogue"
        case .reservedTrust: "reserved-trust: trust ALL is reserved for national records"
        }
    }
}
