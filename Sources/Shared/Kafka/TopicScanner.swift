import Logging

/// Reads a whole topic from its oldest retained message to its current end, outside any
/// consumer group (no offsets are committed). Blocking: use from a dedicated thread.
public struct TopicScanner {
    public var kafka: KafkaConfiguration
    public var logger: Logger

    public init(kafka: KafkaConfiguration, logger: Logger) {
        self.kafka = kafka
        self.logger = logger
    }

    /// Calls `body` for every message of `topic`, partition by partition interleaved, until every
    /// partition reports its end.
    ///
    /// - Throws: ``KafkaError`` when the topic cannot be read, or when `timeoutSeconds` pass.
    public func scan(topic: String, headers: Bool = false, timeoutSeconds: Int = 120, _ body: (KafkaMessage) throws -> Void) throws {
        var config = KafkaConsumerConfiguration(kafka: kafka, groupID: "waitwatch-scan")
        config.partitionEOF = true
        let consumer = try KafkaConsumer(configuration: config, logger: logger, readHeaders: headers)
        let counts: [String: Int]
        do { counts = try consumer.partitionCounts(topic: topic) } catch { throw ClusterCheck.explained(error, brokers: kafka.brokers) }
        guard let count = counts[topic] else {
            throw KafkaError(context: "reading \(topic)", code: 3, message: "no such topic")
        }
        try consumer.assign((0..<count).map { TopicPartitionOffset(TopicPartition(topic: topic, partition: Int32($0)), offset: TopicPartitionOffset.beginning) })
        var atEnd = Set<Int32>()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while atEnd.count < count {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(context: "reading \(topic)", code: -185, message: "only \(atEnd.count) of \(count) partitions reached their end within \(timeoutSeconds) s")
            }
            switch consumer.poll(timeoutMilliseconds: 500) {
            case .message(let m)?:
                atEnd.remove(m.topicPartition.partition)
                try body(m)
            case .partitionEOF(let tp, _)?: atEnd.insert(tp.partition)
            case .error(let e, _)?: throw e
            case nil: break
            }
        }
        try consumer.close()
    }
}
