import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// Issue 16, defect 3: groups on one cluster have their own internal topics
/// (`waitwatch-<group>-…`), and a worker refuses internal records that are not its group's
/// under its configuration.
@Suite(.serialized) struct GroupIsolationTests {
    static func arguments(_ cluster: TestCluster, group: String, config: URL? = nil) -> [String] {
        [
            "run", "--brokers", cluster.brokers, "--group", group, "--until-end", "--session-timeout", "3000", "--partitions", "4",
            "--snapshot-interval", "1", "--log-level", "info",
        ] + (config.map { ["--config", $0.path] } ?? [])
    }

    /// Two groups with different windows, at the same time, on one cluster (each with its own
    /// statistics topic): both publish exactly the brute-force statistics of their configuration.
    @Test func twoGroupsWithDifferentConfigurationsBothPublishExactStatistics() async throws {
        let cluster = try TestCluster(partitions: 4, groups: ["monthly", "weekly"])
        let file = try await WorkerPipelineTests.simulate(["--trusts", "3", "--days", "60", "--seed", "31"])
        try await FaultToleranceTests.send(file, to: cluster)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("window7-\(UUID().uuidString).yaml")
        try "windowDays: 7\ntopics:\n  stats: weekly-wait-stats\n  alerts: weekly-wait-alerts\n".write(
            to: config, atomically: true, encoding: .utf8)

        let weeklyTopics = TopicNames(stats: "weekly-wait-stats", alerts: "weekly-wait-alerts")
        for spec in weeklyTopics.specifications(partitions: 4, replicationFactor: 3)
        where [weeklyTopics.stats, weeklyTopics.alerts].contains(spec.name) {
            try cluster.cluster.createTopic(spec)
        }
        let a = try ChildProcess("waitwatch-worker", Self.arguments(cluster, group: "monthly"))
        let b = try ChildProcess("waitwatch-worker", Self.arguments(cluster, group: "weekly", config: config))
        #expect(try await a.wait(timeout: .seconds(180)) == 0, "monthly: \(a.stderr.suffix(3000))")
        #expect(try await b.wait(timeout: .seconds(180)) == 0, "weekly: \(b.stderr.suffix(3000))")

        let events = try WorkerPipelineTests.events(in: file)
        var weekly = EngineConfiguration()
        weekly.windowDays = 7
        for (topic, configuration) in [("referral-wait-stats", EngineConfiguration()), ("weekly-wait-stats", weekly)] {
            let expected = ReferenceStatistics.compute(events, configuration: configuration)
            let actual = try WorkerPipelineTests.latest(of: try await cluster.readAll(topic))
            #expect(expected.records.contains { $0.trust == "ALL" })
            let differing = expected.records.filter { actual[$0.key] != $0 }
            #expect(
                differing.isEmpty,
                "\(topic): \(differing.count) of \(expected.records.count) records differ, e.g. \(differing.prefix(2).map { "\($0.jsonString()) got \(actual[$0.key]?.jsonString() ?? "nothing")" })"
            )
            #expect(Set(actual.keys) == Set(expected.records.map(\.key)), "\(topic): records of other keys")
        }
    }

    /// A new group restores nothing of another group's: it reads every event. Even with the other
    /// group's snapshots copied onto its own state topic (an operator's mistake), it refuses them
    /// with a reason and reads every event.
    @Test func aNewGroupDoesNotRestoreAnotherGroupsSnapshots() async throws {
        let cluster = try TestCluster(partitions: 4, groups: ["first", "second", "third"])
        let file = try await WorkerPipelineTests.simulate(["--trusts", "3", "--days", "40", "--seed", "32"])
        try await FaultToleranceTests.send(file, to: cluster)
        let total = try WorkerPipelineTests.events(in: file).count

        let first = try ChildProcess("waitwatch-worker", Self.arguments(cluster, group: "first"))
        #expect(try await first.wait(timeout: .seconds(180)) == 0, "\(first.stderr.suffix(3000))")
        #expect((FaultToleranceTests.number("snapshot(s) written", in: first.stdout) ?? 0) > 0, "\(first.stdout)")

        let second = try ChildProcess("waitwatch-worker", Self.arguments(cluster, group: "second"))
        #expect(try await second.wait(timeout: .seconds(180)) == 0, "\(second.stderr.suffix(3000))")
        #expect(FaultToleranceTests.number("events read", in: second.stdout) == total, "\(second.stdout)")

        // The first group's snapshots, copied onto the third group's state topic.
        let copied = try await cluster.readAll("waitwatch-first-state")
        #expect(!copied.isEmpty)
        let third = InternalTopics(group: "third")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        let publisher = TrackedPublisher(producer: producer, tracksOrder: false)
        for (i, m) in copied.enumerated() {
            publisher.publish(
                OutgoingMessage(topic: third.state, partition: m.topicPartition.partition, key: m.key, value: m.value ?? []),
                id: UInt64(i + 1))
        }
        #expect(publisher.finish(timeoutMilliseconds: 30_000) == 0)

        let worker = try ChildProcess("waitwatch-worker", Self.arguments(cluster, group: "third"))
        #expect(try await worker.wait(timeout: .seconds(180)) == 0, "\(worker.stderr.suffix(3000))")
        #expect(FaultToleranceTests.number("events read", in: worker.stdout) == total, "\(worker.stdout)")
        #expect(worker.stderr.contains("it belongs to group first, not third"), "\(worker.stderr.suffix(3000))")
        try await FaultToleranceTests.expectBruteForceStatistics(cluster, events: file, "a new group beside another")
    }
}
