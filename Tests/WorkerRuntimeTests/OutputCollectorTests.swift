import Foundation
import Testing
import WaitwatchConfig
@testable import WaitwatchCore
import WaitwatchKafka
import WaitwatchWorkerRuntime

/// The collector publishes what tasks return, with increasing ids, headers and alert lines.
@Suite struct OutputCollectorTests {
    let topics = TopicNames()

    @Test func recordsAlertsAndDeadLettersGoToTheirTopics() throws {
        let publisher = FakePublisher()
        let log = FakeAlertLog()
        let collector = Fixture.collector(publisher, log)
        let settings = Fixture.settings()
        let input = InputTask(partition: 1, configuration: settings.engine, alerts: settings.alerts)
        var out = TaskOutput()
        for (i, bytes) in Fixture.longWaitEvents().enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
        }
        input.process(offset: 7, key: Array("k".utf8), value: Array("nope".utf8), decoder: EventDecoder(), into: &out)
        let made = out.items.compactMap { if case .record(let r, _, _) = $0 { r } else { nil } }
        let records = made.count
        let alerts = out.items.filter { if case .alert = $0 { true } else { false } }.count
        collector.collect(&out, inputPartition: 1)
        #expect(out.isEmpty)
        #expect(records > 1)
        // The records as encoded by the task's thread: the key and the JSON text of each.
        #expect(publisher.on(topics.stats).map(\.key) == made.map { Array($0.key.utf8) })
        #expect(publisher.on(topics.stats).map(\.value) == made.map { $0.jsonBytes() })
        #expect(publisher.on(topics.alerts).count == alerts)
        #expect(log.lines.count == alerts)
        #expect(log.lines.allSatisfy { $0.contains("FIRING") || $0.contains("RESOLVED") })
        let decoded = try publisher.on(topics.alerts).map { try JSONDecoder().decode(Alert.self, from: Data($0.value ?? [])) }
        #expect(publisher.on(topics.alerts).map { $0.key.map { String(decoding: $0, as: UTF8.self) } } == decoded.map(\.key))
        let dead = publisher.on(topics.deadLetters)
        #expect(dead.count == 1)
        let headers = Dictionary(uniqueKeysWithValues: dead[0].headers.map { ($0.name, String(decoding: $0.value, as: UTF8.self)) })
        #expect(headers["reason-code"] == "invalid")
        #expect(headers["source-topic"] == topics.events)
        #expect(headers["source-partition"] == "1")
        #expect(headers["source-offset"] == "7")
        #expect(headers["reason"]?.isEmpty == false)
        #expect(collector.summary.unreadMessages == 5)  // offsets 2..<7
        #expect(collector.summary.records == records && collector.summary.alerts == alerts && collector.summary.deadLetters == 1)
        #expect(publisher.messages.map(\.id) == Array(1...UInt64(publisher.messages.count)))
        #expect(collector.nextMessageID == UInt64(publisher.messages.count))
    }

    @Test func contributionsAreSentWhenFlushedOnePerPairOfPartitions() {
        let publisher = FakePublisher()
        let collector = Fixture.collector(publisher, internalPartitions: 3)
        var out = TaskOutput()
        out.items.append(.contribution(AllContribution(partition: 4, sequence: 1, throughDay: Fixture.day, sections: [])))
        out.items.append(.contribution(AllContribution(partition: 4, sequence: 2, throughDay: Fixture.day.advanced(by: 1), sections: [])))
        collector.collect(&out)
        #expect(publisher.messages.isEmpty)
        collector.flushContributions()
        let sent = publisher.on(InternalTopics().contributions)
        #expect(sent.count == collector.router.nationalPartitions.count)
        #expect(sent.allSatisfy { $0.key == Array("4".utf8) })
        for m in sent {
            guard case .contributions(let list)? = try? InternalMessage.decode(m.value ?? []).message else {
                Issue.record("not contributions")
                continue
            }
            #expect(list.map(\.sequence) == [1, 2])
        }
    }

    @Test func aFailedDeliveryStopsTheWorker() {
        let publisher = FakePublisher()
        let collector = Fixture.collector(publisher)
        #expect(throws: Never.self) { try collector.check() }
        publisher.failure = KafkaError(context: "producing", code: .messageTimedOut, message: "timed out")
        #expect(throws: WorkerError.self) { try collector.check() }
    }
}
