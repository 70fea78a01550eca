/// Running totals of one ``PartitionEngine`` since it was created, for metrics.
public struct PartitionCounters: Sendable, Hashable {
    /// Events given to `ingest`.
    public var ingested: Int = 0
    /// Events accepted (including held events applied later).
    public var accepted: Int = 0
    /// Accepted events that were late (their day's record already published).
    public var late: Int = 0
    /// Duplicates dropped.
    public var duplicates: Int = 0
    /// Events dead-lettered.
    public var deadLettered: Int = 0
    /// Events currently held, waiting for their `referral.received`.
    public var held: Int = 0
    /// Referrals forgotten by the retention of finished referrals.
    public var referralsForgotten: Int = 0

    /// All zero.
    public init() {}
}
