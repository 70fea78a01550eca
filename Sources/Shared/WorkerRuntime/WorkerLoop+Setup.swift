import Foundation
import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka

extension WorkerLoop {
    /// Connects to the cluster, checks (or creates) the topics and builds the worker's parts.
    package convenience init(
        settings: WorkerSettings, logger: Logger, stop: StopSignal, health: WorkerHealth = WorkerHealth(),
        metrics: WorkerMetrics = WorkerMetrics()
    ) throws {
        var producerConfig = KafkaProducerConfiguration(kafka: settings.kafka)
        // Outputs are retried until delivered: a statistics record is never given up on.
        producerConfig.messageTimeoutMilliseconds = 0
        // An output reported delivered must be on the cluster whatever the broker checks (see
        // `maxInFlightRequests`); `--kafka max.in.flight.requests.per.connection=5` trades that
        // for about 10% more throughput on brokers known to check producer sequences.
        producerConfig.maxInFlightRequests = 1
        let producer = try KafkaProducer(configuration: producerConfig, logger: logger)

        if settings.createTopics {
            TopicSetup.ensure(
                settings.topics.specifications(
                    partitions: settings.partitionsForNewTopics, replicationFactor: TopicSpecification.clusterDefaultReplicationFactor),
                kafka: settings.kafka, logger: logger)
            // The group's internal topics get as many partitions as the events topic has (they must).
            let events = (try? producer.partitionCounts(topic: settings.topics.events, timeoutMilliseconds: 5_000))?[settings.topics.events]
            TopicSetup.ensure(
                settings.internalTopics.specifications(
                    partitions: events ?? settings.partitionsForNewTopics,
                    replicationFactor: TopicSpecification.clusterDefaultReplicationFactor),
                kafka: settings.kafka, logger: logger)
        }
        let counts = try ClusterCheck.partitionCounts(producer: producer, brokers: settings.kafka.brokers)
        let cluster = settings.kafka.brokers
        guard let inputCount = counts[settings.topics.events] else {
            throw WorkerError("topic \(settings.topics.events) does not exist on the cluster at \(cluster)")
        }
        guard let internalCount = counts[settings.internalTopics.contributions] else {
            throw WorkerError(
                "topic \(settings.internalTopics.contributions) (group \(settings.group)'s) does not exist on the cluster at \(cluster): create it with as many partitions as \(settings.topics.events) (`setup --group \(settings.group)`)"
            )
        }
        for topic in [settings.topics.stats, settings.topics.deadLetters] where counts[topic] == nil {
            throw WorkerError("topic \(topic) does not exist on the cluster at \(cluster)")
        }
        let statePartitionCount = counts[settings.internalTopics.state] ?? 0
        if settings.snapshots != nil, statePartitionCount == 0 {
            throw WorkerError(
                "topic \(settings.internalTopics.state) does not exist on the cluster at \(cluster): create it (compacted) with as many partitions as \(settings.topics.events), or run with --no-snapshots"
            )
        }

        var consumerConfig = KafkaConsumerConfiguration(kafka: settings.kafka, groupID: settings.group)
        consumerConfig.sessionTimeoutMilliseconds = settings.sessionTimeoutMilliseconds
        consumerConfig.heartbeatIntervalMilliseconds = max(500, settings.sessionTimeoutMilliseconds / 5)
        consumerConfig.partitionEOF = true
        let consumer = try KafkaConsumer(configuration: consumerConfig, logger: logger)

        let collector = OutputCollector(
            publisher: TrackedPublisher(producer: producer, tracksOrder: true), topics: settings.topics,
            internalTopics: settings.internalTopics,
            owner: settings.internalOwner,
            router: ContributionRouter(catalogue: settings.engine.catalogue, internalPartitionCount: internalCount),
            alertLog: try AlertLog(path: settings.alertLogPath), logger: logger)
        let startedAt = Int64(Date().timeIntervalSince1970 * 1000)
        var endOfInput = EndOfInputCoordinator(startedAtMilliseconds: startedAt, logger: logger)
        if settings.mode == .untilEnd {
            for p in 0..<inputCount {
                let tp = TopicPartition(topic: settings.topics.events, partition: Int32(p))
                if let ends = try? consumer.watermarks(of: tp, timeoutMilliseconds: 5_000) { endOfInput.endsAtStart[p] = ends.high }
            }
        }
        let tasks = TaskManager(settings: settings, inputPartitionCount: inputCount, logger: logger)
        tasks.freshRunStartedAtMilliseconds = startedAt
        self.init(
            settings: settings, logger: logger, stop: stop, consumer: consumer, producer: producer, collector: collector,
            tasks: tasks,
            snapshots: SnapshotCoordinator(settings: settings, statePartitionCount: statePartitionCount, logger: logger),
            endOfInput: endOfInput, health: health, metrics: metrics)
    }
}
