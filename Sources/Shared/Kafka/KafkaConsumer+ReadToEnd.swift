import Logging

extension KafkaConsumer {
    /// Reads partitions of `topic` from their oldest retained message to their current end
    /// (partition EOF), outside any consumer group (nothing is committed), calling `body` for
    /// every message, the partitions interleaved.
    ///
    /// The one read-to-end loop of waitwatch (topic scans, state restore). The consumer is made
    /// for the read and closed on every path out. Blocking: call from a dedicated thread.
    ///
    /// - Parameters:
    ///   - partitions: the partitions to read; nil reads every partition of the topic.
    ///   - configuration: the consumer's settings (partition EOF is turned on here).
    ///   - context: what the read is for, said in errors (default `reading <topic>`).
    ///   - timeoutSeconds: time allowed for every partition to reach its end.
    ///   - pollMilliseconds: the longest wait of one poll.
    ///   - onError: called with each error event; throwing stops the read (the default
    ///     rethrows), returning goes on.
    ///   - afterPoll: called after every poll with the number of partitions at their end.
    /// - Throws: ``KafkaError`` (``KafkaError/Code/unknownTopicOrPartition`` for a topic the
    ///   cluster does not have, ``KafkaError/Code/timedOut`` when `timeoutSeconds` pass), or what
    ///   `onError` or `body` throw.
    public static func readToEnd(
        _ topic: String, partitions: [Int32]? = nil, configuration: KafkaConsumerConfiguration, logger: Logger,
        readHeaders: Bool = false, context: String? = nil, timeoutSeconds: Int, pollMilliseconds: Int32 = 200,
        onError: (KafkaError) throws -> Void = { throw $0 },
        afterPoll: (_ partitionsAtEnd: Int) -> Void = { _ in },
        _ body: (KafkaMessage) throws -> Void
    ) throws {
        var configuration = configuration
        configuration.partitionEOF = true
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger, readHeaders: readHeaders)
        do {
            try consumer.readToEnd(
                topic, partitions: partitions, context: context ?? "reading \(topic)", timeoutSeconds: timeoutSeconds,
                pollMilliseconds: pollMilliseconds, onError: onError, afterPoll: afterPoll, body)
        } catch {
            try? consumer.close()
            throw error
        }
        try consumer.close()
    }

    private func readToEnd(
        _ topic: String, partitions: [Int32]?, context: String, timeoutSeconds: Int, pollMilliseconds: Int32,
        onError: (KafkaError) throws -> Void, afterPoll: (Int) -> Void, _ body: (KafkaMessage) throws -> Void
    ) throws {
        let wanted: [Int32]
        if let partitions {
            wanted = Array(Set(partitions)).sorted()
        } else {
            guard let count = try partitionCounts(topic: topic)[topic] else {
                throw KafkaError(context: context, code: .unknownTopicOrPartition, message: "no such topic")
            }
            wanted = (0..<Int32(count)).map { $0 }
        }
        try assign(wanted.map { TopicPartitionOffset(TopicPartition(topic: topic, partition: $0), offset: TopicPartitionOffset.beginning) })
        var atEnd = Set<Int32>()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while atEnd.count < wanted.count {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(
                    context: context, code: .timedOut,
                    message: "only \(atEnd.count) of \(wanted.count) partitions reached their end within \(timeoutSeconds) s")
            }
            switch poll(timeoutMilliseconds: pollMilliseconds) {
            case .message(let m)?:
                atEnd.remove(m.topicPartition.partition)
                try body(m)
            case .partitionEOF(let tp, _)?:
                atEnd.insert(tp.partition)
            case .error(let e, _)?:
                try onError(e)
            case nil:
                break
            }
            afterPoll(atEnd.count)
        }
    }
}
