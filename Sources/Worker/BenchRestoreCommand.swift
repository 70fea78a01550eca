import ArgumentParser
import Foundation
import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker bench-restore`: how long restoring one partition's state from Kafka takes.
struct BenchRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-restore",
        abstract: "Measure snapshot and restore of one input partition's state through Kafka.",
        discussion: """
            Builds one partition engine holding N waiting referrals, writes its snapshot to a \
            one-partition state topic exactly as the worker does (chunks and manifest, lz4), then \
            restores it as a partition's new owner would: reads the state partition to its end, \
            checks and decodes the snapshot, and rebuilds the engine. Uses an embedded cluster \
            unless --brokers is given (the topic must then exist). Prints figures; asserts nothing \
            but that the restored state equals the original.
            """)

    @Option(help: "Waiting referrals in the partition.")
    var referrals: Int = 100_000

    @Option(help: "Repetitions of the restore.")
    var repeats: Int = 3

    @Option(help: ArgumentHelp("Kafka bootstrap servers; default: an embedded cluster.", valueName: "list"))
    var brokers: String?

    @Option(help: "State topic to use with --brokers.")
    var topic: String = "waitwatch-bench-state"

    func run() throws {
        var logger = Logger(label: "waitwatch.bench-restore") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        var cluster: EmbeddedCluster?
        let bootstrap: String
        if let brokers {
            bootstrap = brokers
        } else {
            let c = try EmbeddedCluster(brokers: 1, logger: logger)
            try c.createTopic(TopicSpecification(name: topic, partitions: 1, replicationFactor: 1, compacted: true))
            bootstrap = c.bootstrapServers
            cluster = c
        }
        defer { withExtendedLifetime(cluster) {} }
        let kafka = KafkaConfiguration(brokers: bootstrap)
        var settings = WorkerSettings(
            kafka: kafka, group: "bench", mode: .streaming, engine: EngineConfiguration(), alerts: AlertConfiguration(),
            alertLogPath: nil, topics: TopicNames(), internalTopics: InternalTopics(), sessionTimeoutMilliseconds: 10_000,
            createTopics: false, partitionsForNewTopics: 1, snapshots: SnapshotPolicy())
        settings.internalTopics.state = topic

        let input = InputTask(partition: 0, configuration: settings.engine, alerts: settings.alerts)
        var dead: [DeadLetter] = []
        for e in BenchEngineCommand.waitingReferrals(referrals) { _ = input.engine.ingest(e, token: 0, deadLetters: &dead) }
        if let day = input.engine.latestAcceptedDay { _ = input.engine.advance(through: day) }
        input.nextOffset = Int64(referrals)
        let clock = ContinuousClock()

        var t = clock.now
        let payload = try PartitionStateSnapshot(of: input).encoded()
        let encodeSeconds = seconds(clock.now - t)
        let owner = StateOwner(kind: .input, partition: 0)
        let records = StateRecord.records(owner: owner, snapshot: 1, payload: payload, position: Int64(referrals), createdAtMilliseconds: 0)
        t = clock.now
        let publisher = TrackedPublisher(
            producer: try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger))
        for (i, r) in records.enumerated() {
            publisher.publish(
                OutgoingMessage(topic: topic, partition: 0, key: Array(r.key.utf8), value: settings.internalOwner.encoded() + r.encoded()),
                id: UInt64(i))
        }
        guard publisher.finish(timeoutMilliseconds: 60_000) == 0, publisher.failures.isEmpty else {
            throw WorkerError(
                "the snapshot could not be written to \(topic): \(publisher.failures.first.map { "\($0.error)" } ?? "timed out")")
        }
        let writeSeconds = seconds(clock.now - t)
        Output.line(
            "snapshot: \(grouped(referrals)) waiting referrals over \(grouped(input.engine.keyCount)) keys: \(grouped(payload.count)) bytes (\(String(format2: Double(payload.count) / Double(referrals))) per referral) in \(records.count - 1) chunk(s); encode \(String(format2: encodeSeconds * 1_000)) ms, write \(String(format2: writeSeconds * 1_000)) ms"
        )

        let original = input.engine.snapshotBytes()
        let store = StateStore(topic: topic, kafka: kafka, owner: settings.internalOwner, logger: logger)
        for attempt in 1...max(1, repeats) {
            t = clock.now
            let loaded = try store.load(owners: [owner], partitionCount: 1)
            let readSeconds = seconds(clock.now - t)
            guard let snapshot = loaded.snapshots[owner] else { throw WorkerError("the snapshot was not found on \(topic)") }
            let t2 = clock.now
            let restored = try PartitionStateSnapshot(decoding: snapshot.payload).restoreInput(partition: 0, settings: settings)
            let decodeSeconds = seconds(clock.now - t2)
            let same = restored.engine.snapshotBytes() == original && restored.nextOffset == input.nextOffset
            Output.line(
                "restore \(attempt): read \(grouped(loaded.bytesRead)) bytes in \(String(format2: readSeconds * 1_000)) ms, decode and rebuild in \(String(format2: decodeSeconds * 1_000)) ms, total \(String(format2: (readSeconds + decodeSeconds) * 1_000)) ms; restored state \(same ? "identical" : "DIFFERENT")"
            )
            guard same else { throw WorkerError("the restored state differs from the original") }
        }
    }

    private func seconds(_ d: Duration) -> Double {
        d.inSeconds
    }
}
