import Shared

/// A partition of the input topic held by this worker: its engine and read position.
/// A class, so that the engine is mutated in place (a struct taken out of the worker's
/// dictionary would copy the whole engine state on write).
final class InputPartition {
    var engine: PartitionEngine
    /// Alert rules over this partition's trust records.
    var alerts: AlertEvaluator
    /// The offset of the next message to read; nil before the first message.
    var nextOffset: Int64?
    /// True while the partition has been read to its current end.
    var atEnd = false
    /// Original key and bytes of events the engine holds (for their dead letter, if it comes).
    var heldMessages: [UInt64: (key: [UInt8]?, value: [UInt8])] = [:]
    /// `--until-end`: an end-of-input marker has been sent since the last assignment.
    var endMarkerSent = false
    /// `--until-end`: advanced through the last census day and finished.
    var finished = false
    /// `--until-end`: taken over at its end from an owner that had finished it (no state here).
    var takenOverAtEnd = false
    var snapshot = SnapshotProgress()

    init(partition: Int32, configuration: EngineConfiguration, alerts: AlertConfiguration) {
        engine = PartitionEngine(partition: Int(partition), configuration: configuration)
        self.alerts = AlertEvaluator(configuration: alerts, catalogue: configuration.catalogue)
    }
}

/// A partition of the internal topic held by this worker: the national aggregator of the
/// services that map to it (a class for the same reason as ``InputPartition``).
final class ContributionPartition {
    var aggregator: AllAggregator
    /// Alert rules over the national records this partition publishes.
    var alerts: AlertEvaluator
    var nextOffset: Int64?
    var atEnd = false
    /// Since when contributions have been held behind a missing one while at the end.
    var heldSince: ContinuousClock.Instant?
    var snapshot = SnapshotProgress()

    init(aggregator: AllAggregator, alerts: AlertEvaluator) {
        self.aggregator = aggregator
        self.alerts = alerts
    }
}
