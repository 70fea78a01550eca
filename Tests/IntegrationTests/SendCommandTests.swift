import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// `waitwatch-producer send` as a real process against the embedded cluster.
@Suite(.serialized) struct SendCommandTests {
    /// Writes `count` simulated events to a temporary NDJSON file.
    static func simulatedFile(events count: Int, trusts: Int = 4) throws -> (URL, [ReferralEvent]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-\(UUID().uuidString).ndjson")
        var events: [ReferralEvent] = []
        var bytes: [UInt8] = []
        let encoder = EventEncoder()
        for e in try ReferralSimulation(SimulationConfiguration(seed: 11, trusts: trusts, days: 365)).prefix(count) {
            events.append(e)
            encoder.encode(e, into: &bytes)
            bytes.append(0x0A)
        }
        try Data(bytes).write(to: url)
        return (url, events)
    }

    @Test func tenThousandEventsArriveExactlyOnceOnTheirKeysPartitionInOrder() async throws {
        let cluster = try TestCluster(partitions: 6)
        let (file, events) = try Self.simulatedFile(events: 10_000)
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0, "stderr: \(send.stderr)")
        #expect(send.stdout.hasPrefix("sent 10,000, rejected 0, failed 0"))

        let messages = try await cluster.readAll(cluster.topics.events)
        let decoder = EventDecoder()
        var ids = Set<String>()
        var partitionOfKey: [String: Int32] = [:]
        var positionOfKey: [String: Int] = [:]
        let position = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($1.eventId, $0) })
        for m in messages {
            let event = try decoder.decode(m.value ?? []).get()
            ids.insert(event.eventId)
            #expect(m.key == Array(event.key.utf8))
            #expect(partitionOfKey[event.key, default: m.topicPartition.partition] == m.topicPartition.partition, "one partition per key")
            partitionOfKey[event.key] = m.topicPartition.partition
            let pos = try #require(position[event.eventId])
            #expect(pos > positionOfKey[event.key, default: -1], "per-key order")
            positionOfKey[event.key] = pos
        }
        #expect(messages.count == 10_000)
        #expect(ids.count == 10_000)
        #expect(Set(partitionOfKey.values).count > 1, "keys spread over partitions")
    }

    @Test func badLinesAreNamedAndGoodLinesStillDelivered() async throws {
        let cluster = try TestCluster(partitions: 3)
        let (file, _) = try Self.simulatedFile(events: 50)
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert("this is not json", at: 2)  // line 3
        lines.insert(
            #"{"eventId":"b1","type":"referral.teleported","referralId":"R","trust":"RAJ","service":"SALT","occurredAt":"2026-01-01T09:00:00Z"}"#,
            at: 9)  // line 10
        lines.append(
            #"{"eventId":"b2","type":"referral.received","referralId":"R","trust":"RAJ","service":"SALT","occurredAt":"2026-01-01 9am"}"#)  // line 53
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        let status = try await send.wait()
        #expect(status == 1)
        #expect(send.stdout.contains("sent 50, rejected 3 (lines 3, 10, 53), failed 0"), "stdout: \(send.stdout)")
        #expect(send.stderr.contains(":3: "))
        #expect(send.stderr.contains(":10: ") && send.stderr.contains("referral.teleported"))
        #expect(send.stderr.contains(":53: ") && send.stderr.contains("occurredAt"))
        #expect(try await cluster.readAll(cluster.topics.events).count == 50)
    }

    @Test func injectedDeliveryFailuresAreReportedAndFailTheRun() async throws {
        let cluster = try TestCluster(partitions: 2)
        let (file, _) = try Self.simulatedFile(events: 2_000)
        // Every produce request is refused with a non-retriable error (topic authorization failed).
        cluster.cluster.pushRequestErrors(.produce, errors: Array(repeating: 29, count: 500))
        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, "--kafka", "message.timeout.ms=5000", file.path])
        let status = try await send.wait()
        #expect(status == 2, "stdout: \(send.stdout) stderr: \(send.stderr.suffix(500))")
        #expect(send.stdout.contains("failed") && !send.stdout.contains("failed 0"), "stdout: \(send.stdout)")
        #expect(send.stderr.contains("not delivered"))
    }

    @Test func aClusterThatStopsMidSendIsReported() async throws {
        let cluster = try TestCluster(brokers: 1, partitions: 2)
        let (file, _) = try Self.simulatedFile(events: 4_000)
        let lines = try Data(contentsOf: file).split(separator: 0x0A, omittingEmptySubsequences: true)
        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, "--kafka", "message.timeout.ms=3000", "-"], pipeStdin: true)
        try send.writeStdin(Data(lines[..<2_000].joined(separator: [0x0A]) + [0x0A]))
        // Seconds alone; in a full test run, with the machine saturated, it has taken over 30 s.
        let deadline = ContinuousClock.now + .seconds(120)
        while try await cluster.messageCount(cluster.topics.events) < 2_000 {
            guard ContinuousClock.now < deadline else { throw TestFailure("the first half never arrived") }
            try await Task.sleep(for: .milliseconds(50))
        }
        try cluster.cluster.setBroker(1, up: false)
        try send.writeStdin(Data(lines[2_000...].joined(separator: [0x0A]) + [0x0A]))
        try send.closeStdin()
        let status = try await send.wait(timeout: .seconds(90))
        #expect(status == 2, "stdout: \(send.stdout) stderr: \(send.stderr.suffix(500))")
        #expect(send.stdout.hasPrefix("sent 2,000, rejected 0, failed 2,000"), "stdout: \(send.stdout)")
        #expect(send.stderr.contains("not delivered"))
    }
}
