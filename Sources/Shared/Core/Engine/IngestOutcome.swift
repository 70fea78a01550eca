/// What ``PartitionEngine/ingest(_:token:deadLetters:)`` did with the event it was given.
public enum IngestOutcome: Sendable, Hashable {
    /// Accepted; `late` when its day's record had already been published for its key (it is
    /// applied to the current state and counted in `lateEvents`).
    case accepted(late: Bool)
    /// Its referral has not been received yet: held until the key's event time passes
    /// `occurredAt + L` (then applied or dead-lettered by a later call).
    case held
    /// A duplicate (same `eventId` within the 7-day horizon, or a re-sent `referral.received`
    /// already applied): dropped and counted.
    case duplicate
    /// Refused; the dead letter is also in the `deadLetters` buffer.
    case deadLettered(DeadLetterReason)
}
