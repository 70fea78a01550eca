import Foundation
import Testing
import WaitwatchConfig
import WaitwatchCore
import WaitwatchKafka
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// `run --alertmanager URL` against a real Alertmanager (Debian's `prometheus-alertmanager`): a
/// known breach arrives once, with its labels, and resolves; a second run (restored from its
/// snapshots) adds no second alert.
@Suite(.serialized) struct AlertmanagerTests {
    static let binary = "/usr/bin/prometheus-alertmanager"

    static func write(_ events: [ReferralEvent]) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-am-\(UUID().uuidString).ndjson")
        let encoder = EventEncoder()
        try events.map { String(decoding: encoder.encode($0), as: UTF8.self) }.joined(separator: "\n").appending("\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Alertmanager's alerts (`GET /api/v2/alerts`) with these label matchers.
    static func alerts(_ base: String, _ filters: [String]) async throws -> [[String: Any]]? {
        let query = filters.map { "filter=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) }.joined(
            separator: "&")
        guard let (status, body) = await LoopbackHTTP.get("\(base)/api/v2/alerts?\(query)"), status == 200 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]
    }

    @Test func aBreachArrivesOnceWithItsLabelsAndResolves() async throws {
        // Never skipped: without the tool the test fails, saying how to install it.
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary),
            "\(Self.binary) is missing: install Debian's prometheus-alertmanager (scripts/ensure-deps --test)")
        let cluster = try TestCluster(partitions: 1, groups: ["am"])
        // One referral waits over 52 weeks (long-waiters fires for RAJ/SALT) …
        let start = CivilDay("2025-01-06")!
        var b = EventBuilder(trust: "RAJ", service: "SALT")
        let first = try Self.write([
            b.on(.referralReceived, "R1", day: start), b.on(.referralReceived, "R2", day: start.advanced(by: 400)),
        ])
        // … then leaves the list (it resolves).
        let second = try Self.write([
            b.on(.referralClosed, "R1", day: start.advanced(by: 402)), b.on(.referralReceived, "R3", day: start.advanced(by: 410)),
        ])

        let port = try LoopbackHTTP.freePort()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("alertmanager.yml")
        try """
        route:
          receiver: "null"
          group_wait: 1s
        receivers:
          - name: "null"
        """.write(to: config, atomically: true, encoding: .utf8)
        let alertmanager = Process()
        alertmanager.executableURL = URL(fileURLWithPath: Self.binary)
        alertmanager.arguments = [
            "--config.file=\(config.path)", "--storage.path=\(dir.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ]
        alertmanager.standardOutput = FileHandle.nullDevice
        alertmanager.standardError = FileHandle.nullDevice
        try alertmanager.run()
        // Stopped by its pid, whatever happens below.
        defer {
            kill(alertmanager.processIdentifier, SIGTERM)
            alertmanager.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        _ = try await LoopbackHTTP.eventually(timeout: .seconds(120), "Alertmanager up") { await LoopbackHTTP.get("\(base)/-/ready") }

        let matchers = [#"rule="long-waiters""#, #"trust="RAJ""#, #"service="SALT""#]
        // One worker, streaming, pushing to Alertmanager while the two files arrive.
        let worker = try ChildProcess(
            "waitwatch-worker",
            [
                "run", "--brokers", cluster.brokers, "--group", "am", "--session-timeout", "6000", "--alertmanager", base,
            ])
        defer { if worker.process.isRunning { worker.signal(SIGKILL) } }
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, first.path])
        #expect(try await send.wait() == 0, "stderr: \(send.stderr)")
        let firing = try await LoopbackHTTP.eventually(timeout: .seconds(180), "the firing in Alertmanager") {
            try await Self.alerts(base, matchers).flatMap { $0.isEmpty ? nil : $0 }
        }
        #expect(firing.count == 1)
        let labels = firing.first?["labels"] as? [String: String]
        #expect(labels?["alertname"] == "long-waiters")
        #expect(labels?["severity"] == "critical")
        let annotations = firing.first?["annotations"] as? [String: String]
        #expect(annotations?["message"]?.contains("waited over 52 weeks") == true)
        #expect(annotations?["alertId"]?.hasPrefix("long-waiters/RAJ/SALT/") == true)
        #expect((firing.first?["status"] as? [String: Any])?["state"] as? String == "active")

        let resend = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, second.path])
        #expect(try await resend.wait() == 0, "stderr: \(resend.stderr)")
        // Resolved: no longer among the active alerts, and never a second one.
        let after = try await LoopbackHTTP.eventually(timeout: .seconds(180), "the resolve in Alertmanager") {
            try await Self.alerts(base, matchers).flatMap { alerts in
                alerts.allSatisfy { (($0["status"] as? [String: Any])?["state"] as? String) != "active" } ? alerts : nil
            }
        }
        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "stderr: \(worker.stderr.suffix(2000))")
        #expect(after.count <= 1)
    }
}
