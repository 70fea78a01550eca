import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// Workers that crash, restart, join and leave, with their state restored from snapshots in
/// Kafka: the final statistics are exactly the brute-force ones.
@Suite(.serialized) struct FaultToleranceTests {
    /// Checks that the latest record of every key on the statistics topic equals the brute-force
    /// computation over the events of `file`.
    /// The brute force is slow on large inputs (and debug builds): every record key is checked,
    /// and the values of every 7th day back from the last (which is included).
    static func bruteForce(_ file: URL, configuration: EngineConfiguration = EngineConfiguration()) throws -> ReferenceStatistics.Result {
        ReferenceStatistics.compute(try WorkerPipelineTests.events(in: file), configuration: configuration, sampleEvery: 7)
    }

    static func expectBruteForceStatistics(
        _ cluster: TestCluster, events file: URL, _ context: String, expected known: ReferenceStatistics.Result? = nil
    ) async throws {
        let expected = try known ?? bruteForce(file)
        let actual = try await WorkerPipelineTests.latestRecords(cluster)
        let last = try #require(expected.lastCensusDay)
        var expectedKeys = Set<String>()
        for (key, first) in expected.firstDays {
            var day = first
            while day <= last {
                expectedKeys.insert("\(key)/\(day)")
                day = day.advanced(by: 1)
            }
        }
        #expect(expectedKeys.contains { $0.hasPrefix("ALL/") })
        let missing = expectedKeys.subtracting(actual.keys), extra = Set(actual.keys).subtracting(expectedKeys)
        #expect(
            missing.isEmpty && extra.isEmpty,
            "\(context): \(missing.count) records missing \(missing.sorted().prefix(5)), \(extra.count) unexpected \(extra.sorted().prefix(5))"
        )
        let differing = expected.records.filter { actual[$0.key] != $0 }
        for record in differing.prefix(3) {
            Issue.record(
                "\(context): \(record.key): expected \(record.jsonString())\n got \(actual[record.key]?.jsonString() ?? "nothing")")
        }
        #expect(expected.records.count > expectedKeys.count / 8)
        #expect(differing.isEmpty, "\(context): \(differing.count) of \(expected.records.count) compared records differ")
    }

    static func number(_ label: String, in text: String) -> Int? {
        let pattern = try! Regex("([0-9,]+) " + NSRegularExpression.escapedPattern(for: label))
        for line in text.split(separator: "\n") where line.hasPrefix("worker:") || line.hasPrefix("state:") {
            if let m = line.firstMatch(of: pattern) {
                return Int(String(m.output[1].substring ?? "").replacingOccurrences(of: ",", with: ""))
            }
        }
        return nil
    }

    static func send(_ file: URL, to cluster: TestCluster) async throws {
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait(timeout: .seconds(300)) == 0, "send: \(send.stderr.suffix(2000))")
    }

    /// 300,000 simulated events over 12 trusts and their brute-force statistics, made once for
    /// the tests that share them.
    actor LargeDataset {
        static let shared = LargeDataset()
        private var made: (file: URL, expected: ReferenceStatistics.Result)?

        func get() async throws -> (file: URL, expected: ReferenceStatistics.Result) {
            if let made { return made }
            let file = try await WorkerPipelineTests.simulate(["--trusts", "12", "--days", "500", "--limit", "300000", "--seed", "11"])
            let result = (file, try FaultToleranceTests.bruteForce(file))
            made = result
            return result
        }
    }

    /// `--until-end`, or a streaming worker that runs until stopped (`live`).
    static func workerArguments(
        _ cluster: TestCluster, group: String, threads: Int = 2, logLevel: String = "info", live: Bool = false
    ) -> [String] {
        ["run", "--brokers", cluster.brokers, "--group", group] + (live ? [] : ["--until-end"])
            + [
                "--session-timeout", "3000", "--snapshot-every", "2000", "--snapshot-interval", "1", "--log-level", logLevel,
                "--threads", "\(threads)",
            ]
    }

    /// A second run continues from the first run's snapshots: it reads only what was added.
    @Test func aRestartedWorkerContinuesFromItsSnapshots() async throws {
        let cluster = try TestCluster(partitions: 4, groups: ["restart"])
        let all = try await WorkerPipelineTests.simulate(["--trusts", "3", "--days", "120", "--seed", "8"])
        // Two thirds, then the last third.
        let parts = try Self.split(all, weights: [2, 1])
        let (firstPart, secondPart) = (parts[0], parts[1])

        try await Self.send(firstPart, to: cluster)
        let first = try ChildProcess("waitwatch-worker", Self.workerArguments(cluster, group: "restart"))
        #expect(try await first.wait(timeout: .seconds(300)) == 0, "\(first.stderr.suffix(2000))")
        #expect(Self.number("events read", in: first.stdout) == (try OperatorsTests.lines(of: firstPart)))
        #expect((Self.number("snapshot(s) written", in: first.stdout) ?? 0) > 0, "\(first.stdout)")

        try await Self.send(secondPart, to: cluster)
        let second = try ChildProcess("waitwatch-worker", Self.workerArguments(cluster, group: "restart"))
        #expect(try await second.wait(timeout: .seconds(300)) == 0, "\(second.stderr.suffix(2000))")
        // Only the new events are read: the rest comes from the snapshots.
        #expect(Self.number("events read", in: second.stdout) == (try OperatorsTests.lines(of: secondPart)), "\(second.stdout)")
        #expect((Self.number("partition(s) restored", in: second.stdout) ?? 0) >= 4, "\(second.stdout)")
        try await Self.expectBruteForceStatistics(cluster, events: all, "after a restart from snapshots")
    }

    /// ICB and region roll-ups with the sample mapping shipped in deploy/: two workers compute
    /// part of the events, two others continue from their snapshots with the rest; every roll-up
    /// record (and every other) equals the brute force from the events grouped by the mapping.
    @Test func rollUpsAcrossTwoWorkersAndARestartEqualTheBruteForce() async throws {
        let cluster = try TestCluster(partitions: 4, groups: ["rollups"])
        let config = AnalystsTests.repository.appendingPathComponent("deploy/simulated-organisations.yaml").path
        let mapping = try WaitwatchConfiguration.load(path: config).rollups
        // Five trusts: RXA and RBS share an ICB, RAJ and RQW a region (other ICBs).
        let all = try await WorkerPipelineTests.simulate(["--trusts", "5", "--days", "120", "--seed", "14"])
        let parts = try Self.split(all, weights: [1, 1])
        let args = Self.workerArguments(cluster, group: "rollups") + ["--config", config]
        for (round, part) in parts.enumerated() {
            try await Self.send(part, to: cluster)
            let workers = try (0..<2).map { _ in try ChildProcess("waitwatch-worker", args) }
            for (i, w) in workers.enumerated() {
                #expect(try await w.wait(timeout: .seconds(300)) == 0, "round \(round) worker \(i): \(w.stderr.suffix(3000))")
            }
            if round == 1 {
                let restored = workers.compactMap { Self.number("partition(s) restored", in: $0.stdout) }.reduce(0, +)
                #expect(restored >= 4, "\(workers.map(\.stdout))")
            }
            // The summaries count roll-up records apart from the national ones.
            let rollUps = workers.compactMap { Self.number("roll-up (ICB and region) records", in: $0.stdout) }.reduce(0, +)
            let national = workers.compactMap { Self.number("national records", in: $0.stdout) }.reduce(0, +)
            #expect(rollUps > national, "\(workers.map(\.stdout))")
        }
        let expected = try Self.bruteForce(all, configuration: EngineConfiguration(rollups: mapping))
        #expect(expected.firstDays.keys.contains("ICB:QYG/SALT") && expected.firstDays.keys.contains("REGION:Y61/SALT"))
        try await Self.expectBruteForceStatistics(cluster, events: all, "roll-ups after two workers and a restart", expected: expected)
        let records = try await WorkerPipelineTests.latestRecords(cluster).values
        #expect(records.contains { $0.level == .icb } && records.contains { $0.level == .region })
    }

    /// Writes `file`'s lines, in order, to one file per weight, each part's share of the lines
    /// in proportion to its weight (`[1, 1, 1]`: thirds).
    static func split(_ file: URL, weights: [Int]) throws -> [URL] {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let total = weights.reduce(0, +)
        var before = 0
        return try weights.enumerated().map { i, weight in
            let part = lines[(lines.count * before / total)..<(lines.count * (before + weight) / total)]
            before += weight
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("part\(i)-\(UUID().uuidString).ndjson")
            try (part.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }

    /// Three workers over 24 partitions, one killed with SIGKILL every few seconds and restarted;
    /// with one processing thread per worker and with two (`--threads`).
    ///
    /// The workers run live, so none ends by itself: every kill hits a running worker however fast
    /// the machine is. The input arrives in six parts, one per kill, so kills land while events are
    /// being read, applied and published. At the end the live workers stop with SIGTERM and three
    /// `--until-end` workers finish whatever is left.
    @Test(arguments: [1, 2])
    func workersKilledAtAnyMomentLoseNothingAndCountNothingTwice(threads: Int) async throws {
        let cluster = try TestCluster(partitions: 24, groups: ["kill-loop"])
        let (file, expected) = try await LargeDataset.shared.get()
        let rounds = 6
        let parts = try Self.split(file, weights: Array(repeating: 1, count: rounds))
        let clock = ContinuousClock(), start = clock.now

        // Debug logs say when a snapshot's positions are committed (or could not be, mid-rebalance).
        let untilEnd = Self.workerArguments(cluster, group: "kill-loop", threads: threads, logLevel: "debug")
        let live = Self.workerArguments(cluster, group: "kill-loop", threads: threads, logLevel: "debug", live: true)
        var workers = try (0..<3).map { _ in try ChildProcess("waitwatch-worker", live) }
        var retired: [ChildProcess] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<rounds {
            let sending = Task { try await Self.send(parts[round], to: cluster) }
            let victim = round % 3
            // Kill at a random moment once the victim holds partitions (or right away, every
            // third time: also while it is joining or restoring).
            if round % 3 != 2 { try await workers[victim].waitForStderr(containing: "partitions assigned", timeout: .seconds(120)) }
            // The first victim is killed only once it has written a snapshot, so that a restore
            // from one is always exercised, however the load of the machine times the others.
            if round == 0 { try await workers[victim].waitForStderr(containing: "snapshot positions", timeout: .seconds(120)) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...2_500, using: &generator)))
            #expect(workers[victim].process.isRunning, "live worker \(victim) ended by itself: \(workers[victim].stderr.suffix(2000))")
            workers[victim].signal(SIGKILL)
            _ = try await workers[victim].wait(timeout: .seconds(10))
            retired.append(workers[victim])
            workers[victim] = try ChildProcess("waitwatch-worker", live)
            try await sending.value
        }
        // A process signalled before it has even set up its signal handling ends by the signal's
        // default action, as any program does: the last one restarted is given time to start.
        for w in workers { try await w.waitForStderr(containing: "partitions assigned", timeout: .seconds(120)) }
        for w in workers { w.signal(SIGTERM) }
        for (i, w) in workers.enumerated() {
            #expect(try await w.wait(timeout: .seconds(300)) == 0, "live worker \(i) after SIGTERM: \(w.stderr.suffix(3000))")
        }
        let liveLogs = (workers + retired).map(\.stderr).joined(separator: "\n")
        let restores = liveLogs.components(separatedBy: "from snapshots").count - 1
        #expect(restores > 0, "no partition was restored from a snapshot after a SIGKILL")

        let liveEnd = clock.now
        let finishers = try (0..<3).map { _ in try ChildProcess("waitwatch-worker", untilEnd) }
        for (i, w) in finishers.enumerated() {
            #expect(try await w.wait(timeout: .seconds(600)) == 0, "until-end worker \(i): \(w.stderr.suffix(3000))")
        }
        let finished = clock.now
        print(
            "kill loop: \(retired.count) SIGKILLs, \(workers.count + retired.count) live worker processes, "
                + "\(restores) restores from snapshots among them (\(Int((liveEnd - start).inSeconds)) s); "
                + "then \(finishers.count) workers to the end (\(Int((finished - liveEnd).inSeconds)) s)")
        try await Self.expectBruteForceStatistics(cluster, events: file, "after \(retired.count) SIGKILLs", expected: expected)
        print("kill loop: statistics checked against the brute force in \(Int((clock.now - finished).inSeconds)) s")
        // Each alert transition is published once, even by a replay after a SIGKILL.
        let transitions = try await cluster.readAll(cluster.topics.alerts).compactMap { m -> String? in
            guard let v = m.value, let alert = try? JSONDecoder().decode(Alert.self, from: Data(v)) else { return nil }
            return "\(alert.alertId)|\(alert.state.rawValue)"
        }
        let repeated = Dictionary(grouping: transitions, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "alert transitions published more than once: \(repeated.prefix(10))")
        print("kill loop: \(transitions.count) alert transitions, \(repeated.count) repeated")
    }

    /// One worker, then three (two join mid-stream), then one again (two leave with SIGTERM).
    ///
    /// The first worker runs live, so it cannot have finished before the others join however fast
    /// the machine is; once they have left, it stops with SIGTERM and one `--until-end` worker
    /// continues from the snapshots to the end.
    @Test func scalingOutToThreeWorkersAndBackToOneStaysExact() async throws {
        let cluster = try TestCluster(partitions: 24, groups: ["scale"])
        let (file, expected) = try await LargeDataset.shared.get()
        try await Self.send(file, to: cluster)

        let untilEnd = Self.workerArguments(cluster, group: "scale")
        let live = Self.workerArguments(cluster, group: "scale", live: true)
        let first = try ChildProcess("waitwatch-worker", live)
        try await first.waitForStderr(containing: "partitions assigned", timeout: .seconds(120))
        let joiners = try (0..<2).map { _ in try ChildProcess("waitwatch-worker", live) }
        for j in joiners { try await j.waitForStderr(containing: "partitions assigned", timeout: .seconds(120)) }
        try await Task.sleep(for: .seconds(2))
        for j in joiners { j.signal(SIGTERM) }
        for (i, j) in joiners.enumerated() {
            #expect(try await j.wait(timeout: .seconds(120)) == 0, "joiner \(i): \(j.stderr.suffix(3000))")
        }
        try await Task.sleep(for: .seconds(2))
        #expect(first.process.isRunning, "the live worker ended by itself: \(first.stderr.suffix(2000))")
        first.signal(SIGTERM)
        #expect(try await first.wait(timeout: .seconds(120)) == 0, "\(first.stderr.suffix(3000))")
        let last = try ChildProcess("waitwatch-worker", untilEnd)
        #expect(try await last.wait(timeout: .seconds(600)) == 0, "\(last.stderr.suffix(3000))")
        try await Self.expectBruteForceStatistics(cluster, events: file, "after scaling 1 → 3 → 1", expected: expected)
    }
}
