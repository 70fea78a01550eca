/// MSA-1, the acknowledgment code (HL7 v2 table 0008), original acknowledgment mode.
///
/// The standard's meanings, which senders act on: `AA` the message was accepted and
/// processed; `AE` it was processed and found in error (resending it unchanged will fail
/// again); `AR` it was rejected for a reason unrelated to its content, such as an
/// unacceptable MSH-9 or a receiver that cannot process now (resend later).
public enum HL7AcknowledgementCode: String, Sendable, Hashable {
    /// Application accept: the events are on the cluster.
    case accept = "AA"
    /// Application error: the content cannot be converted.
    case error = "AE"
    /// Application reject: not processed (framing, message type, cluster, shutting down).
    case reject = "AR"
}
