import Foundation
import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// The worker's consume–compute–publish loop (Kafka Streams: the `StreamThread`). Runs on one
/// dedicated thread (every librdkafka call here blocks); ``StopSignal`` asks it to drain and
/// stop from any thread. It only wires the parts:
///
/// - ``TaskManager``: the ``InputTask`` of every input partition held and the ``NationalTask``
///   of every internal partition held, parked state across a rebalance, partitions restoring;
/// - the tasks *return* their outputs (``TaskOutput``); the ``OutputCollector`` publishes them
///   and its ``ContributionRouter`` splits contributions by internal partition;
/// - ``SnapshotCoordinator``: snapshots written once earlier outputs are acknowledged, restores;
/// - ``EndOfInputCoordinator``: `--until-end`.
///
/// A partition assigned without state here is paused while its snapshot is read, in steps,
/// between polls (stop requests and the other partitions are served meanwhile), then sought to
/// where its state continues and resumed (``WorkerLoop/restoreStep()``).
package final class WorkerLoop {
    /// The most messages one loop iteration takes from the consumer (it takes what is queued, up
    /// to this). Every iteration ends by flushing the contributions cut meanwhile, one internal
    /// message per (input partition, national partition): bigger batches make fewer and larger
    /// contribution messages, so less producing, consuming, decoding and applying of them.
    /// Measured on 1,000,000 events (BENCHMARKS.md): 32,000 against the 2,000 (one thread) and
    /// 8,000 (several) before took the contribution messages from 64,492 to 15,373 and the
    /// worker's CPU time down by 25–32% (one thread) and about 10% (two); 100,000 gained a few
    /// percent more for 60–100 MiB more resident memory. At ~170,000 events/s per thread an iteration stays well under a second,
    /// so stop requests and snapshots are not held up.
    static let pollBatchLimit = 32_000

    package let settings: WorkerSettings
    package let logger: Logger
    package let stop: StopSignal
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let decoder: EventDecoder
    /// The processing threads (`--threads`).
    let threads: ProcessingThreads
    package let tasks: TaskManager
    package let collector: OutputCollector
    var snapshots: SnapshotCoordinator
    var endOfInput: EndOfInputCoordinator
    /// The snapshots being read for partitions in ``TaskManager/restoring``.
    var restore: StateStore.Reader?
    /// Partitions to pause (just assigned for a restore) and positions to seek and resume.
    var toPause: [TopicPartition] = []
    var toResume: [TopicPartitionOffset] = []
    private var output = TaskOutput()
    private var firstRead: ContinuousClock.Instant?
    /// Set when the loop leaves the group: the rebalances that the close serves then do nothing
    /// more (after a failure nothing more is published; after the drain everything was).
    var leaving: Leaving?
    enum Leaving { case afterFailure, afterDrain }
    /// The longest the loop waits for librdkafka to leave the group (see ``leaveGroup()``).
    static let leaveGroupDeadline: Duration = .seconds(30)
    /// What `/healthz` and `/readyz` read, written once per turn.
    package let health: WorkerHealth
    /// The worker's metrics (swift-metrics; nowhere unless the executable bootstrapped a factory).
    let metrics: WorkerMetrics
    /// When the gauges were last read off the tasks, and the lag found then.
    var observation = LoopObservation()
    /// Readiness, status, watchdog keep-alives and stopping, to systemd (when it runs the worker).
    let systemd: SystemdNotifier

    init(
        settings: WorkerSettings, logger: Logger, stop: StopSignal, consumer: KafkaConsumer, producer: KafkaProducer,
        collector: OutputCollector, tasks: TaskManager, snapshots: SnapshotCoordinator, endOfInput: EndOfInputCoordinator,
        health: WorkerHealth = WorkerHealth(), metrics: WorkerMetrics = WorkerMetrics(),
        systemd: SystemdNotifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
    ) {
        (self.settings, self.logger, self.stop, self.consumer, self.producer) = (settings, logger, stop, consumer, producer)
        self.systemd = systemd
        (self.collector, self.tasks, self.snapshots, self.endOfInput) = (collector, tasks, snapshots, endOfInput)
        (self.health, self.metrics) = (health, metrics)
        collector.metrics = metrics
        collector.alertGate = AlertGate(from: settings.alertsFrom)
        collector.alertSink = settings.alertSink
        decoder = EventDecoder(catalogue: settings.engine.catalogue)
        threads = ProcessingThreads(count: settings.threads)
    }

    /// Runs until stopped (or, with `--until-end`, until everything is published), drains, and
    /// leaves the group. The consumer is closed on every path out, a failure included: the group
    /// moves this worker's partitions at once rather than after the session timeout, and no group
    /// work is left to a `deinit` (where the rebalance handler would reach a released loop).
    package func run() throws -> WorkerSummary {
        defer { threads.stop() }
        do {
            try consume()
        } catch {
            leaveGroupAfterFailure()
            throw error
        }
        let held =
            (tasks.inputs.keys.sorted().map { "\(settings.topics.events)[\($0)]" }
                + tasks.nationals.keys.sorted().map { "\(settings.internalTopics.contributions)[\($0)]" })
        collector.summary.inputPartitionsAtEnd = tasks.inputs.count
        leaving = .afterDrain
        try leaveGroup()
        logger.notice(
            "waitwatch worker stopped",
            metadata: [
                "version": "\(WaitwatchVersion.current)", "group": "\(settings.group)", "mode": "\(settings.mode)",
                "partitions": "\(held.joined(separator: ","))",
                "events": "\(collector.summary.events)", "records": "\(collector.summary.records)", "alerts": "\(collector.summary.alerts)",
            ])
        return collector.summary
    }

    /// After a failure: leaves the group without publishing or snapshotting anything more (the
    /// failure may be the cluster refusing outputs); the partitions' next owner continues from
    /// their latest snapshots. A close error is only logged: the failure is what the caller reports.
    private func leaveGroupAfterFailure() {
        leaving = .afterFailure
        abandonRestore()
        do {
            try leaveGroup()
        } catch {
            logger.warning("could not leave the consumer group cleanly after the failure: \(error)")
        }
    }

    /// Closes the consumer, waiting at most ``leaveGroupDeadline``: librdkafka's close can wait
    /// for ever in rare races (``KafkaConsumer/close(waitingAtMost:)``), and a worker that was
    /// asked to stop must stop. Past the deadline the process ends without having left the group,
    /// as a killed one would, and the group moves its partitions after its session timeout.
    private func leaveGroup() throws(KafkaError) {
        logger.info("leaving the consumer group")
        if try consumer.close(waitingAtMost: Self.leaveGroupDeadline) == .stillClosing {
            let done =
                leaving == .afterDrain
                ? "every output is acknowledged and every partition snapshotted, so nothing is lost"
                : "the partitions' next owner continues from their latest snapshots"
            // The close goes on on its own thread and may still call the rebalance handler,
            // which reaches this loop (unowned): the loop is kept to the end of the process.
            _ = Unmanaged.passRetained(self)
            logger.warning(
                "leaving the consumer group did not finish within \(Self.leaveGroupDeadline) (librdkafka can wait for ever here); stopping without it: \(done), and the group moves this worker's partitions after its session timeout (\(settings.sessionTimeoutMilliseconds) ms)"
            )
        }
    }

    private func consume() throws {
        logger.notice(
            "waitwatch worker starting",
            metadata: [
                "version": "\(WaitwatchVersion.current)", "group": "\(settings.group)", "mode": "\(settings.mode)",
                "librdkafka": "\(KafkaProducer.librdkafkaVersion)",
                "inputPartitions": "\(tasks.inputPartitionCount)", "internalPartitions": "\(collector.router.internalPartitionCount)",
            ])
        try consumer.subscribe(topics: [settings.topics.events, settings.internalTopics.contributions]) { [unowned self] event in
            self.rebalance(event)
        }
        systemd.notify("READY=1\nSTATUS=joining the consumer group \(settings.group)")
        var progress = ProgressReporter(interval: .seconds(10))
        var lastLiveTick = ContinuousClock.now
        while !stop.isRequested {
            try consumer.pollBorrowed(max: Self.pollBatchLimit, timeoutMilliseconds: tasks.isRestoring ? 10 : 100) {
                events in try handle(events)
            }
            tasks.noticeKnownEnds()
            try restoreStep()
            collector.flushContributions()
            collector.publisher.poll(timeoutMilliseconds: 0)
            try collector.check()
            try snapshots.step(tasks, collector, threads: threads)
            commitSnapshotPositions()
            observe()
            if settings.mode == .live, ContinuousClock.now - lastLiveTick > .seconds(1) {
                lastLiveTick = ContinuousClock.now
                advanceByWallClock()
            }
            if settings.mode == .untilEnd,
                try endOfInput.step(tasks, collector, memberID: consumer.memberID, inputPartitionCount: tasks.inputPartitionCount)
            {
                break
            }
            if settings.progressThroughLogger {
                progress.report(ifAny: { _ in statusLine() }, write: { logger.notice("\($0)") })
            } else {
                progress.report(ifAny: { _ in statusLine() })
            }
        }
        health.stopping()
        systemd.notify("STOPPING=1\nSTATUS=draining: publishing what is owed, a final snapshot, leaving the group")
        logger.info("draining: waiting for the cluster to acknowledge every output")
        abandonRestore()
        collector.flushContributions()
        try collector.drain()
        // A final snapshot of everything held, so that the next owner starts where this one stopped.
        try snapshots.snapshotNow(
            inputs: Array(tasks.inputs.values), nationals: Array(tasks.nationals.values), tasks, collector, threads: threads)
        try collector.drain()
        commitSnapshotPositions()
        if let firstRead { collector.summary.processingSeconds = (ContinuousClock.now - firstRead).inSeconds }
    }

    /// Handles one poll batch, its messages read in place (borrowed until this returns): the
    /// events are grouped by task, each task's events processed in order on one of the
    /// processing threads (``ProcessingThreads``), then the tasks' outputs are collected on
    /// this thread, task by task in the order of their first event in the batch. Per partition
    /// (so per key) the order of outputs is that of the events, whatever the number of threads;
    /// across partitions the order never mattered (each key lives on one partition).
    private func handle(_ events: [BorrowedConsumerEvent]) throws {
        guard !events.isEmpty else { return }
        var inputBatches: [Int32: TaskBatch] = [:]
        var nationalBatches: [Int32: TaskBatch] = [:]
        var batches: [TaskBatch] = []
        var errors: [(KafkaError, TopicPartition?)] = []
        /// The batch of `owner` (the task of `partition`), made on its first event.
        func batch(_ index: inout [Int32: TaskBatch], _ partition: Int32, _ owner: @autoclosure () -> TaskBatch.Owner) -> TaskBatch {
            if let b = index[partition] { return b }
            let b = TaskBatch(owner())
            index[partition] = b
            batches.append(b)
            return b
        }
        func batch(input: InputTask) -> TaskBatch { batch(&inputBatches, input.partition, .input(input)) }
        func batch(national: NationalTask) -> TaskBatch { batch(&nationalBatches, national.partition, .national(national)) }
        let eventsTopic = settings.topics.events
        for (i, event) in events.enumerated() {
            switch event {
            case .message(let m):
                if m.topic == eventsTopic {
                    if firstRead == nil { firstRead = ContinuousClock.now }
                    guard let input = tasks.inputs[m.partition] else {
                        tasks.noteWhileRestoring(m.topicPartition, endAt: nil)
                        continue
                    }
                    batch(input: input).indices.append(i)
                } else {
                    guard let national = tasks.nationals[m.partition] else {
                        tasks.noteWhileRestoring(m.topicPartition, endAt: nil)
                        continue
                    }
                    batch(national: national).indices.append(i)
                }
            case .partitionEOF(let tp, let next):
                if tp.topic == eventsTopic, let input = tasks.inputs[tp.partition] {
                    batch(input: input).indices.append(i)
                } else if tp.topic != eventsTopic, let national = tasks.nationals[tp.partition] {
                    batch(national: national).indices.append(i)
                } else {
                    tasks.noteWhileRestoring(tp, endAt: next)
                }
            case .error(let error, let tp):
                errors.append((error, tp))
            }
        }
        let plan = BatchPlan(batches: batches, threads: threads.count)
        let (decoder, implausibleTime) = (decoder, settings.implausibleTime)
        threads.run { t in
            for b in plan.perThread[t] { Self.process(plan.batches[b], events, decoder: decoder, implausibleTime: implausibleTime) }
        }
        for b in plan.batches {
            switch b.owner {
            case .input(let input): collector.collect(&b.output, inputPartition: input.partition)
            case .national:
                endOfInput.receive(b.output.markers)
                collector.collect(&b.output)
            }
        }
        for (error, tp) in errors {
            collector.summary.consumerErrors += 1
            if error.code == .partitionEOF { continue }
            logger.warning("consumer: \(error)", metadata: tp.map { ["partition": "\($0)"] } ?? [:])
            if error.isFatal { throw WorkerError("the Kafka consumer failed: \(error)") }
        }
    }

    /// Feeds one task its events of the batch, in order (on a processing thread).
    private static func process(
        _ batch: TaskBatch, _ events: [BorrowedConsumerEvent], decoder: EventDecoder, implausibleTime: ImplausibleTimeCheck
    ) {
        // The output is a local while the events are processed (one access to the batch's
        // property instead of a checked access per event), and put back after.
        var output = TaskOutput()
        swap(&output, &batch.output)
        defer { swap(&output, &batch.output) }
        for i in batch.indices {
            switch (batch.owner, events[i]) {
            case (.input(let input), .message(let m)):
                m.withUnsafeKeyAndValue { key, value in
                    input.process(
                        offset: m.offset, borrowedKey: key, borrowedValue: value, timestampMilliseconds: m.timestampMilliseconds,
                        decoder: decoder, implausibleTime: implausibleTime, into: &output)
                }
            case (.national(let national), .message(let m)):
                national.process(
                    offset: m.offset, value: m.value?.copied(), timestampMilliseconds: m.timestampMilliseconds, into: &output)
            case (.input(let input), .partitionEOF(_, let next)):
                input.atEnd = true
                if input.nextOffset == nil { input.nextOffset = next }
            case (.national(let national), .partitionEOF):
                national.atEnd = true
            case (_, .error):
                break
            }
        }
    }

    /// `--live`: partitions read to their end move on with the wall clock.
    private func advanceByWallClock() {
        let now = Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
        let day = PartitionEngine.lastCompleteDay(watermark: now, latenessSeconds: settings.engine.latenessSeconds)
        for p in tasks.inputs.keys.sorted() {
            guard let input = tasks.inputs[p], input.atEnd else { continue }
            if let c = input.engine.completeThrough, c >= day { continue }
            input.advance(through: day, into: &output)
            collector.collect(&output, inputPartition: p)
            // A wall-clock cut is timing-dependent: snapshot it at once so that a replay never redoes it.
            input.snapshot.requested = true
        }
    }
}
