import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchTesting

/// Issue 16, defect 1: the same group run again over a topic that grew (a nightly batch: a
/// trust's extract arrives, the worker runs to the end). Every combination of `--until-end` and
/// `--live`, with and without snapshots, ends and publishes the national (`ALL`) records of the
/// new day, equal to the brute-force ones; most partitions receive nothing new.
@Suite(.serialized) struct IncrementalRunTests {
    enum Mode: String, Sendable { case untilEnd = "until-end", live }

    struct Runs: Sendable, CustomTestStringConvertible {
        var first: Mode
        var second: Mode
        var snapshots: Bool
        var testDescription: String { "\(second.rawValue) after \(first.rawValue)\(snapshots ? "" : ", --no-snapshots")" }
    }

    static let combinations: [Runs] = [true, false].flatMap { snapshots in
        [
            Runs(first: .untilEnd, second: .untilEnd, snapshots: snapshots),
            Runs(first: .untilEnd, second: .live, snapshots: snapshots),
            Runs(first: .live, second: .untilEnd, snapshots: snapshots),
        ]
    }

    /// Ten days of events (2025-03-01…10) and one `referral.received` dated 2025-03-11 for a key
    /// that already exists, as two files.
    static func batches() async throws -> (first: URL, second: URL, all: [ReferralEvent]) {
        let first = try await WorkerPipelineTests.simulate(["--trusts", "2", "--days", "10", "--start", "2025-03-01", "--seed", "16"])
        var events = try WorkerPipelineTests.events(in: first)
        let model = try #require(events.first)
        let nextDay = try #require(CivilDay(year: 2025, month: 3, day: 11))
        let at = Timestamp(secondsSinceEpoch: Int64(nextDay.daysSinceEpoch) * 86_400 + 10 * 3_600)
        let extra = ReferralEvent(
            eventId: "nightly-\(UUID().uuidString)", type: .referralReceived, referralId: "R-NIGHTLY-1", trust: model.trust,
            service: model.service, occurredAt: at, day: LondonTime.day(of: at))
        let second = FileManager.default.temporaryDirectory.appendingPathComponent("nightly-\(UUID().uuidString).ndjson")
        try Data(EventEncoder().encode(extra) + Array("\n".utf8)).write(to: second)
        events.append(extra)
        return (first, second, events)
    }

    static func arguments(_ cluster: TestCluster, _ mode: Mode, snapshots: Bool) -> [String] {
        [
            "run", "--brokers", cluster.brokers, "--group", "nightly", "--\(mode.rawValue)", "--session-timeout", "3000", "--log-level",
            "info",
        ]
            + (snapshots ? ["--snapshot-interval", "1"] : ["--no-snapshots"])
    }

    /// Runs a worker: `--until-end` must exit 0 by itself; `--live` is stopped with SIGTERM once
    /// the `ALL` records of `through` are on the statistics topic.
    static func run(_ cluster: TestCluster, _ mode: Mode, snapshots: Bool, through day: CivilDay, _ context: String) async throws {
        let worker = try ChildProcess("waitwatch-worker", arguments(cluster, mode, snapshots: snapshots))
        if mode == .live {
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline, worker.process.isRunning {
                let national = try await WorkerPipelineTests.latestRecords(cluster).values.filter { $0.trust == "ALL" }
                if national.contains(where: { $0.asOf >= day }) { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            worker.signal(SIGTERM)
        }
        let status = try await worker.wait(timeout: .seconds(120))
        #expect(status == 0, "\(context): exit \(status): \(worker.stderr.suffix(3000))")
    }

    @Test(arguments: combinations)
    func aSecondRunOfTheGroupEndsAndPublishesTheNewDaysNationalRecords(_ runs: Runs) async throws {
        let cluster = try TestCluster(partitions: 4, groups: ["nightly"])
        let (first, second, all) = try await Self.batches()
        let firstEvents = try WorkerPipelineTests.events(in: first)
        let before = try #require(ReferenceStatistics.compute(firstEvents, configuration: EngineConfiguration()).lastCensusDay)
        let expected = ReferenceStatistics.compute(all, configuration: EngineConfiguration())
        let last = try #require(expected.lastCensusDay)
        #expect(last > before)

        try await FaultToleranceTests.send(first, to: cluster)
        try await Self.run(cluster, runs.first, snapshots: runs.snapshots, through: before, "first run (\(runs.first.rawValue))")
        try await FaultToleranceTests.send(second, to: cluster)
        try await Self.run(cluster, runs.second, snapshots: runs.snapshots, through: last, "second run (\(runs.testDescription))")

        // Every record through the last census day is the brute-force one (a live run also
        // publishes later days by the wall clock: those are not compared).
        let actual = try await WorkerPipelineTests.latestRecords(cluster).filter { $0.value.asOf <= last }
        let newDay = expected.records.filter { $0.trust == "ALL" && $0.asOf == last }
        #expect(!newDay.isEmpty)
        for record in newDay {
            #expect(
                actual[record.key] == record,
                "\(runs.testDescription): \(record.key) expected \(record.jsonString()), got \(actual[record.key]?.jsonString() ?? "nothing")"
            )
        }
        let differing = expected.records.filter { actual[$0.key] != $0 }
        #expect(
            differing.isEmpty,
            "\(runs.testDescription): \(differing.count) of \(expected.records.count) records differ, e.g. \(differing.prefix(3).map(\.key))"
        )
        #expect(Set(actual.keys) == Set(expected.records.map(\.key)), "\(runs.testDescription): records of other keys or days")
    }
}
