import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// `waitwatch-producer check` and `send --format …` on trusts' feeds, as real processes
/// (send against the embedded cluster).
@Suite(.serialized) struct FeedCommandTests {
    /// Tests/Support/Fixtures/feeds, where the samples live.
    static let samples = (try? FixtureEvents.url("feeds")) ?? URL(fileURLWithPath: "/nonexistent/feeds")

    static let identifying = [
        "9434765919", "943 476 5919", "9990000018", "Poppy", "Fictitious", "Rory", "Madeup", "2015-06-14", "20150614", "2012-01-09",
        "Imaginary",
    ]

    /// A configuration with the samples' code map and a key file (the key is never an argument).
    static func configuration() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let key = dir.appendingPathComponent("key")
        try Data("integration-test-key-0123456789\n".utf8).write(to: key)
        let config = dir.appendingPathComponent("waitwatch.yaml")
        try """
        feeds:
          codeMap: { SLT: SALT, "724179005": CAMHS }
          patientRefKey: { file: \(key.path) }
        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    /// The sample NDJSON events without their ids.
    static func expectedEvents() throws -> [ReferralEvent] {
        try Data(contentsOf: samples.appendingPathComponent("history.ndjson")).split(separator: 0x0A).map {
            var e = try EventDecoder().decode(Array($0)).get()
            e.eventId = ""
            return e
        }
    }

    static func events(_ lines: [[UInt8]]) throws -> [ReferralEvent] {
        try lines.map {
            var e = try EventDecoder().decode($0).get()
            e.eventId = ""
            return e
        }
    }

    func expectNoPatientData(_ texts: String...) {
        for text in texts {
            for value in Self.identifying { #expect(!text.contains(value), "\(value) appeared in the output") }
        }
    }

    @Test(arguments: [("csv", "history.csv"), ("hl7v2", "history.hl7"), ("fhir", "history.fhir.ndjson")])
    func checkConvertsEachFormatToTheSameEvents(_ format: String, _ file: String) async throws {
        let config = try Self.configuration()
        let out = config.deletingLastPathComponent().appendingPathComponent("out.ndjson")
        let check = try ChildProcess(
            "waitwatch-producer",
            ["check", "--format", format, "--config", config.path, "--out", out.path, Self.samples.appendingPathComponent(file).path])
        #expect(try await check.wait() == 0, "stderr: \(check.stderr)")
        #expect(check.stdout.hasPrefix("checked: 14 valid event(s), rejected 0"), "stdout: \(check.stdout)")
        let converted = try String(contentsOf: out, encoding: .utf8)
        #expect(try Self.events(converted.split(separator: "\n").map { Array($0.utf8) }) == Self.expectedEvents())
        #expect(converted.contains("\"patientRef\":\""))
        expectNoPatientData(check.stdout, check.stderr, converted)
    }

    @Test func aFileInAnotherFormatGetsOneClearLine() async throws {
        let check = try ChildProcess("waitwatch-producer", ["check", Self.samples.appendingPathComponent("history.csv").path])
        #expect(try await check.wait() == 1)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 2, "stderr: \(check.stderr)")
        #expect(lines.last?.contains("this looks like CSV") == true && lines.last?.contains("use --format csv") == true)
        let auto = try ChildProcess(
            "waitwatch-producer",
            [
                "check", "--format", "auto", "--config", try Self.configuration().path,
                Self.samples.appendingPathComponent("history.hl7").path,
            ])
        #expect(try await auto.wait() == 0, "stderr: \(auto.stderr)")
        #expect(auto.stderr.contains("reading as --format hl7v2"))
    }

    @Test func maxErrorsStopsTheRunAndTheSummaryCountsByReason() async throws {
        // Without the configuration's code map, every SLT/724179005 row is an unknown service.
        let check = try ChildProcess(
            "waitwatch-producer",
            ["check", "--format", "csv", "--max-errors", "3", Self.samples.appendingPathComponent("history.csv").path])
        #expect(try await check.wait() == 1)
        #expect(check.stdout.contains("checked: 0 valid event(s), rejected 3 (lines 2, 3, 4)"), "stdout: \(check.stdout)")
        #expect(check.stdout.contains("rejected by reason: unknown-service 3"))
        #expect(check.stdout.contains("stopped before the end of the input (--max-errors)"))
        #expect(check.stderr.contains("history.csv:2: column SERVICE_CODE: unknown service code \"SLT\""))
        expectNoPatientData(check.stdout, check.stderr)
    }

    @Test func sendCSVPublishesTheSameEventsAndReportsBadRowsByReason() async throws {
        let cluster = try TestCluster(partitions: 3)
        let config = try Self.configuration()
        var csv = try String(contentsOf: Self.samples.appendingPathComponent("history.csv"), encoding: .utf8)
        csv += "RAJ,NOPE,000000000199,REFERRAL,2026-05-01 10:00,1,,,,,9434765919,\"Fictitious, Poppy\",2015-06-14\r\n"
        csv += "RAJ,SLT,000000000199,REFERRAL,2026-02-30 10:00,1,,,,,9434765919,\"Fictitious, Poppy\",2015-06-14\r\n"
        let file = config.deletingLastPathComponent().appendingPathComponent("extract.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)

        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, "--format", "csv", "--config", config.path, file.path])
        #expect(try await send.wait() == 1, "stderr: \(send.stderr)")
        #expect(send.stdout.hasPrefix("sent 14, rejected 2 (lines 16, 17), failed 0"), "stdout: \(send.stdout)")
        #expect(send.stdout.contains("rejected by reason: bad-timestamp 1, unknown-service 1"), "stdout: \(send.stdout)")
        #expect(
            send.stderr.contains(":16: column SERVICE_CODE: unknown service code")
                && send.stderr.contains(":17: column EVENT_DATE_TIME: not a date-time"))
        let messages = try await cluster.readAll(cluster.topics.events)
        let published = try Self.events(messages.map { $0.value ?? [] })
        let expected = try Self.expectedEvents()
        #expect(published.count == 14)
        #expect(Set(published) == Set(expected))
        for m in messages {
            #expect(
                m.key.map { String(decoding: $0, as: UTF8.self) } == "RAJ/SALT"
                    || m.key.map { String(decoding: $0, as: UTF8.self) } == "RAJ/CAMHS")
        }
        expectNoPatientData(send.stdout, send.stderr, String(decoding: messages.flatMap { $0.value ?? [] }, as: UTF8.self))

        // The same extract again: the same derived ids (the pipeline drops the repeats).
        let again = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, "--format", "csv", "--config", config.path, file.path])
        #expect(try await again.wait() == 1)
        let ids = try await cluster.readAll(cluster.topics.events).map { try EventDecoder().decode($0.value ?? []).get().eventId }
        #expect(ids.count == 28 && Set(ids).count == 14)
    }

    @Test func anUnreachableClusterIsExitStatusThree() async throws {
        let send = try ChildProcess(
            "waitwatch-producer",
            [
                "send", "--brokers", "127.0.0.1:1", "--format", "csv", "--config", try Self.configuration().path,
                Self.samples.appendingPathComponent("history.csv").path,
            ])
        #expect(try await send.wait() == 3, "stderr: \(send.stderr)")
        #expect(send.stderr.contains("cannot reach Kafka"))
    }
}
