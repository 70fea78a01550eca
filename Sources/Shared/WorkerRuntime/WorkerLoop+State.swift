import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// Snapshots of partition state on the state topic, and restoring from them.
extension WorkerLoop {
    /// Takes the snapshots that are due and writes those whose earlier outputs are acknowledged.
    package func snapshotStep() throws {
        guard let policy = settings.snapshots else { return }
        let now = ContinuousClock.now
        for (p, input) in inputs where !input.takenOverAtEnd && input.snapshot.isDue(policy, now: now) {
            try take(input, partition: p)
        }
        for (q, slot) in internals where slot.snapshot.isDue(policy, now: now) {
            try take(slot, partition: q)
        }
        writeReadySnapshots()
    }

    /// Snapshots these partitions now if they changed since their last snapshot, waits for every
    /// output before them to be acknowledged, and writes them (the caller drains).
    package func snapshotAll(inputs inputList: [Int32], internals internalList: [Int32]) throws {
        guard settings.snapshots != nil else { return }
        for p in inputList {
            guard let input = inputs[p], !input.takenOverAtEnd, input.snapshot.hasChanged else { continue }
            try take(input, partition: p)
        }
        for q in internalList {
            guard let slot = internals[q], slot.snapshot.hasChanged else { continue }
            try take(slot, partition: q)
        }
        publisher.finish(timeoutMilliseconds: 60_000)
        try checkPublisher()
        writeReadySnapshots()
    }

    private func take(_ input: InputPartition, partition p: Int32) throws {
        guard input.nextOffset != nil else { return }
        let payload = try PartitionStateSnapshot(of: input).encoded()
        input.snapshot = prepared(input.snapshot, owner: StateOwner(kind: .input, partition: p), payload: payload, position: input.nextOffset ?? 0)
    }

    private func take(_ slot: ContributionPartition, partition q: Int32) throws {
        guard slot.nextOffset != nil else { return }
        let payload = try PartitionStateSnapshot(of: slot).encoded()
        slot.snapshot = prepared(slot.snapshot, owner: StateOwner(kind: .national, partition: q), payload: payload, position: slot.nextOffset ?? 0)
    }

    private func prepared(_ progress: SnapshotProgress, owner: StateOwner, payload: [UInt8], position: Int64) -> SnapshotProgress {
        if payload.count > 2 * 1024 * 1024, progress.lastWarnedSize < payload.count / (1024 * 1024) {
            logger.warning("the snapshot of \(owner) is \(grouped(payload.count)) bytes: a cluster that keeps little per partition (librdkafka's mock keeps 5 MiB) may not hold it whole; use more partitions")
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
        next.pending = (after: nextMessageID, records: records, bytes: payload.count)
        return next
    }

    /// Writes every pending snapshot whose earlier outputs have all been acknowledged.
    package func writeReadySnapshots() {
        for input in inputs.values { write(&input.snapshot) }
        for slot in internals.values { write(&slot.snapshot) }
    }

    private func write(_ progress: inout SnapshotProgress) {
        guard let pending = progress.pending, publisher.allReported(through: pending.after) else { return }
        for record in pending.records {
            nextMessageID += 1
            publisher.publish(OutgoingMessage(
                topic: settings.internalTopics.state, partition: record.owner.statePartition(count: statePartitionCount),
                key: Array(record.key.utf8), value: record.encoded()), id: nextMessageID)
        }
        progress.pending = nil
        summary.snapshotsWritten += 1
        summary.snapshotBytes += pending.bytes
    }

    /// Restores these partitions from their latest snapshots; those without one (or whose
    /// snapshot cannot be used) are missing from the result and are read from their beginning.
    package func restoreState(inputs inputList: [Int32], internals internalList: [Int32]) -> (inputs: [Int32: InputPartition], internals: [Int32: ContributionPartition]) {
        guard settings.snapshots != nil, statePartitionCount > 0, !(inputList.isEmpty && internalList.isEmpty) else { return ([:], [:]) }
        let owners = Set(inputList.map { StateOwner(kind: .input, partition: $0) } + internalList.map { StateOwner(kind: .national, partition: $0) })
        let store = StateStore(topic: settings.internalTopics.state, kafka: settings.kafka, logger: logger)
        let loaded: StateStore.LoadResult
        do {
            loaded = try store.load(owners: owners, partitionCount: statePartitionCount)
        } catch {
            logger.error("could not read state snapshots from \(settings.internalTopics.state); the assigned partitions are read from their beginning: \(error)")
            return ([:], [:])
        }
        for m in loaded.incomplete where loaded.snapshots[m.owner].map({ $0.manifest.snapshot < m.snapshot }) ?? true {
            logger.warning("snapshot \(m.snapshot) of \(m.owner) is incomplete on \(settings.internalTopics.state) (removed by retention, or written twice); using an earlier one if any")
        }
        var restoredInputs: [Int32: InputPartition] = [:]
        var restoredInternals: [Int32: ContributionPartition] = [:]
        var bytes = 0
        let start = ContinuousClock.now
        for (owner, snapshot) in loaded.snapshots.sorted(by: { ($0.key.kind.rawValue, $0.key.partition) < ($1.key.kind.rawValue, $1.key.partition) }) {
            do {
                switch owner.kind {
                case .input:
                    let input = try PartitionStateSnapshot(decoding: snapshot.payload).restoreInput(partition: owner.partition, settings: settings)
                    input.snapshot.lastNumber = snapshot.manifest.snapshot
                    restoredInputs[owner.partition] = input
                case .national:
                    let slot = try PartitionStateSnapshot(decoding: snapshot.payload).restoreNational(settings: settings)
                    slot.snapshot.lastNumber = snapshot.manifest.snapshot
                    restoredInternals[owner.partition] = slot
                }
                bytes += snapshot.payload.count
                logger.info("restored \(owner) from snapshot \(snapshot.manifest.snapshot)", metadata: [
                    "offset": "\(snapshot.manifest.position)", "bytes": "\(snapshot.payload.count)",
                ])
            } catch {
                logger.warning("the snapshot of \(owner) cannot be used, so it is read from its beginning: \(error)")
            }
        }
        let d = ContinuousClock.now - start
        let decodeSeconds = d.inSeconds
        summary.restoredPartitions += restoredInputs.count + restoredInternals.count
        summary.restoreSeconds += loaded.seconds + decodeSeconds
        if !loaded.snapshots.isEmpty {
            logger.notice("restored \(restoredInputs.count) input and \(restoredInternals.count) national partition(s) from snapshots (\(grouped(bytes)) bytes) in \(String(format2: loaded.seconds + decodeSeconds)) s")
        }
        return (restoredInputs, restoredInternals)
    }
}
