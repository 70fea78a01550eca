/// The output of ``PartitionEngine/advance(through:)``.
public struct PartitionAdvance: Sendable {
    /// The new records of the partition's keys, per key in `asOf` order.
    public var records: [WaitStatsRecord]
    /// The partition's contribution to the national `ALL` records, also its progress marker;
    /// nil when the call published nothing new.
    public var contribution: AllContribution?

    /// Creates an advance result.
    public init(records: [WaitStatsRecord], contribution: AllContribution?) {
        self.records = records
        self.contribution = contribution
    }
}
