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
        do {
            try KafkaConsumer.readToEnd(
                topic, configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: "waitwatch-scan"), logger: logger,
                readHeaders: headers, timeoutSeconds: timeoutSeconds, pollMilliseconds: 500, body)
        } catch {
            throw ClusterCheck.explained(error, brokers: kafka.brokers)
        }
    }
}
