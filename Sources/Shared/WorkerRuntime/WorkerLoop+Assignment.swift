import Logging
import WaitwatchCore
import WaitwatchKafka
import WaitwatchCLI

/// Rebalances and restores: the assignment callback returns at once; restores run in the loop.
extension WorkerLoop {
    /// Called inside the consumer's poll. A revoke publishes the partitions' outputs, snapshots
    /// them (not when lost: they may be someone else's already) and parks their tasks; an
    /// assignment continues partitions with state here and pauses the others for a restore.
    func rebalance(_ event: RebalanceEvent) -> [TopicPartitionOffset] {
        metrics.rebalance(event)
        switch event {
        case .revoked(let tps), .lost(let tps):
            logger.info("partitions revoked", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
            guard leaving == nil else { return [] }
            // Outputs of what was processed must be out before another member takes over,
            // and a snapshot lets it continue where this worker stopped.
            collector.flushContributions()
            collector.publisher.finish(timeoutMilliseconds: 30_000)
            if case .revoked = event {
                do {
                    try snapshots.snapshotNow(
                        inputs: tps.compactMap { $0.topic == settings.topics.events ? tasks.inputs[$0.partition] : nil },
                        nationals: tps.compactMap { $0.topic != settings.topics.events ? tasks.nationals[$0.partition] : nil },
                        tasks, collector)
                    collector.publisher.finish(timeoutMilliseconds: 30_000)
                    commitSnapshotPositions()
                } catch {
                    logger.warning("could not snapshot the revoked partitions (their next owner reads more): \(error)")
                }
            }
            tasks.revoke(tps)
            let gone = Set(tps)
            toPause.removeAll { gone.contains($0) }
            toResume.removeAll { gone.contains($0.topicPartition) }
            if let restore, restore.owners.isDisjoint(with: tasks.restoringOwners) { abandonRestore() }
            return []
        case .assigned(let tps):
            logger.info("partitions assigned", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
            guard leaving == nil else { return [] }
            if let counts = try? producer.partitionCounts(topic: nil, timeoutMilliseconds: 5_000) {
                tasks.inputPartitionCount = counts[settings.topics.events] ?? tasks.inputPartitionCount
                collector.router.internalPartitionCount =
                    counts[settings.internalTopics.contributions] ?? collector.router.internalPartitionCount
                snapshots.statePartitionCount = counts[settings.internalTopics.state] ?? snapshots.statePartitionCount
            }
            let assignment = tasks.assign(
                tps, restores: snapshots.restores, endOfInput: endOfInput, nationalPartitions: collector.router.nationalPartitions)
            if assignment.replaysFromBeginning {
                collector.replayGuard.load(topic: settings.topics.alerts, kafka: settings.kafka, since: nil, logger: logger)
            }
            if !assignment.toRestore.isEmpty {
                // Paused before they are fetched (again after the assignment, in the loop):
                // their position is known once their state is.
                try? consumer.pause(assignment.toRestore)
                toPause += assignment.toRestore
            }
            return assignment.offsets
        }
    }

    /// One step of the restore of the partitions in ``TaskManager/restoring``: reads their
    /// snapshots for a while, and once all are read creates their tasks; then seeks them to
    /// where their state continues and resumes them.
    func restoreStep() throws {
        if !toPause.isEmpty {
            try? consumer.pause(toPause)
            toPause.removeAll()
        }
        if restore == nil, tasks.isRestoring {
            let owners = tasks.restoringOwners
            logger.info(
                "restoring the state of \(owners.count) partition(s) from \(settings.internalTopics.state); the other partitions are served meanwhile"
            )
            do {
                restore = try StateStore.Reader(
                    store: StateStore(
                        topic: settings.internalTopics.state, kafka: settings.kafka, owner: settings.internalOwner, logger: logger),
                    owners: owners, partitionCount: snapshots.statePartitionCount)
            } catch {
                restoreFailed(owners, error)
            }
        }
        if let reader = restore {
            do {
                if try reader.step(forMilliseconds: 100) {
                    let loaded = reader.result
                    abandonRestore()
                    let restored = snapshots.restore(loaded, collector)
                    // What the restored tasks published after their snapshots (or, for those
                    // read from their beginning, ever) must not be published again by their replay.
                    let createdAt = reader.owners.compactMap { owner -> Int64? in
                        let usable =
                            owner.kind == .input ? restored.inputs[owner.partition] != nil : restored.nationals[owner.partition] != nil
                        return usable ? loaded.snapshots[owner]?.manifest.createdAtMilliseconds : nil
                    }
                    let since =
                        createdAt.count == reader.owners.count ? createdAt.min().map { $0 - AlertReplayGuard.clockMarginMilliseconds } : nil
                    collector.replayGuard.load(topic: settings.topics.alerts, kafka: settings.kafka, since: since, logger: logger)
                    toResume += tasks.install(
                        restored, owners: reader.owners, endOfInput: endOfInput,
                        nationalPartitions: collector.router.nationalPartitions)
                }
            } catch {
                abandonRestore()
                restoreFailed(reader.owners, error)
            }
        }
        guard !toResume.isEmpty else { return }
        do {
            try consumer.seek(toResume)
            try consumer.resume(toResume.map(\.topicPartition))
            toResume.removeAll()
        } catch {
            logger.warning("restored partitions cannot continue yet (tried again): \(error)")
        }
    }

    private func restoreFailed(_ owners: Set<StateOwner>, _ error: any Error) {
        logger.error(
            "could not read state snapshots from \(settings.internalTopics.state); the assigned partitions are read from their beginning: \(error)"
        )
        collector.replayGuard.load(topic: settings.topics.alerts, kafka: settings.kafka, since: nil, logger: logger)
        toResume += tasks.install(
            RestoredTasks(), owners: owners, endOfInput: endOfInput, nationalPartitions: collector.router.nationalPartitions)
    }

    /// Stops reading snapshots (when stopping, or when its partitions were revoked).
    func abandonRestore() {
        restore?.close()
        restore = nil
    }
}
