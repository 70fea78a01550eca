import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka

/// Which tasks this worker runs (Kafka Streams: the `TaskManager`): the input and national
/// tasks of the partitions assigned to it, the state of revoked partitions kept ("parked")
/// until the assignment that follows, and the partitions whose state is being restored.
///
/// An assignment never waits for a restore: partitions with state here continue at once; the
/// others are returned as ``Assignment/toRestore`` and stay paused (no task, their messages are
/// ignored) until ``install(_:endOfInput:)`` creates their tasks from the snapshots read in
/// the loop, and the caller seeks them to where their state continues and resumes them.
package final class TaskManager {
    package private(set) var inputs: [Int32: InputTask] = [:]
    package private(set) var nationals: [Int32: NationalTask] = [:]
    /// State of revoked partitions, kept until the assignment that follows the revoke.
    private var parkedInputs: [Int32: InputTask] = [:]
    private var parkedNationals: [Int32: NationalTask] = [:]
    /// Assigned partitions waiting for their state (paused).
    package private(set) var restoring = Set<TopicPartition>()
    /// Where a restoring partition was seen to end (when its fetch started before the pause).
    private var endsSeen: [TopicPartition: Int64] = [:]
    /// Ends to notice once a task has read up to them (the consumer reports an end only once).
    private var knownEnds: [TopicPartition: Int64] = [:]
    private let settings: WorkerSettings
    private let logger: Logger
    package var inputPartitionCount: Int
    /// `--no-snapshots`: when this worker started (milliseconds since the epoch); its national
    /// tasks, which start from nothing, skip contributions written before (an earlier run's).
    package var freshRunStartedAtMilliseconds: Int64?

    package init(settings: WorkerSettings, inputPartitionCount: Int, logger: Logger) {
        self.settings = settings
        self.inputPartitionCount = inputPartitionCount
        self.logger = logger
    }

    private var eventsTopic: String { settings.topics.events }
    package var isRestoring: Bool { !restoring.isEmpty }

    /// What an assignment decided.
    package struct Assignment {
        /// Start positions of partitions whose state is here (or that start afresh).
        package var offsets: [TopicPartitionOffset] = []
        /// Partitions to pause and restore in the loop.
        package var toRestore: [TopicPartition] = []
        /// Some partition starts afresh from its beginning (snapshots off): its replay repeats
        /// every alert it ever raised.
        package var replaysFromBeginning = false
    }

    /// Parks the tasks of revoked or lost partitions (the caller publishes and snapshots first).
    package func revoke(_ tps: [TopicPartition]) {
        for tp in tps {
            restoring.remove(tp)
            endsSeen[tp] = nil
            knownEnds[tp] = nil
            if tp.topic == eventsTopic {
                parkedInputs[tp.partition] = inputs.removeValue(forKey: tp.partition)
            } else {
                parkedNationals[tp.partition] = nationals.removeValue(forKey: tp.partition)
            }
        }
    }

    /// Takes parked state back (the eager protocol revokes and re-assigns everything), keeps
    /// partitions already held (the cooperative protocol only lists additions), and either
    /// starts the others afresh (`restores` false) or returns them to be restored. Parked state
    /// that did not come back is dropped.
    package func assign(_ tps: [TopicPartition], restores: Bool, endOfInput: EndOfInputCoordinator, nationalPartitions: [Int]) -> Assignment
    {
        var result = Assignment()
        // National tasks first: whether an input partition is finished is known from them.
        for tp in tps where tp.topic != eventsTopic {
            if let parked = parkedNationals.removeValue(forKey: tp.partition) { nationals[tp.partition] = parked }
            if let existing = nationals[tp.partition], let next = existing.nextOffset {
                result.offsets.append(TopicPartitionOffset(tp, offset: next))
                existing.atEnd = false
            } else if restores {
                nationals[tp.partition] = nil
                startRestoring(tp, &result)
            } else {
                nationals[tp.partition] = freshNational(tp.partition)
                result.offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.beginning))
                result.replaysFromBeginning = true
            }
        }
        let holders = Array(nationals.values) + Array(parkedNationals.values)
        for tp in tps where tp.topic == eventsTopic {
            if let parked = parkedInputs.removeValue(forKey: tp.partition) { inputs[tp.partition] = parked }
            if let existing = inputs[tp.partition], let next = existing.nextOffset {
                result.offsets.append(TopicPartitionOffset(tp, offset: next))
                existing.atEnd = false
            } else if settings.mode == .untilEnd,
                endOfInput.finishedByEarlierOwner(tp.partition, nationals: holders, nationalPartitions: nationalPartitions)
            {
                inputs[tp.partition] = takenOverAtEnd(tp)
                result.offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.end))
            } else if restores {
                inputs[tp.partition] = nil
                startRestoring(tp, &result)
            } else {
                inputs[tp.partition] = InputTask(partition: tp.partition, configuration: settings.engine, alerts: settings.alerts)
                result.offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.beginning))
                result.replaysFromBeginning = true
            }
        }
        parkedInputs.removeAll()
        parkedNationals.removeAll()
        // Every member announces its ends again after a change of membership.
        // (A partition taken over at its end has no state to announce.)
        for input in inputs.values where !input.takenOverAtEnd { input.endMarkerSent = false }
        growNationals()
        return result
    }

    private func startRestoring(_ tp: TopicPartition, _ result: inout Assignment) {
        restoring.insert(tp)
        result.toRestore.append(tp)
        // Paused from the start; the position is set when the state is known.
        result.offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.beginning))
    }

    /// The state owners of the partitions being restored.
    package var restoringOwners: Set<StateOwner> {
        Set(restoring.map { StateOwner(kind: $0.topic == eventsTopic ? .input : .national, partition: $0.partition) })
    }

    /// Notes an event of a partition that has no task yet (paused for its restore); such events
    /// are otherwise ignored (the partition is sought back once restored).
    package func noteWhileRestoring(_ tp: TopicPartition, endAt offset: Int64?) {
        guard restoring.contains(tp) else { return }
        if let offset { endsSeen[tp] = offset }
        logger.debug("an event of a partition being restored was ignored", metadata: ["partition": "\(tp)"])
    }

    /// Creates the tasks of the restoring partitions among `owners` from `restored` (those
    /// without a usable snapshot start afresh) and returns where each must continue.
    package func install(
        _ restored: RestoredTasks, owners: Set<StateOwner>, endOfInput: EndOfInputCoordinator, nationalPartitions: [Int]
    ) -> [TopicPartitionOffset] {
        var positions: [TopicPartitionOffset] = []
        let done = restoring.filter {
            owners.contains(StateOwner(kind: $0.topic == eventsTopic ? .input : .national, partition: $0.partition))
        }
        for tp in done.sorted() where tp.topic != eventsTopic {
            let task = restored.nationals[tp.partition] ?? freshNational(tp.partition)
            nationals[tp.partition] = task
            positions.append(TopicPartitionOffset(tp, offset: task.nextOffset ?? TopicPartitionOffset.beginning))
        }
        for tp in done.sorted() where tp.topic == eventsTopic {
            let task: InputTask
            if settings.mode == .untilEnd,
                endOfInput.finishedByEarlierOwner(tp.partition, nationals: nationals.values, nationalPartitions: nationalPartitions)
            {
                task = takenOverAtEnd(tp)
                // At its end already if it was seen there (the consumer reports an end once).
                task.nextOffset = endsSeen[tp]
                positions.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.end))
            } else {
                task =
                    restored.inputs[tp.partition]
                    ?? InputTask(partition: tp.partition, configuration: settings.engine, alerts: settings.alerts)
                positions.append(TopicPartitionOffset(tp, offset: task.nextOffset ?? TopicPartitionOffset.beginning))
            }
            inputs[tp.partition] = task
        }
        for tp in done {
            restoring.remove(tp)
            if let end = endsSeen.removeValue(forKey: tp) { knownEnds[tp] = end }
        }
        growNationals()
        noticeKnownEnds()
        return positions
    }

    /// Marks tasks at their end when they have read up to an end seen while they were paused
    /// (the consumer does not report the same end twice).
    package func noticeKnownEnds() {
        guard !knownEnds.isEmpty else { return }
        for (tp, end) in knownEnds {
            let next = tp.topic == eventsTopic ? inputs[tp.partition]?.nextOffset : nationals[tp.partition]?.nextOffset
            guard (next ?? 0) >= end else { continue }
            if tp.topic == eventsTopic {
                if inputs[tp.partition]?.nextOffset == nil { inputs[tp.partition]?.nextOffset = end }
                inputs[tp.partition]?.atEnd = true
            } else {
                nationals[tp.partition]?.atEnd = true
            }
            knownEnds[tp] = nil
        }
    }

    private func freshNational(_ q: Int32) -> NationalTask {
        let national = NationalTask(
            partition: q, aggregator: AllAggregator(configuration: settings.engine, partitionCount: inputPartitionCount),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue), owner: settings.internalOwner,
            logger: logger)
        national.ignoresContributionsBefore = settings.snapshots == nil ? freshRunStartedAtMilliseconds : nil
        return national
    }

    /// `--until-end`: its owner published it through the last census day and left; nothing to
    /// redo. Read only what may arrive after its end.
    private func takenOverAtEnd(_ tp: TopicPartition) -> InputTask {
        let input = InputTask(partition: tp.partition, configuration: settings.engine, alerts: settings.alerts)
        input.finished = true
        input.endMarkerSent = true
        input.takenOverAtEnd = true
        logger.info("partition already published through the last census day by its previous owner", metadata: ["partition": "\(tp)"])
        return input
    }

    private func growNationals() {
        for national in nationals.values where national.aggregator.partitionCount < inputPartitionCount {
            national.aggregator.setPartitionCount(inputPartitionCount)
        }
    }
}
