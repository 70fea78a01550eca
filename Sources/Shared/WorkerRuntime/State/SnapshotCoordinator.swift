import Foundation
import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// Snapshots of the tasks' state on the state topic, and restoring tasks from them (Kafka
/// Streams: the `ProcessorStateManager`). A snapshot is *taken* between two messages and
/// *written* only once every output published before it is acknowledged, so a restore never
/// skips an output that was lost (``SnapshotProgress/pending``).
package struct SnapshotCoordinator {
    /// When to snapshot; nil: never (partitions are re-read from their beginning).
    package let policy: SnapshotPolicy?
    package let stateTopic: String
    package var statePartitionCount: Int
    package let settings: WorkerSettings
    private let logger: Logger

    package init(settings: WorkerSettings, statePartitionCount: Int, logger: Logger) {
        policy = settings.snapshots
        stateTopic = settings.internalTopics.state
        self.statePartitionCount = statePartitionCount
        self.settings = settings
        self.logger = logger
    }

    /// Whether assigned partitions without state here are restored from the state topic.
    package var restores: Bool { policy != nil && statePartitionCount > 0 }

    /// Takes the snapshots that are due and writes those whose earlier outputs are acknowledged.
    /// With `threads`, the snapshots' payloads are encoded on the processing threads (each
    /// task's by one of them, while no batch is being processed).
    package func step(
        _ tasks: TaskManager, _ collector: OutputCollector, threads: ProcessingThreads? = nil, now: ContinuousClock.Instant = .now
    ) throws {
        guard let policy else { return }
        try take(
            inputs: tasks.inputs.values.filter { !$0.takenOverAtEnd && $0.snapshot.isDue(policy, now: now) },
            nationals: tasks.nationals.values.filter { $0.snapshot.isDue(policy, now: now) }, collector, threads: threads)
        writeReady(tasks.inputs.values, tasks.nationals.values, collector)
    }

    /// Snapshots these tasks now if they changed since their last snapshot, waits for every
    /// output before them to be acknowledged, and writes them (the caller drains).
    package func snapshotNow(
        inputs: [InputTask], nationals: [NationalTask], _ tasks: TaskManager, _ collector: OutputCollector,
        threads: ProcessingThreads? = nil
    ) throws {
        guard policy != nil else { return }
        try take(
            inputs: inputs.filter { !$0.takenOverAtEnd && $0.snapshot.hasChanged }, nationals: nationals.filter(\.snapshot.hasChanged),
            collector, threads: threads)
        collector.publisher.finish(timeoutMilliseconds: 60_000)
        try collector.check()
        writeReady(tasks.inputs.values, tasks.nationals.values, collector)
    }

    /// Takes a snapshot of each of these tasks that has read something: the payloads encoded
    /// (on `threads` when given: the costly part, sorting and writing every key's state), then
    /// each prepared in turn on this thread, after every output published so far.
    private func take(inputs: [InputTask], nationals: [NationalTask], _ collector: OutputCollector, threads: ProcessingThreads?) throws {
        let encoding = SnapshotEncoding(
            inputs: inputs.filter { $0.nextOffset != nil }, nationals: nationals.filter { $0.nextOffset != nil })
        guard encoding.count > 0 else { return }
        if let threads, threads.count > 1, encoding.count > 1 {
            threads.run { t in
                for i in stride(from: t, to: encoding.count, by: threads.count) { encoding.encode(i) }
            }
        } else {
            for i in 0..<encoding.count { encoding.encode(i) }
        }
        for (i, input) in encoding.inputs.enumerated() {
            guard let next = input.nextOffset else { continue }
            input.snapshot = prepared(
                input.snapshot, owner: StateOwner(kind: .input, partition: input.partition), payload: try encoding.payload(i),
                position: next, after: collector.nextMessageID)
        }
        for (j, national) in encoding.nationals.enumerated() {
            guard let next = national.nextOffset else { continue }
            national.snapshot = prepared(
                national.snapshot, owner: StateOwner(kind: .national, partition: national.partition),
                payload: try encoding.payload(encoding.inputs.count + j), position: next, after: collector.nextMessageID)
        }
    }

    private func prepared(
        _ progress: SnapshotProgress, owner: StateOwner, payload: [UInt8], position: Int64, after: UInt64
    ) -> SnapshotProgress {
        if payload.count > 2 * 1024 * 1024, progress.lastWarnedSize < payload.count / (1024 * 1024) {
            logger.warning(
                "the snapshot of \(owner) is \(grouped(payload.count)) bytes: a cluster that keeps little per partition (librdkafka's mock keeps 5 MiB) may not hold it whole; use more partitions"
            )
        }
        var next = progress
        next.lastWarnedSize = max(progress.lastWarnedSize, payload.count / (1024 * 1024))
        // A snapshot not written yet is replaced by the newer one, under the same number.
        let number = progress.pending == nil ? progress.lastNumber + 1 : progress.lastNumber
        next.lastNumber = number
        next.changes = 0
        next.requested = false
        next.lastTaken = ContinuousClock.now
        let records = StateRecord.records(
            owner: owner, snapshot: number, payload: payload, position: position,
            createdAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000))
        next.pending = (after: after, records: records, bytes: payload.count)
        return next
    }

    /// Writes every pending snapshot whose earlier outputs have all been acknowledged.
    package func writeReady(
        _ inputs: some Sequence<InputTask>, _ nationals: some Sequence<NationalTask>, _ collector: OutputCollector
    ) {
        for input in inputs { write(&input.snapshot, collector) }
        for national in nationals { write(&national.snapshot, collector) }
    }

    private func write(_ progress: inout SnapshotProgress, _ collector: OutputCollector) {
        guard let pending = progress.pending, collector.publisher.allReported(through: pending.after) else { return }
        for record in pending.records {
            collector.publish(
                OutgoingMessage(
                    topic: stateTopic, partition: record.owner.statePartition(count: statePartitionCount),
                    key: Array(record.key.utf8), value: collector.owner.encoded() + record.encoded()))
        }
        progress.pending = nil
        progress.lastWritten = (.now, pending.bytes)
        if case .manifest(let m) = pending.records.last { progress.positionToCommit = m.position }
        collector.summary.snapshotsWritten += 1
        collector.summary.snapshotBytes += pending.bytes
    }

    /// The tasks the loaded snapshots describe. A snapshot that cannot be used (another
    /// configuration, damaged) is reported and left out: its partition is read from its beginning.
    package func restore(_ loaded: StateStore.LoadResult, _ collector: OutputCollector) -> RestoredTasks {
        for m in loaded.incomplete where loaded.snapshots[m.owner].map({ $0.manifest.snapshot < m.snapshot }) ?? true {
            logger.warning(
                "snapshot \(m.snapshot) of \(m.owner) is incomplete on \(stateTopic) (removed by retention, or written twice); using an earlier one if any"
            )
        }
        var restored = RestoredTasks()
        var bytes = 0
        let start = ContinuousClock.now
        for (owner, snapshot) in loaded.snapshots.sorted(by: {
            ($0.key.kind.rawValue, $0.key.partition) < ($1.key.kind.rawValue, $1.key.partition)
        }) {
            do {
                let payload = try PartitionStateSnapshot(decoding: snapshot.payload)
                switch owner.kind {
                case .input:
                    let input = try payload.restoreInput(partition: owner.partition, settings: settings)
                    input.snapshot.lastNumber = snapshot.manifest.snapshot
                    restored.inputs[owner.partition] = input
                case .national:
                    let national = try payload.restoreNational(partition: owner.partition, settings: settings, logger: logger)
                    national.snapshot.lastNumber = snapshot.manifest.snapshot
                    restored.nationals[owner.partition] = national
                }
                bytes += snapshot.payload.count
                logger.info(
                    "restored \(owner) from snapshot \(snapshot.manifest.snapshot)",
                    metadata: [
                        "offset": "\(snapshot.manifest.position)", "bytes": "\(snapshot.payload.count)",
                    ])
            } catch {
                logger.warning("the snapshot of \(owner) cannot be used, so it is read from its beginning: \(error)")
            }
        }
        let seconds = loaded.seconds + (ContinuousClock.now - start).inSeconds
        collector.summary.restoredPartitions += restored.inputs.count + restored.nationals.count
        collector.summary.restoreSeconds += seconds
        if !loaded.snapshots.isEmpty {
            logger.notice(
                "restored \(restored.inputs.count) input and \(restored.nationals.count) national partition(s) from snapshots (\(grouped(bytes)) bytes) in \(String(format2: seconds)) s"
            )
        }
        return restored
    }
}

