import Logging
import WaitwatchCore
import WaitwatchConfig

/// Snapshots of the worker's tasks (``PartitionStateSnapshot`` holds and encodes them).
extension PartitionStateSnapshot {
    /// An input task: its engine, alert state, held events' bytes and read position.
    package init(of input: InputTask) throws {
        guard let next = input.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        self.init(
            nextOffset: next, state: input.engine.snapshotBytes(), alerts: input.alerts.snapshot,
            held: input.heldMessages.map { HeldMessage(offset: $0.key, key: $0.value.key, value: $0.value.value) })
    }

    /// A national task: its aggregator, alert state for `ALL` and read position.
    package init(of national: NationalTask) throws {
        guard let next = national.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        self.init(nextOffset: next, state: national.aggregator.snapshotBytes(), alerts: national.alerts.snapshot)
    }

    /// The input task this snapshot describes, ready to continue at ``nextOffset``.
    package func restoreInput(partition: Int32, settings: WorkerSettings) throws -> InputTask {
        let input = InputTask(partition: partition, configuration: settings.engine, alerts: settings.alerts)
        input.engine = try PartitionEngine(restoring: state, partition: Int(partition), configuration: settings.engine)
        input.alerts = AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts)
        input.nextOffset = nextOffset
        for h in held { input.heldMessages[h.offset] = (h.key, h.value) }
        return input
    }

    /// The national task this snapshot describes, ready to continue at ``nextOffset``.
    package func restoreNational(partition: Int32, settings: WorkerSettings, logger: Logger) throws -> NationalTask {
        let national = NationalTask(
            partition: partition, aggregator: try AllAggregator(restoring: state, configuration: settings.engine),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts),
            owner: settings.internalOwner, logger: logger)
        national.nextOffset = nextOffset
        return national
    }
}

package struct SnapshotPayloadError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
