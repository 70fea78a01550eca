import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI


/// Snapshots of the worker's partitions (``PartitionStateSnapshot`` holds and encodes them).
extension PartitionStateSnapshot {
    /// An input partition: its engine, alert state, held events' bytes and read position.
    package init(of input: InputPartition) throws {
        guard let next = input.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        self.init(
            nextOffset: next, state: input.engine.snapshotBytes(), alerts: input.alerts.snapshot,
            held: input.heldMessages.map { HeldMessage(offset: $0.key, key: $0.value.key, value: $0.value.value) })
    }

    /// A national partition: its aggregator, alert state for `ALL` and read position.
    package init(of slot: ContributionPartition) throws {
        guard let next = slot.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        self.init(nextOffset: next, state: slot.aggregator.snapshotBytes(), alerts: slot.alerts.snapshot)
    }

    /// The input partition this snapshot describes, ready to continue at ``nextOffset``.
    package func restoreInput(partition: Int32, settings: WorkerSettings) throws -> InputPartition {
        let input = InputPartition(partition: partition, configuration: settings.engine, alerts: settings.alerts)
        input.engine = try PartitionEngine(restoring: state, partition: Int(partition), configuration: settings.engine)
        input.alerts = AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts)
        input.nextOffset = nextOffset
        for h in held { input.heldMessages[h.offset] = (h.key, h.value) }
        return input
    }

    /// The national partition this snapshot describes, ready to continue at ``nextOffset``.
    package func restoreNational(settings: WorkerSettings) throws -> ContributionPartition {
        let slot = ContributionPartition(
            aggregator: try AllAggregator(restoring: state, configuration: settings.engine),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts))
        slot.nextOffset = nextOffset
        return slot
    }
}

package struct SnapshotPayloadError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
