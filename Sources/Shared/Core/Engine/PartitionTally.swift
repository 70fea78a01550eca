/// Partition-wide totals updated by keys while ingesting.
struct PartitionTally: Sendable {
    var counters = PartitionCounters()
    /// Latest London date of an accepted event (days since 1970-01-01), `Int32.min` before any.
    var latestAcceptedDay: Int32 = .min
    /// The partition's last published day (days since 1970-01-01), `Int32.min` before any.
    var partitionThrough: Int32 = .min
}
