import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// A worker that fails after it has joined its group: it leaves the group and exits non-zero
/// with one clear error line, never with a crash.
@Suite(.serialized) struct WorkerFailureTests {
    /// The lines of `stderr` that report an error: the executable's `Error:` line and any log line
    /// at level error or critical (swift-log's stream format: `<time> <level> <label>: ...`).
    static func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { line in
            line.hasPrefix("Error:") || line.contains(" error ") || line.contains(" critical ")
        }
    }

    /// Every produce request is refused (a retriable broker error) once the input is on the
    /// cluster, and the worker's outputs may wait only 2 s (`message.timeout.ms`): its first
    /// outputs, published after its partitions were assigned, time out, and an undelivered output
    /// is fatal to the worker. It must close its consumer on that path (before the fix, the close
    /// was left to a `deinit` whose rebalance callback reached the released loop: a crash).
    @Test func outputsThatCannotBeDeliveredAfterAssignmentEndTheWorkerWithOneErrorLine() async throws {
        let cluster = try TestCluster(partitions: 2)
        let fixture = try FixtureEvents.url("events.ndjson")
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, fixture.path])
        #expect(try await send.wait() == 0, "send: \(send.stderr.suffix(2000))")
        // The worker produces nothing before its assignment, so every refusal hits it after.
        cluster.cluster.pushRequestErrors(.produce, errors: Array(repeating: EmbeddedCluster.BrokerError.notEnoughReplicas, count: 100_000))

        let worker = try ChildProcess(
            "waitwatch-worker",
            [
                "run", "--brokers", cluster.brokers, "--until-end", "--log-level", "info", "--kafka", "message.timeout.ms=2000",
            ])
        let status = try await worker.wait(timeout: .seconds(120))
        let stderr = worker.stderr
        #expect(worker.process.terminationReason == .exit, "ended by a signal: \(stderr.suffix(3000))")
        #expect(status != 0, "\(stderr.suffix(3000))")
        let assigned = try #require(stderr.range(of: "partitions assigned"), "never joined: \(stderr.suffix(3000))")
        let errors = Self.errorLines(stderr)
        #expect(errors.count == 1, "expected one error line, got \(errors.count):\n\(errors.joined(separator: "\n"))")
        let line = try #require(errors.first)
        #expect(line.hasPrefix("Error: an output could not be delivered"), "\(line)")
        #expect(line.contains("_MSG_TIMED_OUT"), "\(line)")
        #expect(stderr.range(of: String(line))!.lowerBound > assigned.lowerBound, "the failure came before the assignment")
        for crash in ["Fatal error", "crashed", "Backtrace", "backtrace"] {
            #expect(!stderr.contains(crash), "\(crash): \(stderr.suffix(3000))")
        }
        // It left the group on the way out: its partitions were revoked by the close.
        #expect(stderr.contains("partitions revoked"), "\(stderr.suffix(3000))")
    }
}
