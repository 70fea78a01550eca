import Foundation
import Testing
import WaitwatchConfig
import WaitwatchCore
import WaitwatchKafka
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// What operators see: `/metrics` scraped by a real Prometheus, `/healthz` and `/readyz`, and the
/// snapshot positions committed to the consumer group (issue 12).
@Suite(.serialized) struct OperatorsTests {
    /// Puts `count` messages that are not events on the input topic (they are dead-lettered `invalid`).
    static func sendGarbage(_ cluster: TestCluster, count: Int) throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        for i in 0..<count {
            try producer.produce(
                OutgoingMessage(
                    topic: cluster.topics.events, partition: 0, key: Array("RAJ/SALT".utf8), value: Array("not an event \(i)".utf8)),
                id: UInt64(i))
        }
        let (reports, outstanding) = producer.flush(timeoutMilliseconds: 30_000)
        #expect(outstanding == 0 && reports.allSatisfy { $0.error == nil })
    }

    static func lines(of file: URL) throws -> Int {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count
    }

    /// The value of a Prometheus instant query that returns one sample; nil while it returns none.
    static func query(_ prometheus: String, _ expression: String) async throws -> Double? {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        guard let (status, body) = await LoopbackHTTP.get("\(prometheus)/api/v1/query?query=\(encoded)"), status == 200 else { return nil }
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        guard let data = json?["data"] as? [String: Any], let result = data["result"] as? [[String: Any]], result.count == 1,
            let value = result[0]["value"] as? [Any], value.count == 2, let text = value[1] as? String
        else { return nil }
        return Double(text)
    }

    @Test func aRealPrometheusScrapesEventsDeadLettersAndLagReachingZero() async throws {
        // Never skipped: without the tool the test fails, saying how to install it.
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus"),
            "/usr/bin/prometheus is missing: install Debian's prometheus (scripts/ensure-deps --test)")
        let cluster = try TestCluster(partitions: 3, groups: ["ops"])
        let file = try await WorkerPipelineTests.simulate(["--trusts", "2", "--days", "40", "--seed", "12"])
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0, "stderr: \(send.stderr)")
        try Self.sendGarbage(cluster, count: 3)
        let events = try Self.lines(of: file)

        let workerPort = try LoopbackHTTP.freePort()
        let worker = try ChildProcess(
            "waitwatch-worker",
            [
                "run", "--brokers", cluster.brokers, "--group", "ops", "--session-timeout", "6000", "--log-level", "info",
                "--metrics", "127.0.0.1:\(workerPort)", "--snapshot-interval", "1", "--ready-max-lag", "0",
            ])
        defer { if worker.process.isRunning { worker.signal(SIGKILL) } }
        let base = "http://127.0.0.1:\(workerPort)"
        // Liveness at once; readiness once partitions are held and read to their end.
        let health = try await LoopbackHTTP.eventually(timeout: .seconds(120), "/healthz") { await LoopbackHTTP.get("\(base)/healthz") }
        #expect(health.status == 200)
        let ready = try await LoopbackHTTP.eventually(timeout: .seconds(300), "/readyz 200") {
            await LoopbackHTTP.get("\(base)/readyz").flatMap { $0.status == 200 ? $0 : nil }
        }
        #expect(ready.body.hasPrefix("ok"))

        // A real Prometheus scraping the worker every second.
        let promPort = try LoopbackHTTP.freePort()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("prometheus.yml")
        try """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: waitwatch
            static_configs:
              - targets: ["127.0.0.1:\(workerPort)"]
        """.write(to: config, atomically: true, encoding: .utf8)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(dir.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=warn",
        ]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = try FileHandle(
            forWritingTo: {
                let log = dir.appendingPathComponent("prometheus.log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                return log
            }())
        try prometheus.run()
        // Stopped by its pid, whatever happens below.
        defer {
            kill(prometheus.processIdentifier, SIGTERM)
            prometheus.waitUntilExit()
        }
        let api = "http://127.0.0.1:\(promPort)"

        let read = try await LoopbackHTTP.eventually(timeout: .seconds(180), "events read in Prometheus") {
            try await Self.query(api, "sum(waitwatch_events_read_total)").flatMap { Int($0) == events + 3 ? $0 : nil }
        }
        #expect(Int(read) == events + 3)
        let undecodable = try await Self.query(api, #"waitwatch_events_read_total{type="undecodable"}"#)
        #expect(undecodable == 3)
        let received = try await Self.query(api, #"waitwatch_events_read_total{type="referral.received"}"#)
        #expect((received ?? 0) > 0)
        let invalid = try await Self.query(api, #"waitwatch_dead_letters_total{reason="invalid"}"#)
        #expect(invalid == 3)
        let lag = try await LoopbackHTTP.eventually(timeout: .seconds(120), "lag 0 in Prometheus") {
            try await Self.query(api, #"max(waitwatch_consumer_lag_messages{topic="referral-events"})"#).flatMap { $0 == 0 ? $0 : nil }
        }
        #expect(lag == 0)
        let lagSeries = try await Self.query(api, #"count(waitwatch_consumer_lag_messages{topic="referral-events"})"#)
        #expect(lagSeries == 3)
        let published = try await Self.query(api, #"sum(waitwatch_records_published_total{scope="trust"})"#)
        #expect((published ?? 0) > 0)
        let build = try await Self.query(api, "count(waitwatch_build_info)")
        #expect(build == 1)

        // The exposition itself follows Prometheus's naming.
        let metrics = try #require(await LoopbackHTTP.get("\(base)/metrics"))
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("# TYPE waitwatch_events_read_total counter"))
        #expect(metrics.body.contains("waitwatch_published_through_timestamp_seconds"))
        #expect(await LoopbackHTTP.get("\(base)/nothing")?.status == 404)

        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "stderr: \(worker.stderr.suffix(2000))")
    }

    @Test func snapshotPositionsAreCommittedToTheConsumerGroup() async throws {
        let cluster = try TestCluster(partitions: 3, groups: ["committer"])
        let file = try await WorkerPipelineTests.simulate(["--trusts", "2", "--days", "30", "--seed", "4"])
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0, "stderr: \(send.stderr)")
        let worker = try ChildProcess(
            "waitwatch-worker", ["run", "--brokers", cluster.brokers, "--group", "committer", "--until-end", "--log-format", "json"])
        #expect(try await worker.wait(timeout: .seconds(180)) == 0, "stderr: \(worker.stderr.suffix(2000))")
        // At the default level, JSON log lines: the start and stop lines with version, group, mode and partitions.
        // Every line of standard error (the progress line included) is one JSON object.
        let lines = worker.stderr.split(separator: "\n")
        let logs = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(logs.count == lines.count, "every line is one JSON object: \(lines.filter { !$0.hasPrefix("{") }.prefix(3))")
        let started = try #require(logs.first { $0["message"] == "waitwatch worker starting" })
        #expect(
            started["level"] == "notice" && started["group"] == "committer" && started["mode"] == "untilEnd" && started["version"] != nil)
        let stopped = try #require(logs.first { $0["message"] == "waitwatch worker stopped" })
        #expect(stopped["partitions"]?.contains("referral-events[") == true)
        let referralIds = Set(try WorkerPipelineTests.events(in: file).map(\.referralId))
        #expect(!logs.contains { line in line.values.contains { referralIds.contains($0) } }, "no referral id in a log line")

        // The latest snapshot manifest of every owner on the state topic.
        var positions: [TopicPartition: Int64] = [:]
        var numbers: [TopicPartition: UInt64] = [:]
        let internalTopics = InternalTopics(group: "committer")
        for m in try await cluster.readAll(internalTopics.state) {
            // Each state record starts with its owner (group and configuration), then the record.
            guard let value = m.value, let split = InternalRecordOwner.split(value),
                case .manifest(let manifest)? = StateRecord(decoding: Array(value[split.bodyStart...]))
            else { continue }
            let topic = manifest.owner.kind == .input ? cluster.topics.events : internalTopics.contributions
            let tp = TopicPartition(topic: topic, partition: manifest.owner.partition)
            if manifest.snapshot >= numbers[tp] ?? 0 {
                numbers[tp] = manifest.snapshot
                positions[tp] = manifest.position
            }
        }
        #expect(positions.keys.contains { $0.topic == cluster.topics.events })

        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: cluster.kafka, groupID: "committer"), logger: cluster.logger)
        defer { try? consumer.close() }
        let committed = try consumer.committed(Array(positions.keys))
        for (tp, position) in positions {
            #expect(committed[tp] == position, "\(tp): committed \(committed[tp] ?? -1), snapshot at \(position)")
        }
        // Read to the end: the committed input positions are the partitions' ends (lag 0).
        for tp in positions.keys where tp.topic == cluster.topics.events {
            #expect(committed[tp] == (try consumer.watermarks(of: tp)).high)
        }
    }
}
