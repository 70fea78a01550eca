import Testing
import WaitwatchConfig
@testable import WaitwatchCore
import WaitwatchKafka
import WaitwatchWorkerRuntime

/// `--until-end`: markers out, the last census day learned, inputs finished, done when acknowledged.
@Suite struct EndOfInputCoordinatorTests {
    let settings = Fixture.settings(mode: .untilEnd)

    @Test func markersOfEarlierRunsAreIgnored() {
        var eoi = EndOfInputCoordinator(startedAtMilliseconds: 10_000, logger: Fixture.logger)
        let m = EndOfInputMarker(partition: 0, latestAcceptedDay: 1, endOffset: 1, sender: "a")
        eoi.receive([(m, 5_000), (EndOfInputMarker(partition: 1, latestAcceptedDay: 1, endOffset: 1, sender: "a"), nil)])
        #expect(eoi.markers.isEmpty)
        eoi.receive([(m, 9_500)])
        #expect(eoi.markers[0] == m)
    }

    @Test func aWorkerAnnouncesItsEndLearnsTheLastCensusDayAndFinishes() throws {
        let publisher = FakePublisher()
        let collector = Fixture.collector(publisher, internalPartitions: 1)
        let tasks = TaskManager(settings: settings, inputPartitionCount: 1, logger: Fixture.logger)
        var eoi = EndOfInputCoordinator(startedAtMilliseconds: 0, logger: Fixture.logger)
        let input = TopicPartition(topic: settings.topics.events, partition: 0)
        let national = TopicPartition(topic: settings.internalTopics.contributions, partition: 0)
        _ = tasks.assign([input, national], restores: false, endOfInput: eoi, nationalPartitions: [0])
        let task = try #require(tasks.inputs[0])
        let nationalTask = try #require(tasks.nationals[0])
        var out = TaskOutput()
        for (i, bytes) in Fixture.longWaitEvents().enumerated() {
            task.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
            collector.collect(&out, inputPartition: 0)
        }
        // Not at its end yet: nothing announced.
        #expect(try !eoi.step(tasks, collector, memberID: "me", inputPartitionCount: 1))
        #expect(!publisher.on(settings.internalTopics.contributions).contains { isMarker($0) })
        task.atEnd = true
        #expect(try !eoi.step(tasks, collector, memberID: "me", inputPartitionCount: 1))
        let internalMessages = publisher.on(settings.internalTopics.contributions)
        #expect(internalMessages.filter { isMarker($0) }.count == 1)
        // The national task reads everything sent to it, the marker included.
        for (i, m) in internalMessages.enumerated() {
            nationalTask.process(offset: Int64(i), value: m.value, timestampMilliseconds: 1, into: &out)
            eoi.receive(out.markers)
            collector.collect(&out)
        }
        nationalTask.atEnd = true
        #expect(try !eoi.step(tasks, collector, memberID: "me", inputPartitionCount: 1))
        #expect(eoi.lastCensusDay == .some(Fixture.day.advanced(by: 1)))
        #expect(task.finished)
        // The finished partition's last contribution still has to reach the national task.
        for m in publisher.on(settings.internalTopics.contributions).dropFirst(internalMessages.count) {
            nationalTask.process(offset: 99, value: m.value, timestampMilliseconds: 1, into: &out)
            collector.collect(&out)
        }
        #expect(nationalTask.aggregator.completeThrough == Fixture.day.advanced(by: 1))
        #expect(try !eoi.step(tasks, collector, memberID: "me", inputPartitionCount: 1), "outputs not acknowledged yet")
        publisher.acknowledgeAll()
        #expect(try eoi.step(tasks, collector, memberID: "me", inputPartitionCount: 1))
    }

    func isMarker(_ m: OutgoingMessage) -> Bool {
        if case .endOfInput? = try? InternalMessage.decode(m.value ?? []).message { true } else { false }
    }
}
