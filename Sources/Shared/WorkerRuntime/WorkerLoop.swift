import Foundation
import Logging
import Synchronization
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// The worker's consume–compute–publish loop. Runs on one dedicated thread (every librdkafka
/// call here blocks); ``StopSignal`` asks it to drain and stop from any thread.
///
/// Input partitions feed one ``PartitionEngine`` each; their per-key records go to the
/// statistics topic, their contributions to the national records go to the internal topic,
/// split by service (a service maps to one internal partition), and the internal partitions this
/// worker holds feed one ``AllAggregator`` each, which publishes the `ALL` records.
///
/// State lives in Kafka: every partition's state is snapshotted now and then to the state topic
/// with the offset it reflects (see ``SnapshotProgress`` for when a snapshot may be written), and a
/// partition assigned to this worker is restored from its latest snapshot and read from that
/// offset. Without a snapshot (or with snapshots off) it is read from its beginning. Both are
/// exact because the engine is deterministic: re-published records are identical, and
/// contributions already applied are recognised by their sequence numbers.
package final class WorkerLoop {
    package let settings: WorkerSettings
    package let logger: Logger
    package let stop: StopSignal
    private let consumer: KafkaConsumer
    package let publisher: TrackedPublisher
    private let decoder: EventDecoder
    private let startedAtMilliseconds: Int64

    package var inputs: [Int32: InputPartition] = [:]
    package var internals: [Int32: ContributionPartition] = [:]
    /// State of revoked partitions, kept until the assignment that follows the revoke.
    private var parkedInputs: [Int32: InputPartition] = [:]
    private var parkedInternals: [Int32: ContributionPartition] = [:]
    private var inputPartitionCount: Int
    private var internalPartitionCount: Int {
        didSet { nationalPartitions = Self.nationalPartitions(settings.engine.catalogue, count: internalPartitionCount) }
    }
    private var nationalPartitions: [Int] = []
    private var endMarkers: [Int: EndOfInputMarker] = [:]
    private var lastCensusDay: CivilDay??  // outer nil: not known yet; inner nil: no accepted event at all
    private var deadLetterBuffer: [DeadLetter] = []
    package var nextMessageID: UInt64 = 0
    package var summary = WorkerSummary()
    private var reportedGaps = Set<Int32>()
    private var firstRead: ContinuousClock.Instant?
    private struct QueueKey: Hashable { var input: Int32; var `internal`: Int32 }
    private var queuedContributions: [QueueKey: [AllContribution]] = [:]
    private var publishedAlerts = Set<String>()
    private let alertLog: AlertLog
    package var statePartitionCount: Int
    /// Set when `run()` failed: the revoke of the final close then publishes nothing.
    private var leavingAfterFailure = false

    package init(settings: WorkerSettings, logger: Logger, stop: StopSignal) throws {
        self.settings = settings
        self.logger = logger
        self.stop = stop
        startedAtMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        decoder = EventDecoder(catalogue: settings.engine.catalogue)
        alertLog = try AlertLog(path: settings.alertLogPath)

        var producerConfig = KafkaProducerConfiguration(kafka: settings.kafka)
        // Outputs are retried until delivered: a statistics record is never given up on.
        producerConfig.messageTimeoutMilliseconds = 0
        // An output reported delivered must be on the cluster whatever the broker checks (see
        // `maxInFlightRequests`); `--kafka max.in.flight.requests.per.connection=5` trades that
        // for about 10% more throughput on brokers known to check producer sequences.
        producerConfig.maxInFlightRequests = 1
        let producer = try KafkaProducer(configuration: producerConfig, logger: logger)
        publisher = TrackedPublisher(producer: producer, tracksOrder: true)

        if settings.createTopics {
            TopicSetup.ensure(
                settings.topics.specifications(partitions: settings.partitionsForNewTopics, replicationFactor: TopicSpecification.clusterDefaultReplicationFactor)
                    + settings.internalTopics.specifications(partitions: settings.partitionsForNewTopics, replicationFactor: TopicSpecification.clusterDefaultReplicationFactor),
                kafka: settings.kafka, logger: logger)
        }
        let counts = try ClusterCheck.partitionCounts(producer: producer, brokers: settings.kafka.brokers)
        guard let inputCount = counts[settings.topics.events] else {
            throw WorkerError("topic \(settings.topics.events) does not exist on the cluster at \(settings.kafka.brokers)")
        }
        guard let internalCount = counts[settings.internalTopics.contributions] else {
            throw WorkerError("topic \(settings.internalTopics.contributions) does not exist on the cluster at \(settings.kafka.brokers): create it with as many partitions as \(settings.topics.events)")
        }
        inputPartitionCount = inputCount
        internalPartitionCount = internalCount
        nationalPartitions = Self.nationalPartitions(settings.engine.catalogue, count: internalCount)
        for topic in [settings.topics.stats, settings.topics.deadLetters] where counts[topic] == nil {
            throw WorkerError("topic \(topic) does not exist on the cluster at \(settings.kafka.brokers)")
        }
        statePartitionCount = counts[settings.internalTopics.state] ?? 0
        if settings.snapshots != nil, statePartitionCount == 0 {
            throw WorkerError("topic \(settings.internalTopics.state) does not exist on the cluster at \(settings.kafka.brokers): create it (compacted) with as many partitions as \(settings.topics.events), or run with --no-snapshots")
        }

        var consumerConfig = KafkaConsumerConfiguration(kafka: settings.kafka, groupID: settings.group)
        consumerConfig.sessionTimeoutMilliseconds = settings.sessionTimeoutMilliseconds
        consumerConfig.heartbeatIntervalMilliseconds = max(500, settings.sessionTimeoutMilliseconds / 5)
        consumerConfig.partitionEOF = true
        consumer = try KafkaConsumer(configuration: consumerConfig, logger: logger)
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
        try consumer.close()
        summary.inputPartitionsAtEnd = inputs.count
        return summary
    }

    /// After a failure: leaves the group without publishing or snapshotting anything more (the
    /// failure may be the cluster refusing outputs); the partitions' next owner continues from
    /// their latest snapshots. A close error is only logged: the failure is what the caller reports.
    private func leaveGroupAfterFailure() {
        leavingAfterFailure = true
        do {
            try consumer.close()
        } catch {
            logger.warning("could not leave the consumer group cleanly after the failure: \(error)")
        }
    }

    private func consume() throws {
        logger.info("waitwatch worker starting", metadata: [
            "group": "\(settings.group)", "mode": "\(settings.mode)", "librdkafka": "\(KafkaProducer.librdkafkaVersion)",
            "inputPartitions": "\(inputPartitionCount)", "internalPartitions": "\(internalPartitionCount)",
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
            consumer.poll(into: &events, max: 2_000, timeoutMilliseconds: 100)
            for event in events { try handle(event) }
            flushContributions()
            publisher.poll()
            try checkPublisher()
            try snapshotStep()
            if settings.mode == .live, ContinuousClock.now - lastLiveTick > .seconds(1) {
                lastLiveTick = ContinuousClock.now
                try advanceByWallClock()
            }
            if settings.mode == .untilEnd, try untilEndStep() {
                break
            }
            progress.report { seconds in
                "worker: \(grouped(summary.events)) events read (\(perSecond(summary.events, seconds))/s), "
                    + "\(grouped(summary.records)) records and \(grouped(summary.nationalRecords)) national records published, "
                    + "\(grouped(summary.deadLetters)) dead letters, \(inputs.count) input partition(s)"
            }
        }
        logger.info("draining: waiting for the cluster to acknowledge every output")
        flushContributions()
        try drain()
        // A final snapshot of everything held, so that the next owner starts where this one stopped.
        try snapshotAll(inputs: Array(inputs.keys), internals: Array(internals.keys))
        try drain()
        if let firstRead {
            let d = ContinuousClock.now - firstRead
            summary.processingSeconds = d.inSeconds
        }
    }

    // MARK: Messages

    private func handle(_ event: ConsumerEvent) throws {
        switch event {
        case .message(let m):
            if m.topicPartition.topic == settings.topics.events {
                try handleInput(m)
            } else {
                try handleInternal(m)
            }
        case .partitionEOF(let tp, let next):
            if tp.topic == settings.topics.events {
                inputs[tp.partition]?.atEnd = true
                if inputs[tp.partition]?.nextOffset == nil { inputs[tp.partition]?.nextOffset = next }
            } else {
                internals[tp.partition]?.atEnd = true
            }
        case .error(let error, let tp):
            summary.consumerErrors += 1
            if error.code == .partitionEOF { return }
            logger.warning("consumer: \(error)", metadata: tp.map { ["partition": "\($0)"] } ?? [:])
            if error.isFatal { throw WorkerError("the Kafka consumer failed: \(error)") }
        }
    }

    private func handleInput(_ m: KafkaMessage) throws {
        if firstRead == nil { firstRead = ContinuousClock.now }
        let p = m.topicPartition.partition
        guard let input = inputs[p] else { return }
        // `--until-end`: what arrives after a partition was finished belongs to the next run.
        guard !input.finished else { return }
        noteGap(in: m, expected: input.nextOffset, partition: p)
        input.nextOffset = m.offset + 1
        input.atEnd = false
        input.snapshot.changes += 1
        summary.events += 1
        guard let value = m.value else {
            try deadLetter(key: m.key, value: [], reason: "empty message (no value)", code: "empty", from: m)
            return
        }
        switch decoder.decode(value) {
        case .failure(let rejection):
            try deadLetter(key: m.key, value: value, reason: rejection.reason, code: "invalid", from: m)
        case .success(let event):
            if let reason = MessageKeyCheck.reason(key: m.key, event: event) {
                return try deadLetter(key: m.key, value: value, reason: reason, code: MessageKeyCheck.code, from: m)
            }
            if let reason = settings.implausibleTime.reason(occurredAt: event.occurredAt, messageTimestampMilliseconds: m.timestampMilliseconds) {
                return try deadLetter(key: m.key, value: value, reason: reason, code: ImplausibleTimeCheck.code, from: m)
            }
            deadLetterBuffer.removeAll(keepingCapacity: true)
            let outcome = input.engine.ingest(event, token: UInt64(m.offset), deadLetters: &deadLetterBuffer)
            switch outcome {
            case .held: input.heldMessages[UInt64(m.offset)] = (m.key, value)
            case .duplicate: summary.duplicates += 1
            case .accepted(let late): if late { summary.lateEvents += 1 }
            case .deadLettered: break
            }
            for d in deadLetterBuffer {
                let original = d.token == UInt64(m.offset) ? (m.key, value) : input.heldMessages.removeValue(forKey: d.token)
                try deadLetter(
                    key: original?.key ?? Array(event.key.utf8), value: original?.value ?? EventEncoder().encode(event),
                    reason: d.reason.description, code: d.reason.code, from: m, sourceOffset: Int64(d.token))
            }
            if !input.heldMessages.isEmpty, summary.events % 10_000 == 0, input.engine.heldEventCount == 0 {
                input.heldMessages.removeAll()
            }
            if let advance = input.engine.advanceToWatermark() {
                try publish(advance, from: input)
            }
        }
    }

    private func handleInternal(_ m: KafkaMessage) throws {
        let q = m.topicPartition.partition
        guard let slot = internals[q], let value = m.value else { return }
        slot.nextOffset = m.offset + 1
        slot.atEnd = false
        slot.snapshot.changes += 1
        let message: InternalMessage
        do {
            message = try InternalMessage(decoding: value)
        } catch {
            logger.error("skipping an unreadable internal message", metadata: ["partition": "\(m.topicPartition)", "offset": "\(m.offset)", "error": "\(error)"])
            return
        }
        switch message {
        case .contributions(let list):
            for contribution in list {
                if contribution.partition >= slot.aggregator.partitionCount {
                    slot.aggregator.setPartitionCount(contribution.partition + 1)
                }
                let receipt = slot.aggregator.receive(contribution)
                if case .held = receipt.outcome {
                    logger.warning("national statistics: a contribution of input partition \(contribution.partition) arrived ahead of an earlier one; holding it until the earlier one arrives")
                }
                if case .appliedAfterGap(let missing) = receipt.outcome {
                    logger.error("national statistics: \(missing) contribution(s) of input partition \(contribution.partition) are missing; ALL records may be incomplete")
                }
                for record in receipt.records {
                    try publishRecord(record, alerts: &slot.alerts)
                    summary.nationalRecords += 1
                }
            }
        case .endOfInput(let marker):
            // Markers from earlier runs are stale; owners send them again after every rebalance.
            if let ts = m.timestampMilliseconds, ts >= startedAtMilliseconds - 1_000 {
                endMarkers[marker.partition] = marker
            }
        }
    }

    /// Reports offsets that were skipped: data removed by retention before it was read.
    private func noteGap(in m: KafkaMessage, expected: Int64?, partition p: Int32) {
        let gap: Int64
        if let expected { gap = m.offset - expected } else { gap = m.offset }
        guard gap > 0 else { return }
        summary.unreadMessages += Int(gap)
        let from = expected ?? 0
        if reportedGaps.insert(p).inserted || gap > 1 {
            logger.error(
                "\(m.topicPartition): \(grouped(Int(gap))) message(s) at offsets \(from)..<\(m.offset) were removed by the cluster before they were read (retention); statistics of the keys on this partition do not include them",
                metadata: ["partition": "\(m.topicPartition)"])
        }
    }

    // MARK: Outputs

    private func publish(_ advance: PartitionAdvance, from input: InputPartition) throws {
        for record in advance.records {
            try publishRecord(record, alerts: &input.alerts)
            summary.records += 1
        }
        if let contribution = advance.contribution {
            try publishContribution(contribution)
        }
    }

    /// Publishes a statistics record and the alerts it raises or resolves.
    private func publishRecord(_ record: WaitStatsRecord, alerts: inout AlertEvaluator) throws {
        nextMessageID += 1
        publisher.publish(OutgoingMessage(topic: settings.topics.stats, key: Array(record.key.utf8), value: record.jsonBytes()), id: nextMessageID)
        for alert in alerts.evaluate(record) {
            // A replay after a restart or rebalance computes the same alerts again: publish once.
            guard publishedAlerts.insert(Self.alertIdentity(alert.alertId, alert.state.rawValue)).inserted else { continue }
            nextMessageID += 1
            publisher.publish(OutgoingMessage(topic: settings.topics.alerts, key: Array(alert.key.utf8), value: alert.jsonBytes()), id: nextMessageID)
            alertLog.write(alert.logLine)
            summary.alerts += 1
        }
    }

    package static func alertIdentity(_ id: String, _ state: String) -> String { "\(id)|\(state)" }

    /// Reads the alerts already on the alerts topic, so that a replay does not publish them again.
    private func loadPublishedAlerts() {
        let scanner = TopicScanner(kafka: settings.kafka, logger: logger)
        let decoder = JSONDecoder()
        do {
            try scanner.scan(topic: settings.topics.alerts) { m in
                guard let value = m.value, let alert = try? decoder.decode(Alert.self, from: Data(value)) else { return }
                publishedAlerts.insert(Self.alertIdentity(alert.alertId, alert.state.rawValue))
            }
        } catch {
            logger.warning("could not read \(settings.topics.alerts) to avoid repeating alerts after a restart: \(error)")
        }
    }

    /// The internal partitions that hold at least one service of the catalogue: the only ones
    /// that need contributions. Depends only on the catalogue and the internal partition count.
    private static func nationalPartitions(_ catalogue: ServiceCatalogue, count: Int) -> [Int] {
        Set(catalogue.services.map { internalPartition(ofService: $0.code, count: count) }).sorted()
    }

    /// Splits a contribution by internal partition (each service maps to one) and queues for every
    /// national partition its part, even an empty one: it carries the progress.
    private func publishContribution(_ contribution: AllContribution) throws {
        var parts = Array(repeating: [AllContribution.Section](), count: internalPartitionCount)
        for section in contribution.sections {
            parts[Self.internalPartition(ofService: section.service, count: internalPartitionCount)].append(section)
        }
        let p = Int32(contribution.partition)
        for q in nationalPartitions {
            let part = AllContribution(partition: contribution.partition, sequence: contribution.sequence, throughDay: contribution.throughDay, sections: parts[q])
            queuedContributions[QueueKey(input: p, internal: Int32(q)), default: []].append(part)
        }
    }

    /// Sends the queued contributions: one message per (input partition, internal partition),
    /// keyed by the input partition so their order is kept.
    private func flushContributions() {
        for (key, list) in queuedContributions.sorted(by: { ($0.key.input, $0.key.internal) < ($1.key.input, $1.key.internal) }) {
            nextMessageID += 1
            publisher.publish(OutgoingMessage(
                topic: settings.internalTopics.contributions, partition: key.internal, key: Array(String(key.input).utf8),
                value: InternalMessage.contributions(list).encoded()), id: nextMessageID)
        }
        queuedContributions.removeAll(keepingCapacity: true)
    }

    private func deadLetter(key: [UInt8]?, value: [UInt8], reason: String, code: String, from m: KafkaMessage, sourceOffset: Int64? = nil) throws {
        deadLetter(key: key, value: value, reason: reason, code: code, source: m.topicPartition, offset: sourceOffset ?? m.offset)
    }

    /// Publishes the original key and bytes with the reason and where they came from.
    private func deadLetter(key: [UInt8]?, value: [UInt8], reason: String, code: String, source: TopicPartition, offset: Int64) {
        summary.deadLetters += 1
        nextMessageID += 1
        publisher.publish(OutgoingMessage(
            topic: settings.topics.deadLetters, key: key, value: value,
            headers: [
                ("reason", Array(reason.utf8)),
                ("reason-code", Array(code.utf8)),
                ("source-topic", Array(source.topic.utf8)),
                ("source-partition", Array(String(source.partition).utf8)),
                ("source-offset", Array(String(offset).utf8)),
            ]), id: nextMessageID)
        logger.debug("dead letter", metadata: ["partition": "\(source)", "offset": "\(offset)", "reason": "\(reason)"])
    }

    package func checkPublisher() throws {
        if let failure = publisher.failures.first {
            throw WorkerError("an output could not be delivered, so the statistics would be incomplete: \(failure.error)")
        }
    }

    package func drain() throws {
        while publisher.pending > 0 {
            publisher.finish(timeoutMilliseconds: 5_000)
            try checkPublisher()
            if publisher.pending > 0 {
                logger.warning("still waiting for the cluster to acknowledge \(grouped(publisher.pending)) output message(s)")
            }
        }
    }

    /// The slot partition of a service: a stable hash (FNV-1a) of its code.
    package static func internalPartition(ofService service: String, count: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in service.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % UInt32(max(1, count)))
    }

    // MARK: Time

    /// `--live`: partitions read to their end move on with the wall clock.
    private func advanceByWallClock() throws {
        let now = Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
        let day = PartitionEngine.lastCompleteDay(watermark: now, latenessSeconds: settings.engine.latenessSeconds)
        for p in inputs.keys.sorted() where inputs[p]?.atEnd == true {
            guard let input = inputs[p] else { continue }
            if let c = input.engine.completeThrough, c >= day { continue }
            try publish(input.engine.advance(through: day), from: input)
            // A wall-clock cut is timing-dependent: snapshot it at once so that a replay never redoes it.
            input.snapshot.requested = true
        }
    }

    /// `--until-end`: announces the end of this worker's input, learns the last census day from
    /// every partition's announcement, publishes through it, and says when everything is done.
    private func untilEndStep() throws -> Bool {
        guard !inputs.isEmpty || !internals.isEmpty else { return false }
        let allInputsAtEnd = inputs.values.allSatisfy(\.atEnd)
        flushContributions()
        if allInputsAtEnd {
            for p in inputs.keys.sorted() where inputs[p]?.endMarkerSent == false {
                guard let input = inputs[p] else { continue }
                let marker = EndOfInputMarker(
                    partition: Int(p), latestAcceptedDay: input.engine.latestAcceptedDay?.daysSinceEpoch,
                    endOffset: input.nextOffset ?? 0, sender: consumer.memberID)
                for q in 0..<internalPartitionCount {
                    nextMessageID += 1
                    publisher.publish(OutgoingMessage(topic: settings.internalTopics.contributions, partition: Int32(q), key: Array(String(p).utf8), value: InternalMessage.endOfInput(marker).encoded()), id: nextMessageID)
                }
                inputs[p]?.endMarkerSent = true
            }
        }
        if lastCensusDay == nil, endMarkers.count >= inputPartitionCount,
           (0..<inputPartitionCount).allSatisfy({ endMarkers[$0] != nil }) {
            let day = PartitionEngine.lastCensusDay(latestAcceptedDays: endMarkers.values.map { $0.latestAcceptedDay.map(CivilDay.init(daysSinceEpoch:)) })
            lastCensusDay = .some(day)
            logger.info("every input partition has been read to its end", metadata: ["lastCensusDay": "\(day.map(\.description) ?? "none")"])
        }
        guard let last = lastCensusDay else { return false }
        guard allInputsAtEnd else { return false }
        for p in inputs.keys.sorted() where inputs[p]?.finished == false {
            deadLetterBuffer.removeAll(keepingCapacity: true)
            inputs[p]?.engine.finish(deadLetters: &deadLetterBuffer)
            for d in deadLetterBuffer {
                let original = inputs[p]?.heldMessages.removeValue(forKey: d.token)
                deadLetter(
                    key: original?.key, value: original?.value ?? [], reason: d.reason.description, code: d.reason.code,
                    source: TopicPartition(topic: settings.topics.events, partition: p), offset: Int64(d.token))
            }
            if let last, let input = inputs[p] {
                try publish(input.engine.advance(through: last), from: input)
            }
            inputs[p]?.finished = true
        }
        flushContributions()
        guard internals.values.allSatisfy(\.atEnd) else { return false }
        try applyContributionsHeldTooLong()
        if let last {
            let national = Set(nationalPartitions.map(Int32.init))
            guard internals.filter({ national.contains($0.key) })
                .allSatisfy({ ($0.value.aggregator.completeThrough.map { $0 >= last }) ?? false }) else { return false }
        }
        publisher.poll()
        return publisher.pending == 0
    }

    /// `--until-end`: contributions held behind a missing one for 10 s after everything was
    /// read will not be completed: apply them and say that national records may be incomplete.
    private func applyContributionsHeldTooLong() throws {
        for (q, slot) in internals where slot.aggregator.heldCount > 0 {
            guard let since = slot.heldSince else {
                slot.heldSince = ContinuousClock.now
                continue
            }
            guard ContinuousClock.now - since > .seconds(10) else { continue }
            let (records, missing) = slot.aggregator.applyHeld()
            logger.error("national statistics: \(missing) contribution(s) never arrived on internal partition \(q); ALL records from then on may be incomplete")
            for record in records {
                try publishRecord(record, alerts: &slot.alerts)
                summary.nationalRecords += 1
            }
            slot.heldSince = nil
        }
    }

    // MARK: Rebalance

    /// `--until-end`: whether an input partition was already published through the last census
    /// day by a worker that held it before (a national aggregator here has its final progress).
    private func finishedByEarlierOwner(_ p: Int32) -> Bool {
        guard settings.mode == .untilEnd, let known = lastCensusDay else { return false }
        guard let last = known else { return true }
        let national = Set(nationalPartitions.map(Int32.init))
        let holders = (internals.merging(parkedInternals) { a, _ in a }).filter { national.contains($0.key) }
        return holders.values.contains { ($0.aggregator.completeThrough(partition: Int(p)).map { $0 >= last }) ?? false }
    }

    /// Called inside the consumer's poll. A revoke parks the partitions' state (after publishing
    /// their outputs); an assignment takes parked state back (the eager protocol revokes and
    /// re-assigns everything), keeps partitions already held (the cooperative protocol only
    /// lists additions), starts new partitions from their beginning, and drops parked state that
    /// did not come back.
    private func rebalance(_ event: RebalanceEvent) -> [TopicPartitionOffset] {
        switch event {
        case .revoked(let tps), .lost(let tps):
            logger.info("partitions revoked", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
            guard !leavingAfterFailure else { return [] }
            // Outputs of what was processed must be out before another member takes over,
            // and a snapshot lets it continue where this worker stopped. Lost partitions may
            // already be someone else's: no snapshot for them.
            flushContributions()
            publisher.finish(timeoutMilliseconds: 30_000)
            if case .revoked = event {
                do {
                    try snapshotAll(
                        inputs: tps.filter { $0.topic == settings.topics.events }.map(\.partition),
                        internals: tps.filter { $0.topic == settings.internalTopics.contributions }.map(\.partition))
                    publisher.finish(timeoutMilliseconds: 30_000)
                } catch {
                    logger.warning("could not snapshot the revoked partitions (their next owner reads more): \(error)")
                }
            }
            for tp in tps {
                if tp.topic == settings.topics.events {
                    parkedInputs[tp.partition] = inputs.removeValue(forKey: tp.partition)
                } else {
                    parkedInternals[tp.partition] = internals.removeValue(forKey: tp.partition)
                }
            }
            return []
        case .assigned(let tps):
            logger.info("partitions assigned", metadata: ["partitions": "\(tps.map(\.description).joined(separator: ","))"])
            var offsets: [TopicPartitionOffset] = []
            if let counts = try? publisher.producer.partitionCounts(topic: nil, timeoutMilliseconds: 5_000) {
                inputPartitionCount = counts[settings.topics.events] ?? inputPartitionCount
                internalPartitionCount = counts[settings.internalTopics.contributions] ?? internalPartitionCount
                statePartitionCount = counts[settings.internalTopics.state] ?? statePartitionCount
            }
            let restored = restoreState(
                inputs: tps.filter { $0.topic == settings.topics.events && inputs[$0.partition] == nil && parkedInputs[$0.partition] == nil }.map(\.partition),
                internals: tps.filter { $0.topic != settings.topics.events && internals[$0.partition] == nil && parkedInternals[$0.partition] == nil }.map(\.partition))
            // Internal partitions first: whether an input partition is finished is known from them.
            for tp in tps where tp.topic != settings.topics.events {
                if let parked = parkedInternals.removeValue(forKey: tp.partition) { internals[tp.partition] = parked }
                if internals[tp.partition] == nil, let slot = restored.internals[tp.partition] { internals[tp.partition] = slot }
                if let existing = internals[tp.partition], let next = existing.nextOffset {
                    offsets.append(TopicPartitionOffset(tp, offset: next))
                } else {
                    internals[tp.partition] = ContributionPartition(
                        aggregator: AllAggregator(configuration: settings.engine, partitionCount: inputPartitionCount),
                        alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue))
                    offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.beginning))
                }
                internals[tp.partition]?.atEnd = false
            }
            for tp in tps where tp.topic == settings.topics.events {
                if let parked = parkedInputs.removeValue(forKey: tp.partition) { inputs[tp.partition] = parked }
                if let existing = inputs[tp.partition], let next = existing.nextOffset {
                    offsets.append(TopicPartitionOffset(tp, offset: next))
                } else if finishedByEarlierOwner(tp.partition) {
                    // `--until-end`: its owner published it through the last census day and
                    // left; nothing to redo. Read only what may arrive after its end.
                    let input = InputPartition(partition: tp.partition, configuration: settings.engine, alerts: settings.alerts)
                    input.finished = true
                    input.endMarkerSent = true
                    input.takenOverAtEnd = true
                    inputs[tp.partition] = input
                    offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.end))
                    logger.info("partition already published through the last census day by its previous owner", metadata: ["partition": "\(tp)"])
                } else if let input = restored.inputs[tp.partition], let next = input.nextOffset {
                    inputs[tp.partition] = input
                    offsets.append(TopicPartitionOffset(tp, offset: next))
                } else {
                    inputs[tp.partition] = InputPartition(partition: tp.partition, configuration: settings.engine, alerts: settings.alerts)
                    offsets.append(TopicPartitionOffset(tp, offset: TopicPartitionOffset.beginning))
                }
                inputs[tp.partition]?.atEnd = false
            }
            parkedInputs.removeAll()
            parkedInternals.removeAll()
            // Every member announces its ends again after a change of membership.
            // (A partition taken over at its end has no state to announce.)
            for input in inputs.values where !input.takenOverAtEnd { input.endMarkerSent = false }
            loadPublishedAlerts()
            for slot in internals.values where slot.aggregator.partitionCount < inputPartitionCount {
                slot.aggregator.setPartitionCount(inputPartitionCount)
            }
            return offsets
        }
    }
}

/// Totals for the final summary and progress lines.
package struct WorkerSummary: Sendable {
    package var events = 0
    package var records = 0
    package var nationalRecords = 0
    package var alerts = 0
    package var deadLetters = 0
    package var duplicates = 0
    package var lateEvents = 0
    package var unreadMessages = 0
    package var consumerErrors = 0
    package var inputPartitionsAtEnd = 0
    package var snapshotsWritten = 0
    package var snapshotBytes = 0
    package var restoredPartitions = 0
    package var restoreSeconds: Double = 0
    /// Seconds from the first message read to the last output acknowledged.
    package var processingSeconds: Double = 0
}

/// A one-line error for the user.
package struct WorkerError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// Asks a ``WorkerLoop`` to stop, from any thread.
package final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    package var isRequested: Bool { flag.load(ordering: .relaxed) }
    package func request() { flag.store(true, ordering: .relaxed) }
}
