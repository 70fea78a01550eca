import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// A real executable run with its standard output closed (`>&-`) or on a pipe whose reader
/// has gone (`| head -0`), standard error captured to a file.
final class StreamTestProcess: @unchecked Sendable {
    enum Stdout { case closed, pipeClosedByReader }
    let process = Process()
    let stderrURL: URL

    init(_ executable: String, _ arguments: [String], stdout: Stdout) throws {
        let exe = ChildProcess.binDirectory.appendingPathComponent(executable).path
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        switch stdout {
        case .closed:
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", exe] + arguments
            try process.run()
        case .pipeClosedByReader:
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: exe)
            process.arguments = arguments
            process.standardOutput = pipe
            try process.run()
            try pipe.fileHandleForReading.close()
            try? pipe.fileHandleForWriting.close()
        }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func wait(timeout: Duration = .seconds(180)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("did not finish within \(timeout); stderr:\n\(stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // A signal death (SIGPIPE, the SIGILL of a failed `try!`) is not a normal exit.
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus); stderr:\n\(stderr.suffix(2000))")
        return process.terminationStatus
    }

    /// No crash report of any kind.
    func expectNoCrash() {
        for sign in ["Fatal error", "Backtrace", "try!", "Current stack trace", "Illegal instruction"] {
            #expect(!stderr.contains(sign), "\(sign) in stderr:\n\(stderr.suffix(2000))")
        }
    }
}

/// Issue 16, defects 2, 4, 5, 6 and 7, each through the real executables and the embedded cluster.
@Suite(.serialized) struct ReliabilityTests {
    static func ms(_ text: String) throws -> Int64 { try Timestamp.parseRFC3339(text).microsecondsSinceEpoch / 1_000 }

    static func event(_ id: String, _ referral: String, at: String, service: String = "SALT") -> String {
        #"{"eventId":"\#(id)","type":"referral.received","referralId":"\#(referral)","trust":"RAJ","service":"\#(service)","occurredAt":"\#(at)"}"#
    }

    // MARK: Defects 2 and 6: implausible times and key mismatches

    @Test func implausibleTimesAndMismatchedKeysAreDeadLetteredAndFloodNothing() async throws {
        let cluster = try TestCluster(partitions: 2)
        let publisher = TrackedPublisher(
            producer: try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger))
        let sent = try Self.ms("2026-05-01T09:00:00+01:00")
        let messages: [(key: String?, value: String, timestamp: Int64)] = [
            ("RAJ/SALT", Self.event("g1", "R1", at: "2026-05-01T09:00:00+01:00"), sent),
            ("RAJ/SALT", Self.event("b1", "R2", at: "0000-01-01T00:00:00Z"), sent),
            ("RAJ/SALT", Self.event("b2", "R3", at: "9999-12-31T23:59:59Z"), sent),
            ("RAJ/SALT", Self.event("b3", "R4", at: "2030-05-01T09:00:00+01:00"), sent),
            ("RAJ/CAMHS", Self.event("b4", "R5", at: "2026-05-01T10:00:00+01:00"), sent),
            (nil, Self.event("g2", "R6", at: "2026-05-01T11:00:00+01:00"), sent),
            // Replayed history: a message timestamp of its own time is plausible.
            ("RAJ/SALT", Self.event("g3", "R7", at: "2026-05-04T09:00:00+01:00"), try Self.ms("2026-05-04T09:00:00+01:00")),
        ]
        for (i, m) in messages.enumerated() {
            publisher.publish(
                OutgoingMessage(
                    topic: cluster.topics.events, partition: 0, key: m.key.map { Array($0.utf8) }, value: Array(m.value.utf8),
                    timestampMilliseconds: m.timestamp), id: UInt64(i))
        }
        #expect(publisher.finish(timeoutMilliseconds: 10_000) == 0)

        let worker = try ChildProcess("waitwatch-worker", ["run", "--brokers", cluster.brokers, "--until-end"])
        #expect(try await worker.wait(timeout: .seconds(120)) == 0, "\(worker.stderr.suffix(2000))")
        #expect(worker.stdout.contains("4 dead letters"), "\(worker.stdout)")

