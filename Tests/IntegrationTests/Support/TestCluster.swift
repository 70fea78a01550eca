import Foundation
import Logging
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// An embedded Kafka cluster for one test, with the pipeline's topics, torn down with the value.
final class TestCluster: @unchecked Sendable {
    let cluster: EmbeddedCluster
    let topics = TopicNames()
    let partitions: Int
    let logger: Logger

    /// `groups`: the consumer groups whose internal topics are created (the mock cluster cannot
    /// create topics when a worker asks).
    init(brokers: Int = 3, partitions: Int = 6, groups: [String] = [InternalTopics.defaultGroup]) throws {
        var logger = Logger(label: "test.cluster") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        self.logger = logger
        self.partitions = partitions
        cluster = try EmbeddedCluster(brokers: brokers, logger: logger)
        for spec in topics.specifications(partitions: partitions, replicationFactor: min(3, brokers))
            + groups.flatMap({ InternalTopics(group: $0).specifications(partitions: partitions, replicationFactor: min(3, brokers)) })
        {
            try cluster.createTopic(spec)
        }
    }

    var brokers: String { cluster.bootstrapServers }

    var kafka: KafkaConfiguration { KafkaConfiguration(brokers: brokers) }

    /// Reads every message of `topic` from the beginning until every partition reports its end,
    /// on a thread of its own (`onDedicatedThread`): tests run concurrently on Swift's
    /// cooperative pool, one thread per core, and a test blocked in a poll there would hold back
    /// every other test's waits and timings.
    func readAll(_ topic: String, headers: Bool = false, timeout: Duration = .seconds(60)) async throws -> [KafkaMessage] {
        try await onDedicatedThread(name: "test-read") { [self] in try readAllBlocking(topic, headers: headers, timeout: timeout) }
    }

    private func readAllBlocking(_ topic: String, headers: Bool, timeout: Duration) throws -> [KafkaMessage] {
        let count = try partitionCount(topic)
        var config = KafkaConsumerConfiguration(kafka: kafka, groupID: "test-reader-\(UUID().uuidString)")
        config.partitionEOF = true
        let consumer = try KafkaConsumer(configuration: config, logger: logger, readHeaders: headers)
        try consumer.assign(
            (0..<count).map {
                TopicPartitionOffset(TopicPartition(topic: topic, partition: Int32($0)), offset: TopicPartitionOffset.beginning)
            })
        var atEnd = Set<Int32>()
        var messages: [KafkaMessage] = []
        let deadline = ContinuousClock.now + timeout
        while atEnd.count < count {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("reading \(topic): only \(atEnd.count) of \(count) partitions reached their end in time")
            }
            switch consumer.poll(timeoutMilliseconds: 200) {
            case .message(let m)?: messages.append(m)
            case .partitionEOF(let tp, _)?: atEnd.insert(tp.partition)
            case .error(let e, _)?: throw e
            case nil: break
            }
        }
        try consumer.close()
        return messages
    }

    /// Messages currently on `topic` (sum of the partitions' high watermarks), asked on a thread
    /// of its own (`onDedicatedThread`).
    func messageCount(_ topic: String) async throws -> Int64 {
        try await onDedicatedThread(name: "test-count") { [self] in try messageCountBlocking(topic) }
    }

    private func messageCountBlocking(_ topic: String) throws -> Int64 {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: "test-count"), logger: logger)
        var total: Int64 = 0
        for p in 0..<(try partitionCount(topic)) {
            total += try consumer.watermarks(of: TopicPartition(topic: topic, partition: Int32(p))).high
        }
        return total
    }

    func partitionCount(_ topic: String) throws -> Int {
        let admin = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger)
        guard let n = try admin.partitionCounts(topic: topic)[topic] else { throw TestFailure("no topic \(topic)") }
        return n
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
