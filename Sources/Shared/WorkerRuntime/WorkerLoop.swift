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
    package let settings: WorkerSettings
    package let logger: Logger
    package let stop: StopSignal
    let consumer: KafkaConsumer
    let producer: KafkaProducer
    let decoder: EventDecoder
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
    /// Set when `run()` failed: the revoke of the final close then publishes nothing.
    var leavingAfterFailure = false
    /// What `/healthz` and `/readyz` read, written once per turn.
    package let health: WorkerHealth
    /// The worker's metrics (swift-metrics; nowhere unless the executable bootstrapped a factory).
    let metrics: WorkerMetrics
    /// When the gauges were last read off the tasks, and the lag found then.
    var observation = LoopObservation()

    init(
        settings: WorkerSettings, logger: Logger, stop: StopSignal, consumer: KafkaConsumer, producer: KafkaProducer,
        collector: OutputCollector, tasks: TaskManager, snapshots: SnapshotCoordinator, endOfInput: EndOfInputCoordinator,
        health: WorkerHealth = WorkerHealth(), metrics: WorkerMetrics = WorkerMetrics()
    ) {
        (self.settings, self.logger, self.stop, self.consumer, self.producer) = (settings, logger, stop, consumer, producer)
        (self.collector, self.tasks, self.snapshots, self.endOfInput) = (collector, tasks, snapshots, endOfInput)
        (self.health, self.metrics) = (health, metrics)
        collector.metrics = metrics
        collector.alertGate = AlertGate(from: settings.alertsFrom)
        collector.alertSink = settings.alertSink
        decoder = EventDecoder(catalogue: settings.engine.catalogue)
    }

    /// Runs until stopped (or, with `--until-end`, until everything is published), drains, and
    /// leaves the group. The consumer is closed on every path out, a failure included: the group
    /// moves this worker's partitions at once rather than after the session timeout, and no group
    /// work is left to a `deinit` (where the rebalance handler would reach a released loop).
    package func run() throws -> WorkerSummary {
        do {
            try consume()
        } catch {
            leaveGroupAfterFailure()
            throw error
        }
        let held =
            (tasks.inputs.keys.sorted().map { "\(settings.topics.events)[\($0)]" }
                + tasks.nationals.keys.sorted().map { "\(settings.internalTopics.contributions)[\($0)]" })
        try consumer.close()
        collector.summary.inputPartitionsAtEnd = tasks.inputs.count
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
        leavingAfterFailure = true
        abandonRestore()
        do {
            try consumer.close()
        } catch {
            logger.warning("could not leave the consumer group cleanly after the failure: \(error)")
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
        var events: [ConsumerEvent] = []
        events.reserveCapacity(2_000)
        var progress = ProgressReporter(interval: .seconds(10))
        var lastLiveTick = ContinuousClock.now
        while !stop.isRequested {
            events.removeAll(keepingCapacity: true)
            consumer.poll(into: &events, max: 2_000, timeoutMilliseconds: tasks.isRestoring ? 10 : 100)
            for event in events { try handle(event) }
            tasks.noticeKnownEnds()
            try restoreStep()
            collector.flushContributions()
            collector.publisher.poll(timeoutMilliseconds: 0)
            try collector.check()
            try snapshots.step(tasks, collector)
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
                progress.report(ifAny: { _ in progressLine() }, write: { logger.notice("\($0)") })
            } else {
                progress.report(ifAny: { _ in progressLine() })
            }
        }
        health.stopping()
        logger.info("draining: waiting for the cluster to acknowledge every output")
        abandonRestore()
        collector.flushContributions()
        try collector.drain()
        // A final snapshot of everything held, so that the next owner starts where this one stopped.
        try snapshots.snapshotNow(inputs: Array(tasks.inputs.values), nationals: Array(tasks.nationals.values), tasks, collector)
        try collector.drain()
        commitSnapshotPositions()
        if let firstRead { collector.summary.processingSeconds = (ContinuousClock.now - firstRead).inSeconds }
    }

    private func handle(_ event: ConsumerEvent) throws {
        switch event {
        case .message(let m):
            let tp = m.topicPartition
            if tp.topic == settings.topics.events {
                if firstRead == nil { firstRead = ContinuousClock.now }
                guard let input = tasks.inputs[tp.partition] else { return tasks.noteWhileRestoring(tp, endAt: nil) }
                input.process(
                    offset: m.offset, key: m.key, value: m.value, timestampMilliseconds: m.timestampMilliseconds, decoder: decoder,
                    implausibleTime: settings.implausibleTime, into: &output)
                collector.collect(&output, inputPartition: tp.partition)
            } else {
                guard let national = tasks.nationals[tp.partition] else { return tasks.noteWhileRestoring(tp, endAt: nil) }
                national.process(offset: m.offset, value: m.value, timestampMilliseconds: m.timestampMilliseconds, into: &output)
                endOfInput.receive(output.markers)
                collector.collect(&output)
            }
        case .partitionEOF(let tp, let next):
            if tp.topic == settings.topics.events, let input = tasks.inputs[tp.partition] {
                input.atEnd = true
                if input.nextOffset == nil { input.nextOffset = next }
            } else if tp.topic != settings.topics.events, let national = tasks.nationals[tp.partition] {
                national.atEnd = true
            } else {
                tasks.noteWhileRestoring(tp, endAt: next)
            }
        case .error(let error, let tp):
            collector.summary.consumerErrors += 1
            if error.code == .partitionEOF { return }
            logger.warning("consumer: \(error)", metadata: tp.map { ["partition": "\($0)"] } ?? [:])
            if error.isFatal { throw WorkerError("the Kafka consumer failed: \(error)") }
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
