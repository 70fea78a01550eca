import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI


/// A partition of the input topic held by this worker: its engine and read position.
/// A class, so that the engine is mutated in place (a struct taken out of the worker's
/// dictionary would copy the whole engine state on write).
package final class InputPartition {
    package var engine: PartitionEngine
    /// Alert rules over this partition's trust records.
    package var alerts: AlertEvaluator
    /// The offset of the next message to read; nil before the first message.
    package var nextOffset: Int64?
    /// True while the partition has been read to its current end.
    package var atEnd = false
    /// Original key and bytes of events the engine holds (for their dead letter, if it comes).
    package var heldMessages: [UInt64: (key: [UInt8]?, value: [UInt8])] = [:]
    /// `--until-end`: an end-of-input marker has been sent since the last assignment.
    package var endMarkerSent = false
    /// `--until-end`: advanced through the last census day and finished.
    package var finished = false
    /// `--until-end`: taken over at its end from an owner that had finished it (no state here).
    package var takenOverAtEnd = false
    package var snapshot = SnapshotProgress()

    package init(partition: Int32, configuration: EngineConfiguration, alerts: AlertConfiguration) {
        engine = PartitionEngine(partition: Int(partition), configuration: configuration)
        self.alerts = AlertEvaluator(configuration: alerts, catalogue: configuration.catalogue)
    }
}

/// A partition of the internal topic held by this worker: the national aggregator of the
/// services that map to it (a class for the same reason as ``InputPartition``).
package final class ContributionPartition {
    package var aggregator: AllAggregator
    /// Alert rules over the national records this partition publishes.
    package var alerts: AlertEvaluator
    package var nextOffset: Int64?
    package var atEnd = false
    /// Since when contributions have been held behind a missing one while at the end.
    package var heldSince: ContinuousClock.Instant?
    package var snapshot = SnapshotProgress()

    package init(aggregator: AllAggregator, alerts: AlertEvaluator) {
        self.aggregator = aggregator
        self.alerts = alerts
    }
}
