import Logging
import WaitwatchConfig
import WaitwatchCore
import WaitwatchKafka
import WaitwatchCLI

/// Publishes what the tasks return (Kafka Streams: the `RecordCollector`): statistics records,
/// alerts (and their alert-log lines), dead letters with their headers, and the contributions
/// the ``ContributionRouter`` queues, each under the next message id, so that a snapshot can
/// wait for every output before it (``nextMessageID``). Counts everything in ``summary``.
///
/// Alerts are published as the tasks return them: a task's alert evaluator never returns the
/// same transition twice, and its state travels in the task's snapshot; what a restored task
/// published after its snapshot, before a crash, ``replayGuard`` knows (docs/DESIGN.md, "No
/// repeated alerts").
package final class OutputCollector {
    package let publisher: any OutputPublisher
    package let topics: TopicNames
    package let internalTopics: InternalTopics
    /// Whose the internal records this worker writes are (its group and configuration).
    package let owner: InternalRecordOwner
    package var router: ContributionRouter
    package var summary = WorkerSummary()
    /// Where the outputs are also counted for `/metrics` (nil: not counted).
    package var metrics: WorkerMetrics?
    /// `--alerts-from`: which transitions are published (all by default).
    package var alertGate = AlertGate(from: nil)
    /// Also receives every alert published (`--alertmanager`).
    package var alertSink: (@Sendable (Alert) -> Void)?
    /// Alerts already on the topic that a replay after a restore would repeat.
    package var replayGuard = AlertReplayGuard()
    /// The id of the last message published.
    package private(set) var nextMessageID: UInt64 = 0
    private let alertLog: any AlertLineWriter
    private let logger: Logger
    private var reportedGaps = Set<Int32>()

    package init(
        publisher: any OutputPublisher, topics: TopicNames, internalTopics: InternalTopics, owner: InternalRecordOwner,
        router: ContributionRouter, alertLog: any AlertLineWriter, logger: Logger
    ) {
        self.publisher = publisher
        self.topics = topics
        self.internalTopics = internalTopics
        self.owner = owner
        self.router = router
        self.alertLog = alertLog
        self.logger = logger
    }

    /// Publishes `output` (of the task of input partition `partition`, if any) and empties it.
    package func collect(_ output: inout TaskOutput, inputPartition partition: Int32? = nil) {
        metrics?.count(output)
        summary.events += output.events
        summary.duplicates += output.duplicates
        summary.alreadyApplied += output.alreadyApplied
        summary.lateEvents += output.lateEvents
        for range in output.unread { noteUnread(range, partition: partition ?? -1) }
        for item in output.items {
            switch item {
            case .record(let record, let national, let encoded):
                output.bytes.withUnsafeBytes { b in
                    publish(
                        topic: topics.stats, key: UnsafeRawBufferPointer(rebasing: b[encoded.key]),
                        value: UnsafeRawBufferPointer(rebasing: b[encoded.value]))
                }
                switch TaskOutput.Item.level(of: record, national: national) {
                case .trust: summary.records += 1
                case .national: summary.nationalRecords += 1
                case .icb, .region: summary.rollUpRecords += 1
                }
                for alert in alertGate.release(after: record) where !replayGuard.contains(alert) { publish(alert) }
            case .alert(let alert):
                if replayGuard.contains(alert) { continue }
                if alertGate.admits(alert) { publish(alert) }
            case .deadLetter(let d):
                deadLetter(d)
            case .contribution(let c):
                router.route(c)
            }
        }
        output.clear()
    }

    /// Publishes an alert transition and writes its alert-log line.
    private func publish(_ alert: Alert) {
        publish(OutgoingMessage(topic: topics.alerts, key: Array(alert.key.utf8), value: alert.jsonBytes()))
        alertLog.write(alert.logLine)
        summary.alerts += 1
        metrics?.published(alert)
        alertSink?(alert)
    }

    /// Sends the contributions the router queued: one message per (input partition, internal
    /// partition), keyed by the input partition so that their order is kept.
    package func flushContributions() {
        for batch in router.drain() {
            publish(
                OutgoingMessage(
                    topic: internalTopics.contributions, partition: batch.internalPartition, key: Array(String(batch.inputPartition).utf8),
                    value: InternalMessage.contributions(batch.contributions).encoded(by: owner)))
        }
    }

    /// Sends an end-of-input marker to every internal partition.
    package func publish(_ marker: EndOfInputMarker) {
        let value = InternalMessage.endOfInput(marker).encoded(by: owner)
        for q in 0..<router.internalPartitionCount {
            publish(
                OutgoingMessage(
                    topic: internalTopics.contributions, partition: Int32(q), key: Array(String(marker.partition).utf8), value: value))
        }
    }

    /// Publishes one message under the next id.
    package func publish(_ message: OutgoingMessage) {
        nextMessageID += 1
        publisher.publish(message, id: nextMessageID)
    }

    /// Publishes a key and value that librdkafka copies (they need not outlive the call) under the next id.
    private func publish(topic: String, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        nextMessageID += 1
        publisher.publish(topic: topic, partition: nil, key: key, value: value, id: nextMessageID)
    }

    /// Throws if an output could not be delivered: the statistics would be incomplete.
    package func check() throws {
        if let failure = publisher.firstFailure {
            throw WorkerError("an output could not be delivered, so the statistics would be incomplete: \(failure)")
        }
    }

    /// Waits until every output is acknowledged (or one failed).
    package func drain() throws {
        while publisher.pending > 0 {
            publisher.finish(timeoutMilliseconds: 5_000)
            try check()
            if publisher.pending > 0 {
                logger.warning("still waiting for the cluster to acknowledge \(grouped(publisher.pending)) output message(s)")
            }
        }
    }

    /// The original key and bytes, with the reason and where they came from as headers.
    private func deadLetter(_ d: DeadLetterOutput) {
        summary.deadLetters += 1
        publish(
            OutgoingMessage(
                topic: topics.deadLetters, key: d.key, value: d.value,
                headers: [
                    ("reason", Array(d.reason.utf8)),
                    ("reason-code", Array(d.code.utf8)),
                    ("source-topic", Array(topics.events.utf8)),
                    ("source-partition", Array(String(d.sourcePartition).utf8)),
                    ("source-offset", Array(String(d.sourceOffset).utf8)),
                ]))
        logger.debug(
            "dead letter", metadata: ["partition": "\(d.sourcePartition)", "offset": "\(d.sourceOffset)", "reason": "\(d.reason)"])
    }

    /// Reports offsets that were skipped: data removed by retention before it was read.
    private func noteUnread(_ range: Range<Int64>, partition p: Int32) {
        summary.unreadMessages += range.count
        let tp = TopicPartition(topic: topics.events, partition: p)
        if reportedGaps.insert(p).inserted || range.count > 1 {
            logger.error(
                "\(tp): \(grouped(range.count)) message(s) at offsets \(range.lowerBound)..<\(range.upperBound) were removed by the cluster before they were read (retention); statistics of the keys on this partition do not include them",
                metadata: ["partition": "\(tp)"])
        }
    }
}