        let dlq = try await cluster.readAll(cluster.topics.deadLetters, headers: true)
        let byEvent = Dictionary(
            uniqueKeysWithValues: dlq.map { m in
                let value = String(decoding: m.value ?? [], as: UTF8.self)
                let id = messages.firstIndex { $0.value == value }.map { String(messages[$0].value.dropFirst(12).prefix(2)) } ?? "?"
                return (
                    id,
                    (
                        code: String(decoding: m.header("reason-code") ?? [], as: UTF8.self),
                        reason: String(decoding: m.header("reason") ?? [], as: UTF8.self)
                    )
                )
            })
        #expect(Set(byEvent.keys) == ["b1", "b2", "b3", "b4"])
        for id in ["b1", "b2", "b3"] { #expect(byEvent[id]?.code == "implausible-time") }
        #expect(
            byEvent["b1"]?.reason
                == "implausible-time: occurredAt 0000-01-01T00:00:00Z is more than 20 years before the message timestamp 2026-05-01T08:00:00Z"
        )
        #expect(
            byEvent["b2"]?.reason
                == "implausible-time: occurredAt 9999-12-31T23:59:59Z is more than 24 hours after the message timestamp 2026-05-01T08:00:00Z"
        )
        #expect(byEvent["b3"]?.reason.hasPrefix("implausible-time: occurredAt 2030-05-01T08:00:00Z is more than 24 hours after") == true)
        #expect(byEvent["b4"]?.code == "key-mismatch")
        #expect(byEvent["b4"]?.reason == "key-mismatch: message key \"RAJ/CAMHS\" is not the event's trust/service \"RAJ/SALT\"")
        // No flood: records for 2026-05-01..03 only (RAJ/SALT and ALL/SALT), never years of days.
        let stats = try await cluster.readAll(cluster.topics.stats)
        #expect(stats.count > 0 && stats.count <= 10, "\(stats.count) records")
    }

    @Test func theSimulatorStampsMessagesWithEventTimeSoFutureYearsStayPlausible() async throws {
        let cluster = try TestCluster(partitions: 2)
        let sim = try ChildProcess(
            "waitwatch-producer",
            ["simulate", "--brokers", cluster.brokers, "--trusts", "1", "--days", "3", "--start", "2041-03-01", "--seed", "2"])
        #expect(try await sim.wait() == 0, "\(sim.stderr.suffix(1000))")
        let events = try await cluster.readAll(cluster.topics.events)
        let decoder = EventDecoder()
        #expect(!events.isEmpty)
        for m in events {
            let event = try decoder.decode(m.value ?? []).get()
            #expect(m.timestampMilliseconds == event.occurredAt.microsecondsSinceEpoch / 1_000)
        }
        let worker = try ChildProcess("waitwatch-worker", ["run", "--brokers", cluster.brokers, "--until-end"])
        #expect(try await worker.wait(timeout: .seconds(120)) == 0, "\(worker.stderr.suffix(2000))")
        let dlq = try await cluster.readAll(cluster.topics.deadLetters, headers: true)
        #expect(!dlq.contains { $0.header("reason-code") == Array("implausible-time".utf8) })
        #expect(worker.stdout.contains(" 0 dead letters"), "\(worker.stdout)")
    }

    // MARK: Defect 4: closed standard output

    @Test func sendWithStandardOutputClosedDeliversAndExitsCleanly() async throws {
        let cluster = try TestCluster(partitions: 2)
        let (file, _) = try SendCommandTests.simulatedFile(events: 200)
        let send = try StreamTestProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path], stdout: .closed)
        #expect(try await send.wait() == 0, "\(send.stderr.suffix(1000))")
        send.expectNoCrash()
        #expect(try await cluster.readAll(cluster.topics.events).count == 200)

        let piped = try StreamTestProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path], stdout: .pipeClosedByReader)
        #expect(try await piped.wait() == 0, "\(piped.stderr.suffix(1000))")
        piped.expectNoCrash()
        #expect(try await cluster.readAll(cluster.topics.events).count == 400)
    }

    @Test func simulateToAClosedPipeStopsQuietly() async throws {
        let sim = try StreamTestProcess(
            "waitwatch-producer", ["simulate", "--out", "-", "--trusts", "2", "--days", "400"], stdout: .pipeClosedByReader)
        #expect(try await sim.wait(timeout: .seconds(60)) == 0, "\(sim.stderr.suffix(1000))")
        sim.expectNoCrash()
    }

    @Test(arguments: [StreamTestProcess.Stdout.closed, .pipeClosedByReader])
    func aWorkerWithoutStandardOutputKeepsProcessingAndKeepsItsAlertLogFile(stdout: StreamTestProcess.Stdout) async throws {
        let cluster = try TestCluster(partitions: 3)
        let file = try await WorkerPipelineTests.simulate(["--trusts", "2", "--days", "40", "--seed", "3"])
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0)
        let alertLog = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString).log")
        let worker = try StreamTestProcess(
            "waitwatch-worker", ["run", "--brokers", cluster.brokers, "--until-end", "--alert-log", alertLog.path], stdout: stdout)
        #expect(try await worker.wait() == 0, "\(worker.stderr.suffix(2000))")
        worker.expectNoCrash()
        let alerts = try await cluster.readAll(cluster.topics.alerts)
        #expect(!alerts.isEmpty)
        let logLines = try String(contentsOf: alertLog, encoding: .utf8).split(separator: "\n")
        #expect(logLines.count == alerts.count, "the alert log file keeps every line")
        #expect(
            try await cluster.readAll(cluster.topics.stats).contains {
                $0.key.map { String(decoding: $0, as: UTF8.self).hasPrefix("ALL/") } == true
            })
        let warnings = worker.stderr.components(separatedBy: "standard output is closed").count - 1
        // `>&-` reopens standard output on /dev/null (nothing fails); a gone reader gives one warning.
        #expect(warnings == (stdout == .closed ? 0 : 1), "\(worker.stderr.suffix(2000))")
    }

    // MARK: Defect 5: check-config bounds

    @Test func checkConfigRefusesHugeInputsAtOnce() async throws {
        let dir = FileManager.default.temporaryDirectory
        let long = dir.appendingPathComponent("long-\(UUID().uuidString).yaml")
        try Data(
            ("services:\n  - code: DIET\n    name: " + String(repeating: "N", count: 100_000)
                + "\n    targetWeeks: 18\n    standardPct: 92\n    clockStop: appointment.attended\n").utf8
        ).write(to: long)
        let big = dir.appendingPathComponent("big-\(UUID().uuidString).yaml")
        try Data(("windowDays: 28\n# " + String(repeating: "x", count: 50 << 20) + "\n").utf8).write(to: big)
        defer { try? FileManager.default.removeItem(at: big) }
        for (file, expected) in [
            (long, "services[0].name: must be at most 1024 bytes long, got 100000"),
            (big, "a configuration may be at most 1048576 bytes (1 MiB)"),
        ] {
            // Before the bounds, the 50 MB file never finished: the time-out tells a hang from an
            // answer (how fast the answer comes is for benchmarks, not tests).
            let check = try ChildProcess("waitwatch-worker", ["check-config", file.path])
            #expect(try await check.wait(timeout: .seconds(120)) == 1)
            #expect(check.stderr.contains(expected), "\(check.stderr.prefix(500))")
            #expect(check.stderr.split(separator: "\n").count == 1, "one line")
        }
    }

    // MARK: Defect 7: smaller ones

    @Test func aByteOrderMarkAtTheStartOfTheFileIsSkipped() async throws {
        let cluster = try TestCluster(partitions: 2)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).ndjson")
        try Data(
            [0xEF, 0xBB, 0xBF]
                + Array(
                    (Self.event("e1", "R1", at: "2026-05-01T09:00:00Z") + "\n" + Self.event("e2", "R2", at: "2026-05-01T10:00:00Z") + "\n")
                        .utf8)
        ).write(to: file)
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0, "\(send.stderr)")
        #expect(send.stdout.hasPrefix("sent 2, rejected 0, failed 0"), "\(send.stdout)")
        let values = try await cluster.readAll(cluster.topics.events).map { $0.value ?? [] }
        #expect(values.allSatisfy { $0.first == UInt8(ascii: "{") }, "the mark is not sent")
    }

    @Test func badPartitionCountsAndEmptyBrokersSayWhatIsWrong() async throws {
        let cases: [(String, [String], String)] = [
            (
                "waitwatch-worker", ["setup", "--partitions", "-1", "--dry-run"],
                "--partitions must be at least 1 (a topic needs a partition to hold messages), got -1"
            ),
            (
                "waitwatch-worker", ["setup", "--partitions", "0", "--dry-run"],
                "--partitions must be at least 1 (a topic needs a partition to hold messages), got 0"
            ),
            ("waitwatch-worker", ["run", "--partitions", "0"], "--partitions must be at least 1"),
            ("waitwatch-worker", ["run", "--partitions", "-1"], "--partitions must be at least 1"),
            ("waitwatch-worker", ["dev-cluster", "--partitions", "-1"], "--partitions must be at least 1"),
            ("waitwatch-worker", ["dev-cluster", "--partitions", "0"], "--partitions must be at least 1"),
            ("waitwatch-producer", ["send", "--brokers", "", "-"], "--brokers is empty"),
            ("waitwatch-worker", ["run", "--brokers", ""], "--brokers is empty"),
            ("waitwatch-worker", ["report", "--brokers", "a:1,,b:2"], "has an empty entry"),
        ]
        for (exe, args, expected) in cases {
            let p = try ChildProcess(exe, args)
            #expect(try await p.wait(timeout: .seconds(10)) == 64, "\(args): \(p.stderr)")
            #expect(p.stderr.contains(expected), "\(args): \(p.stderr)")
        }
    }

    @Test func everyCommandSaysTheSameWhenTheClusterCannotBeReached() async throws {
        let brokers = "127.0.0.1:1"
        let (file, _) = try SendCommandTests.simulatedFile(events: 5)
        let commands: [(String, [String])] = [
            ("waitwatch-producer", ["send", "--brokers", brokers, file.path]),
            ("waitwatch-producer", ["simulate", "--brokers", brokers, "--days", "1", "--trusts", "1"]),
            ("waitwatch-worker", ["run", "--brokers", brokers, "--until-end", "--no-create-topics"]),
            ("waitwatch-worker", ["report", "--brokers", brokers]),
            ("waitwatch-worker", ["alerts", "--brokers", brokers]),
            ("waitwatch-worker", ["setup", "--brokers", brokers]),
        ]
        let processes = try commands.map { try ChildProcess($0.0, $0.1) }
        for (p, command) in zip(processes, commands) {
            let status = try await p.wait(timeout: .seconds(60))
            #expect(status != 0)
            let lines = p.stderr.split(separator: "\n").filter { $0.contains("cannot reach Kafka at \(brokers): ") }
            #expect(!lines.isEmpty, "\(command.1.first ?? ""): \(p.stderr.suffix(800))")
        }
    }
}
