import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// What can be checked of `deploy/` on a machine without a production cluster: the example
/// configuration validates, the topic plan is complete, the systemd unit names real flags.
@Suite struct DeployTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theExampleConfigurationValidates() async throws {
        let path = Self.repository.appendingPathComponent("deploy/waitwatch.yaml").path
        let check = try ChildProcess("waitwatch-worker", ["check-config", path])
        #expect(try await check.wait() == 0, "\(check.stderr)")
        #expect(check.stdout.contains("valid"))
        #expect(check.stdout.contains("SALT") && check.stdout.contains("EHCNA"))
    }

    @Test func aBadConfigurationIsOneLineNamingTheKey() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try "windowDays: 28\nservices:\n  - code: SALT\n    name: Speech\n    targetWeeks: ten\n    standardPct: 92\n    clockStop: appointment.attended\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try ChildProcess("waitwatch-worker", ["check-config", file.path])
        #expect(try await check.wait() != 0)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("services[0].targetWeeks"), "\(check.stderr)")
    }

    @Test func theSetupDryRunPlansEveryTopic() async throws {
        let setup = try ChildProcess("waitwatch-worker", ["setup", "--dry-run", "--brokers", "kafka1:9093", "--partitions", "24"])
        #expect(try await setup.wait() == 0)
        for topic in ["referral-events", "referral-wait-stats", "referral-wait-alerts", "referral-events-dlq", "waitwatch-internal-contributions"] {
            #expect(setup.stdout.contains("--topic \(topic) --partitions 24"), "\(topic)")
        }
        #expect(setup.stdout.contains("referral-wait-stats --partitions 24 --replication-factor 3 --config cleanup.policy=compact"))
    }

    @Test func theSystemdUnitUsesFlagsTheWorkerHas() async throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("deploy/systemd/waitwatch-worker@.service"), encoding: .utf8)
        let exec = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let help = try ChildProcess("waitwatch-worker", ["run", "--help"])
        _ = try await help.wait()
        for flag in exec.split(separator: " ").filter({ $0.hasPrefix("--") }) {
            #expect(help.stdout.contains(String(flag)), "\(flag) is not a flag of waitwatch-worker run")
        }
    }
}
