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

    package init(topic: String, kafka: KafkaConfiguration, logger: Logger) {
        self.topic = topic
        self.kafka = kafka
        self.logger = logger
    }

    package struct LoadResult {
        package var snapshots: [StateOwner: SnapshotAssembler.Snapshot]
        package var incomplete: [StateManifest]
        package var bytesRead: Int
        package var seconds: Double
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
            if let record = StateRecord(decoding: value) {
                assembler.add(record)
            } else {
                logger.warning("skipping a record that is not waitwatch state", metadata: ["partition": "\(m.topicPartition)", "offset": "\(m.offset)"])
            }
        }
        let d = ContinuousClock.now - start
        return LoadResult(
            snapshots: assembler.latest, incomplete: assembler.incomplete, bytesRead: bytes,
            seconds: d.inSeconds)
    }
}
