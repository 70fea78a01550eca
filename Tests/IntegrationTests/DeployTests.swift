import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// What can be checked of `deploy/` on a machine without a production cluster: the example
/// configuration validates, the topic plan is complete, the systemd unit names real flags.
@Suite struct DeployTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theExampleConfigurationValidates() async throws {
        let path = Self.repository.appendingPathComponent("deploy/waitwatch.yaml").path
        let check = try ChildProcess("waitwatch-worker", ["check-config", path])
        #expect(try await check.wait() == 0, "\(check.stderr)")
        #expect(check.stdout.contains("valid"))
        #expect(check.stdout.contains("SALT") && check.stdout.contains("EHCNA"))
    }

    @Test func aBadConfigurationIsOneLineNamingTheKey() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try
            "windowDays: 28\nservices:\n  - code: SALT\n    name: Speech\n    targetWeeks: ten\n    standardPct: 92\n    clockStop: appointment.attended\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let check = try ChildProcess("waitwatch-worker", ["check-config", file.path])
        #expect(try await check.wait() != 0)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("services[0].targetWeeks"), "\(check.stderr)")
    }

    @Test func theSetupDryRunPlansEveryTopicWithItsRetention() async throws {
        let setup = try ChildProcess("waitwatch-worker", ["setup", "--dry-run", "--brokers", "kafka1:9093", "--partitions", "24"])
        #expect(try await setup.wait() == 0)
        let plan: [String: String] = [
            "referral-events": "--config cleanup.policy=delete --config retention.bytes=-1 --config retention.ms=-1",
            "referral-wait-stats": "--config cleanup.policy=compact",
            "referral-wait-alerts": "--config cleanup.policy=delete --config retention.bytes=-1 --config retention.ms=-1",
            "referral-events-dlq": "--config cleanup.policy=delete --config retention.ms=2592000000",
            "waitwatch-waitwatch-contributions": "--config cleanup.policy=delete --config retention.ms=1209600000",
            "waitwatch-waitwatch-state": "--config cleanup.policy=compact --config segment.ms=3600000",
        ]
        let commands = setup.stdout.split(separator: "\n").filter { $0.hasPrefix("kafka-topics.sh") }
        #expect(commands.count == plan.count)
        for (topic, settings) in plan {
            // No --replication-factor: the brokers' default applies; no --command-config without settings.
            #expect(commands.contains { $0.hasSuffix("--topic \(topic) --partitions 24 \(settings)") }, "\(topic): \(setup.stdout)")
        }
        #expect(!commands.contains { $0.contains("--replication-factor") || $0.contains("--command-config") })
    }

    @Test func theSetupDryRunNamesTheCommandConfigAndAGivenReplicationFactor() async throws {
        let admin = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString).properties")
        try "security.protocol=SASL_SSL\n".write(to: admin, atomically: true, encoding: .utf8)
        let setup = try ChildProcess(
            "waitwatch-worker",
            ["setup", "--dry-run", "--brokers", "kafka1:9093", "--kafka-config", admin.path, "--replication-factor", "3"])
        #expect(try await setup.wait() == 0, "\(setup.stderr)")
        let commands = setup.stdout.split(separator: "\n").filter { $0.hasPrefix("kafka-topics.sh") }
        #expect(
            commands.count == 6
                && commands.allSatisfy {
                    $0.hasPrefix("kafka-topics.sh --bootstrap-server kafka1:9093 --command-config \(admin.path) --create")
                        && $0.contains("--partitions 12 --replication-factor 3 ")
                }, "\(setup.stdout)")
        let inline = try ChildProcess("waitwatch-worker", ["setup", "--dry-run", "--kafka", "security.protocol=SASL_SSL"])
        #expect(try await inline.wait() == 0)
        #expect(inline.stdout.contains("--command-config client.properties --create"), "\(inline.stdout)")
    }

    @Test func setupCheckComparesPartitionsAndSaysWhenSettingsCannotBeRead() async throws {
        let cluster = try TestCluster(brokers: 3, partitions: 4)
        let matching = try ChildProcess(
            "waitwatch-worker", ["setup", "--check", "--brokers", cluster.brokers, "--partitions", "4", "--replication-factor", "3"])
        #expect(try await matching.wait() == 0, "\(matching.stdout)\(matching.stderr)")
        for topic in [
            "referral-events", "referral-wait-stats", "referral-wait-alerts", "referral-events-dlq", "waitwatch-waitwatch-contributions",
            "waitwatch-waitwatch-state",
        ] {
            #expect(matching.stdout.contains("ok      \(topic)\n"), "\(topic)")
        }
        // librdkafka's mock cluster has no DescribeConfigs.
        #expect(matching.stdout.contains("cannot read topic settings from this cluster"), "\(matching.stdout)")

        let config = FileManager.default.temporaryDirectory.appendingPathComponent("topics-\(UUID().uuidString).yaml")
        try "topics:\n  deadLetters: other-dlq\n".write(to: config, atomically: true, encoding: .utf8)
        let differing = try ChildProcess(
            "waitwatch-worker",
            ["setup", "--check", "--brokers", cluster.brokers, "--partitions", "8", "--replication-factor", "2", "--config", config.path])
        #expect(try await differing.wait() == 1, "\(differing.stdout)\(differing.stderr)")
        #expect(
            differing.stdout.contains("DIFFERS referral-events: 4 partitions, the plan says 8; replication factor 3, the plan says 2"),
            "\(differing.stdout)")
        #expect(differing.stdout.contains("MISSING other-dlq"), "\(differing.stdout)")
    }

    @Test func setupLeavesExistingTopicsAloneAndSaysWhichItCouldNotCreate() async throws {
        // librdkafka's mock cluster has no CreateTopics: setup must say so per topic and fail.
        let cluster = try TestCluster(brokers: 1, partitions: 2)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("topics-\(UUID().uuidString).yaml")
        try "topics:\n  deadLetters: new-dlq\n".write(to: config, atomically: true, encoding: .utf8)
        let setup = try ChildProcess(
            "waitwatch-worker", ["setup", "--brokers", cluster.brokers, "--partitions", "2", "--config", config.path])
        #expect(try await setup.wait() == 1, "\(setup.stdout)\(setup.stderr)")
        #expect(setup.stdout.contains("exists  referral-events"), "\(setup.stdout)")
        #expect(!setup.stdout.contains("referral-events-dlq"))
        #expect(setup.stdout.contains("FAILED  new-dlq: "), "\(setup.stdout)")
    }

    @Test func theClusterDefaultReplicationFactorIsOneOnOneBroker() {
        let plan = TopicNames().specifications(partitions: 3, replicationFactor: TopicSpecification.clusterDefaultReplicationFactor)
        #expect(plan.map { $0.resolvingReplicationFactor(brokerCount: 1).replicationFactor } == [1, 1, 1, 1])
        #expect(plan.map { $0.resolvingReplicationFactor(brokerCount: 3).replicationFactor } == [-1, -1, -1, -1])
        let explicit = TopicSpecification(name: "t", partitions: 1, replicationFactor: 3, compacted: true)
        #expect(explicit.resolvingReplicationFactor(brokerCount: 1).replicationFactor == 3)
        #expect(explicit.topicConfigs.map { "\($0.key)=\($0.value)" } == ["cleanup.policy=compact"])
    }
}
