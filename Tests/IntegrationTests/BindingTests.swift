import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// The librdkafka binding against a real (embedded) Kafka-protocol cluster.
@Suite(.serialized) struct BindingTests {
    @Test func producedMessagesAreDeliveredOnceToTheKeysPartitionInOrder() async throws {
        let cluster = try TestCluster(partitions: 4)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        let publisher = TrackedPublisher(producer: producer)
        let keys = ["RAJ/SALT", "RQW/SALT", "RAJ/CAMHS", "RXA/OT", "R1F/NDA"]
        for i in 0..<5_000 {
            let key = keys[i % keys.count]
            publisher.publish(
                OutgoingMessage(topic: cluster.topics.events, key: Array(key.utf8), value: Array("\(key)#\(i)".utf8)), id: UInt64(i))
        }
        #expect(publisher.finish(timeoutMilliseconds: 30_000) == 0)
        #expect(publisher.delivered == 5_000)
        #expect(publisher.failures.isEmpty)

        let messages = try await cluster.readAll(cluster.topics.events)
        #expect(messages.count == 5_000)
        var partitionOfKey: [String: Int32] = [:]
        var lastIndexOfKey: [String: Int] = [:]
        for m in messages {
            let value = String(decoding: m.value ?? [], as: UTF8.self)
            let key = String(decoding: m.key ?? [], as: UTF8.self)
            let parts = value.split(separator: "#")
            #expect(String(parts[0]) == key)
            let index = Int(parts[1])!
            #expect(partitionOfKey[key, default: m.topicPartition.partition] == m.topicPartition.partition)
            partitionOfKey[key] = m.topicPartition.partition
            #expect(index > lastIndexOfKey[key, default: -1], "per-key order")
            lastIndexOfKey[key] = index
        }
    }

    @Test func headersTombstonesAndCommittedOffsetsRoundTrip() async throws {
        let cluster = try TestCluster(partitions: 1)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        let publisher = TrackedPublisher(producer: producer)
        publisher.publish(
            OutgoingMessage(
                topic: cluster.topics.deadLetters, key: nil, value: Array("bad".utf8),
                headers: [("reason", Array("not JSON".utf8)), ("line", Array("7".utf8))]), id: 1)
        publisher.publish(OutgoingMessage(topic: cluster.topics.deadLetters, key: Array("k".utf8), value: nil), id: 2)
        #expect(publisher.finish(timeoutMilliseconds: 10_000) == 0)
        let messages = try await cluster.readAll(cluster.topics.deadLetters, headers: true)
        #expect(messages.count == 2)
        #expect(messages[0].header("reason").map { String(decoding: $0, as: UTF8.self) } == "not JSON")
        #expect(messages[0].header("line").map { String(decoding: $0, as: UTF8.self) } == "7")
        #expect(messages[1].value == nil)

        // A group consumer: rebalance handler sees the assignment; commit and read back.
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: cluster.kafka, groupID: "g1"), logger: cluster.logger)
        nonisolated(unsafe) var assigned: [TopicPartition] = []
        try consumer.subscribe(topics: [cluster.topics.deadLetters]) { event in
            if case .assigned(let tps) = event { assigned += tps }
            return []
        }
        var seen = 0
        var eof = false
        let deadline = ContinuousClock.now + .seconds(30)
        while !eof && ContinuousClock.now < deadline {
            switch consumer.poll(timeoutMilliseconds: 100) {
            case .message?: seen += 1
            case .partitionEOF?: eof = true
            case .error(let e, _)?: Issue.record("unexpected error \(e)")
            case nil: break
            }
        }
        #expect(seen == 2)
        #expect(assigned == [TopicPartition(topic: cluster.topics.deadLetters, partition: 0)])
        let tp = TopicPartition(topic: cluster.topics.deadLetters, partition: 0)
        try consumer.commit([TopicPartitionOffset(tp, offset: 2)])
        #expect(try consumer.committed([tp])[tp] == 2)
        try consumer.close()
    }

    @Test func aBadSettingIsAClearError() throws {
        var config = KafkaProducerConfiguration(kafka: KafkaConfiguration(brokers: "127.0.0.1:1", properties: ["no.such.setting": "1"]))
        config.lingerMilliseconds = 1
        #expect {
            _ = try KafkaProducer(configuration: config, logger: .init(label: "t"))
        } throws: { error in
            "\(error)".contains("no.such.setting") && "\(error)".contains("No such configuration property")
        }
    }
}