/// Tasks rebuilt from snapshots, by partition.
package struct RestoredTasks {
    package var inputs: [Int32: InputTask] = [:]
    package var nationals: [Int32: NationalTask] = [:]
    package init() {}
}

/// The snapshot payloads of some tasks, encoded by index: the inputs first, then the nationals.
/// Each index is encoded by one thread, which touches only its own task and result slot (the
/// slots are fixed memory, never moved), and the results are read after
/// ``ProcessingThreads/run(_:)`` returned; hence `@unchecked Sendable`.
private final class SnapshotEncoding: @unchecked Sendable {
    let inputs: [InputTask]
    let nationals: [NationalTask]
    private let results: UnsafeMutableBufferPointer<Result<[UInt8], any Error>?>

    init(inputs: [InputTask], nationals: [NationalTask]) {
        self.inputs = inputs
        self.nationals = nationals
        results = .allocate(capacity: inputs.count + nationals.count)
        results.initialize(repeating: nil)
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }

    var count: Int { results.count }

    func encode(_ i: Int) {
        results[i] = Result {
            i < inputs.count
                ? try PartitionStateSnapshot(of: inputs[i]).encoded()
                : try PartitionStateSnapshot(of: nationals[i - inputs.count]).encoded()
        }
    }

    func payload(_ i: Int) throws -> [UInt8] {
        guard let result = results[i] else { preconditionFailure("snapshot payload \(i) was not encoded") }
        return try result.get()
    }
}
