import Foundation
import Testing
import WaitwatchKafka
import WaitwatchKafkaEmbedded

/// The borrowed consume path (`KafkaConsumer.pollBorrowed`): keys and values are read in place
/// in librdkafka's memory while their batch is open, and never after the batch released them.
///
/// Under AddressSanitizer (`scripts/sanitize address`, which runs this suite) a read of a
/// message's memory after `rd_kafka_message_destroy` is a heap-use-after-free report, so the
/// first test also checks that the binding keeps every message alive for its whole batch.
@Suite(.serialized) struct BorrowedMessageTests {
    @Test func borrowedBytesAreReadInPlaceDuringTheirBatchAndDeadAfterIt() throws {
        let cluster = try TestCluster(partitions: 3)
        let topic = cluster.topics.events
        let count = 3_000
        try produce(count, to: topic, cluster: cluster)

        var config = KafkaConsumerConfiguration(kafka: cluster.kafka, groupID: "borrowed-\(UUID().uuidString)")
        config.partitionEOF = true
        let consumer = try KafkaConsumer(configuration: config, logger: cluster.logger)
        try consumer.assign(
            (0..<3).map { TopicPartitionOffset(TopicPartition(topic: topic, partition: Int32($0)), offset: TopicPartitionOffset.beginning) }
        )
        var seen = Set<Int>()
        var escaped: [BorrowedBytes] = []
        var ends = Set<Int32>()
        var batches = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ends.count < 3 && ContinuousClock.now < deadline {
            try consumer.pollBorrowed(max: 500, timeoutMilliseconds: 200) { (events) throws(TestFailure) in
                batches += 1
                for event in events {
                    switch event {
                    case .message(let m):
                        // Every byte of key and value is read here, inside the batch.
                        let (key, value) = m.withUnsafeKeyAndValue { k, v in
                            (k.map { String(decoding: $0, as: UTF8.self) }, v.map { String(decoding: $0, as: UTF8.self) })
                        }
                        guard let key, let value, let i = Int(value.dropFirst(key.count + 1)), value.hasPrefix(key + "#") else {
                            throw TestFailure("unexpected message \(String(describing: key)) \(String(describing: value))")
                        }
                        #expect(m.value?.isAlive == true)
                        #expect(m.value?.copied() == Array(value.utf8))
                        seen.insert(i)
                        // Kept past the batch on purpose; only its liveness is asked afterwards.
                        if let v = m.value { escaped.append(v) }
                    case .partitionEOF(let tp, _): ends.insert(tp.partition)
                    case .error(let e, _): throw TestFailure("unexpected error \(e)")
                    }
                }
            }
        }
        try consumer.close()
        #expect(seen == Set(0..<count))
        #expect(batches > 1)
        #expect(escaped.count == count)
        #expect(escaped.allSatisfy { !$0.isAlive }, "every borrowed view is dead once its batch is released")
    }

    /// Reading a borrowed view after its batch traps (a precondition) instead of reading freed memory.
    @Test func readingBorrowedBytesAfterTheirBatchTraps() async {
        #if arch(x86_64)
        let trap = SIGILL  // a Swift precondition failure
        #else
        let trap = SIGTRAP
        #endif
        let result = await #expect(processExitsWith: .signal(trap), observing: [\.standardErrorContent]) {
            let cluster = try TestCluster(partitions: 1)
            try BorrowedMessageTests().produce(1, to: cluster.topics.events, cluster: cluster)
            var config = KafkaConsumerConfiguration(kafka: cluster.kafka, groupID: "borrowed-trap")
            config.partitionEOF = true
            let consumer = try KafkaConsumer(configuration: config, logger: cluster.logger)
            try consumer.assign([
                TopicPartitionOffset(TopicPartition(topic: cluster.topics.events, partition: 0), offset: TopicPartitionOffset.beginning)
            ])
            var kept: BorrowedBytes?
            let deadline = ContinuousClock.now + .seconds(60)
            while kept == nil && ContinuousClock.now < deadline {
                consumer.pollBorrowed(max: 10, timeoutMilliseconds: 200) { events in
                    for case .message(let m) in events { kept = m.value }
                }
            }
            guard let kept else { return }  // no message: exits 0, so the expectation fails
            _ = kept.copied()  // traps: the message was released with its batch
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("read after the message was released"), "\(stderr.suffix(2000))")
    }

    func produce(_ count: Int, to topic: String, cluster: TestCluster) throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        let publisher = TrackedPublisher(producer: producer)
        let keys = ["RAJ/SALT", "RQW/SALT", "RAJ/CAMHS", "RXA/OT", "R1F/NDA"]
        for i in 0..<count {
            let key = keys[i % keys.count]
            publisher.publish(OutgoingMessage(topic: topic, key: Array(key.utf8), value: Array("\(key)#\(i)".utf8)), id: UInt64(i))
        }
        #expect(publisher.finish(timeoutMilliseconds: 30_000) == 0)
    }
}
