import Foundation
import Testing
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// A restore runs in the worker's loop, not inside the rebalance callback: a stop request is
/// served while it is under way.
@Suite(.serialized) struct RestoreTests {
    /// The state topic's partitions have no leader, so the restore cannot finish (it would wait
    /// up to its 300 s timeout): deterministic, and the real restore path. A SIGTERM must still
    /// drain and exit 0 within seconds. (Inside the callback, the poll that serves the signal
    /// would not return before the restore does.)
    @Test func aRestoreInProgressDoesNotBlockAStopRequest() async throws {
        let cluster = try TestCluster(partitions: 2)
        for p in 0..<2 {
            try cluster.cluster.setLeader(topic: InternalTopics().state, partition: Int32(p), broker: -1)
        }
        let fixture = try FixtureEvents.url("events.ndjson")
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, fixture.path])
        #expect(try await send.wait() == 0)
        let worker = try ChildProcess("waitwatch-worker", ["run", "--brokers", cluster.brokers, "--live", "--log-level", "info"])
        try await worker.waitForStderr(containing: "restoring the state of")
        try await Task.sleep(for: .seconds(2))
        #expect(!worker.stderr.contains("restored "), "the restore finished although the state topic has no leader")
        let signalled = ContinuousClock.now
        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(30)) == 0, "\(worker.stderr.suffix(2000))")
        let stopped = try #require(worker.exitedAt) - signalled
        #expect(stopped < .seconds(15), "the stop waited for the restore (\(stopped))")
        #expect(worker.stderr.contains("shutting down gracefully"))
        // Nothing was read from partitions whose state was never restored.
        #expect(worker.stdout.contains("worker: 0 events read"), "\(worker.stdout)")
    }
}
