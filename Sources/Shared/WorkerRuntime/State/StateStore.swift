import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// Reads partition snapshots back from the state topic (the worker writes them through its
/// producer, see ``StateRecord/records(owner:snapshot:payload:position:createdAtMilliseconds:chunkSize:)``).
///
/// Restoring reads the state partitions that hold the wanted owners from their oldest retained
/// record to their end (partition EOF), outside any consumer group. The topic stays small: on a
/// compacted topic two snapshot slots and one manifest per owner survive; on a topic with
/// retention by size (librdkafka's mock keeps the newest 5 MiB per partition) the newest
/// snapshots survive. Blocking: call from the worker's thread.
package struct StateStore {
    package var topic: String
    package var kafka: KafkaConfiguration
    package var logger: Logger
    /// Whose records are restored; others' are refused (``ownRecord(_:at:)``).
    package var owner: InternalRecordOwner
    package let refusals = RefusalLog()

    package init(topic: String, kafka: KafkaConfiguration, owner: InternalRecordOwner, logger: Logger) {
        self.topic = topic
        self.kafka = kafka
        self.owner = owner
        self.logger = logger
    }

    package struct LoadResult {
        package var snapshots: [StateOwner: SnapshotAssembler.Snapshot]
        package var incomplete: [StateManifest]
        package var bytesRead: Int
        package var seconds: Double

        package init(snapshots: [StateOwner: SnapshotAssembler.Snapshot], incomplete: [StateManifest], bytesRead: Int, seconds: Double) {
            self.snapshots = snapshots
            self.incomplete = incomplete
            self.bytesRead = bytesRead
            self.seconds = seconds
        }
    }

    package func load(owners: Set<StateOwner>, partitionCount: Int, timeoutSeconds: Int = 300) throws -> LoadResult {
        let start = ContinuousClock.now
        var config = KafkaConsumerConfiguration(kafka: kafka, groupID: "waitwatch-state-restore")
        // The end is reached sooner: a fetch at the end returns after 10 ms, not 100.
        config.kafka.properties["fetch.wait.max.ms"] = "10"
        let partitions = Set(owners.map { $0.statePartition(count: partitionCount) })
        var assembler = SnapshotAssembler()
        assembler.wanted = { owners.contains($0) }
        var bytes = 0
        var progress = ProgressReporter(interval: .seconds(5))
        try KafkaConsumer.readToEnd(
            topic, partitions: Array(partitions), configuration: config, logger: logger,
            context: "restoring state from \(topic)", timeoutSeconds: timeoutSeconds,
            onError: { e in
                if e.isFatal { throw e }
                logger.warning("restoring state: \(e)")
            },
            afterPoll: { atEnd in
                progress.report { seconds in
                    "restoring state: \(grouped(bytes)) bytes read from \(topic) in \(String(format2: seconds)) s, \(atEnd) of \(partitions.count) partitions read"
                }
            }
        ) { m in
            guard let value = m.value else { return }
            bytes += value.count
            if let record = ownRecord(value, at: "\(m.topicPartition)@\(m.offset)") { assembler.add(record) }
        }
        let d = ContinuousClock.now - start
        return LoadResult(
            snapshots: assembler.latest, incomplete: assembler.incomplete, bytesRead: bytes,
            seconds: d.inSeconds)
    }

    /// A restore in progress, read in steps so that the worker's loop serves its other
    /// partitions and a stop request between them (docs/DESIGN.md, "Restore"). The stepwise
    /// form of ``load(owners:partitionCount:timeoutSeconds:)`` (which reads in one go with the
    /// binding's `readToEnd`, for tools such as `bench-restore`).
    package final class Reader {
        package let owners: Set<StateOwner>
        private let store: StateStore
        private let consumer: KafkaConsumer
        private let partitions: Set<Int32>
        private var assembler = SnapshotAssembler()
        private var atEnd = Set<Int32>()
        private var bytes = 0
        private let start = ContinuousClock.now
        private let deadline: ContinuousClock.Instant
        private let timeoutSeconds: Int
        private var progress = ProgressReporter(interval: .seconds(5))

        package init(store: StateStore, owners: Set<StateOwner>, partitionCount: Int, timeoutSeconds: Int = 300) throws {
            self.store = store
            self.owners = owners
            self.timeoutSeconds = timeoutSeconds
            deadline = start + .seconds(timeoutSeconds)
            var config = KafkaConsumerConfiguration(kafka: store.kafka, groupID: "waitwatch-state-restore")
            config.partitionEOF = true
            // The end is reached sooner: a fetch at the end returns after 10 ms, not 100.
            config.kafka.properties["fetch.wait.max.ms"] = "10"
            consumer = try KafkaConsumer(configuration: config, logger: store.logger)
            partitions = Set(owners.map { $0.statePartition(count: partitionCount) })
            try consumer.assign(
                partitions.sorted().map {
                    TopicPartitionOffset(TopicPartition(topic: store.topic, partition: $0), offset: TopicPartitionOffset.beginning)
                })
            assembler.wanted = { owners.contains($0) }
        }

        deinit { close() }

        /// Leaves the state topic (also when the restore is abandoned).
        package func close() { try? consumer.close() }

        /// Reads for about `milliseconds`; true once every state partition was read to its end.
        package func step(forMilliseconds milliseconds: Int) throws -> Bool {
            let stepEnd = ContinuousClock.now + .milliseconds(milliseconds)
            while atEnd.count < partitions.count {
                let now = ContinuousClock.now
                guard now < deadline else {
                    throw KafkaError(
                        context: "restoring state from \(store.topic)", code: .timedOut,
                        message: "only \(atEnd.count) of \(partitions.count) partitions reached their end within \(timeoutSeconds) s")
                }
                guard now < stepEnd else { return false }
                switch consumer.poll(timeoutMilliseconds: Int32(max(1, min(200, (stepEnd - now).inSeconds * 1_000)))) {
                case .message(let m)?:
                    atEnd.remove(m.topicPartition.partition)
                    guard let value = m.value else { continue }
                    bytes += value.count
                    if let record = store.ownRecord(value, at: "\(m.topicPartition)@\(m.offset)") { assembler.add(record) }
                case .partitionEOF(let tp, _)?:
                    atEnd.insert(tp.partition)
                case .error(let e, _)?:
                    if e.isFatal { throw e }
                    store.logger.warning("restoring state: \(e)")
                case nil:
                    break
                }
                let (bytes, atEnd, count, topic) = (bytes, atEnd.count, partitions.count, store.topic)
                progress.report { seconds in
                    "restoring state: \(grouped(bytes)) bytes read from \(topic) in \(String(format2: seconds)) s, \(atEnd) of \(count) partitions read"
                }
            }
            return true
        }

        /// The latest complete snapshot of every owner found (call once ``step(forMilliseconds:)`` returned true).
        package var result: LoadResult {
            LoadResult(
                snapshots: assembler.latest, incomplete: assembler.incomplete, bytesRead: bytes,
                seconds: (ContinuousClock.now - start).inSeconds)
        }
    }
}
