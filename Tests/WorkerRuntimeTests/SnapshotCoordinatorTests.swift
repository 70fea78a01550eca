import Testing
import WaitwatchConfig
@testable import WaitwatchCore
import WaitwatchKafka
import WaitwatchWorkerRuntime

/// Snapshots are written only after every earlier output is acknowledged, and restore exactly.
@Suite struct SnapshotCoordinatorTests {
    let settings = Fixture.settings(snapshots: SnapshotPolicy(everyMessages: 2, everySeconds: 3_600))

    @Test func aSnapshotWaitsForEarlierOutputsThenRestoresTheSameStateAndAlerts() throws {
        let publisher = FakePublisher()
        let collector = Fixture.collector(publisher)
        let tasks = TaskManager(settings: settings, inputPartitionCount: 1, logger: Fixture.logger)
        let tp = TopicPartition(topic: settings.topics.events, partition: 0)
        _ = tasks.assign(
            [tp], restores: false, endOfInput: EndOfInputCoordinator(startedAtMilliseconds: 0, logger: Fixture.logger),
            nationalPartitions: [])
        let input = try #require(tasks.inputs[0])
        var out = TaskOutput()
        for (i, bytes) in Fixture.longWaitEvents().enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
            collector.collect(&out, inputPartition: 0)
        }
        let outputs = publisher.messages.count
        #expect(outputs > 0)
        let snapshots = SnapshotCoordinator(settings: settings, statePartitionCount: 1, logger: Fixture.logger)
        try snapshots.step(tasks, collector)
        // Taken (two messages read) but not written: the outputs before it are not acknowledged.
        #expect(input.snapshot.pending != nil)
        #expect(publisher.messages.count == outputs)
        publisher.acknowledgedThrough = UInt64(outputs - 1)
        try snapshots.step(tasks, collector)
        #expect(publisher.messages.count == outputs)
        publisher.acknowledgeAll()
        try snapshots.step(tasks, collector)
        let state = publisher.on(settings.internalTopics.state)
        #expect(!state.isEmpty)
        #expect(input.snapshot.pending == nil)
        #expect(collector.summary.snapshotsWritten == 1)

        // Read back as the state store would, and restore.
        var assembler = SnapshotAssembler()
        let store = StateStore(
            topic: settings.internalTopics.state, kafka: settings.kafka, owner: settings.internalOwner, logger: Fixture.logger)
        for m in state { if let r = store.ownRecord(m.value ?? [], at: "test") { assembler.add(r) } }
        #expect(store.refusals.refused == 0)
        let loaded = StateStore.LoadResult(snapshots: assembler.latest, incomplete: assembler.incomplete, bytesRead: 0, seconds: 0)
        let restored = snapshots.restore(loaded, Fixture.collector(FakePublisher()))
        #expect(restored.inputs[0] != nil)
        guard let copy = restored.inputs[0] else { return }
        #expect(copy.nextOffset == 2)
        #expect(copy.engine.snapshotBytes() == input.engine.snapshotBytes())
        #expect(copy.alerts == input.alerts)
        #expect(copy.snapshot.lastNumber == 1)
        // The records of a replay raise no alert again: the alert state came with the snapshot.
        var again = TaskOutput()
        let replay = WaitStatsRecordsReplay.records(of: publisher, topic: settings.topics.stats)
        for r in replay { again.record(r, national: false, alerts: &copy.alerts) }
        #expect(!replay.isEmpty)
        #expect(!again.items.contains { if case .alert = $0 { true } else { false } })
    }

    /// Snapshots of several partitions taken with their payloads encoded on two processing
    /// threads are those taken on one (also run under ThreadSanitizer).
    @Test func payloadsEncodedOnTwoThreadsAreThoseEncodedOnOne() throws {
        let partitions: [Int32] = [0, 1, 2, 3, 4]
        /// The payload of every partition's snapshot, as written to the state topic.
        func snapshotPayloads(threads: ProcessingThreads?) throws -> [Int32: [UInt8]] {
            let publisher = FakePublisher()
            let collector = Fixture.collector(publisher)
            let tasks = TaskManager(settings: settings, inputPartitionCount: partitions.count, logger: Fixture.logger)
            _ = tasks.assign(
                partitions.map { TopicPartition(topic: settings.topics.events, partition: $0) }, restores: false,
                endOfInput: EndOfInputCoordinator(startedAtMilliseconds: 0, logger: Fixture.logger), nationalPartitions: [])
            let trusts = ["RAJ", "RBA", "RCB", "RDE", "REF"]
            for p in partitions {
                let input = try #require(tasks.inputs[p])
                var out = TaskOutput()
                // A different trust and number of events per partition: no two states alike.
                for (i, bytes) in Fixture.longWaitEvents(trust: trusts[Int(p)]).prefix(2 + Int(p)).enumerated() {
                    input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
                    collector.collect(&out, inputPartition: p)
                }
            }
            let snapshots = SnapshotCoordinator(settings: settings, statePartitionCount: 2, logger: Fixture.logger)
            try snapshots.step(tasks, collector, threads: threads)
            publisher.acknowledgeAll()
            try snapshots.step(tasks, collector, threads: threads)
            let store = StateStore(
                topic: settings.internalTopics.state, kafka: settings.kafka, owner: settings.internalOwner, logger: Fixture.logger)
            var assembler = SnapshotAssembler()
            for m in publisher.on(settings.internalTopics.state) {
                if let r = store.ownRecord(m.value ?? [], at: "test") { assembler.add(r) }
            }
            return Dictionary(uniqueKeysWithValues: assembler.latest.map { ($0.key.partition, $0.value.payload) })
        }
        let threads = ProcessingThreads(count: 2)
        defer { threads.stop() }
        let one = try snapshotPayloads(threads: nil)
        let two = try snapshotPayloads(threads: threads)
        #expect(one.keys.sorted() == partitions)
        #expect(Set(one.values).count == partitions.count)
        #expect(two == one)
    }
}

/// The statistics records a fake publisher was given, decoded.
enum WaitStatsRecordsReplay {
    static func records(of publisher: FakePublisher, topic: String) -> [WaitStatsRecord] {
        publisher.on(topic).compactMap { try? JSONDecoder().decode(WaitStatsRecord.self, from: Data($0.value ?? [])) }
    }
}

import Foundation
