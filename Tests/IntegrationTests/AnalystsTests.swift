import Foundation
import Testing
import WaitwatchCore
import WaitwatchTesting

/// The analysts' side on a real embedded cluster with the real executables: `stats`, `report`
/// fixes, `report --html` opened by headless chromium, and the JSON Schemas checked by Python's
/// `jsonschema` against records the worker produced.
@Suite(.serialized) struct AnalystsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `waitwatch-worker` with `arguments`; returns status, stdout, stderr.
    static func worker(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let p = try ChildProcess("waitwatch-worker", arguments)
        let status = try await p.wait(timeout: .seconds(300))
        return (status, p.stdout, p.stderr)
    }

    /// A cluster with the worked example sent and computed.
    static func workedExampleCluster() async throws -> TestCluster {
        let cluster = try TestCluster(partitions: 3)
        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, try FixtureEvents.url("events.ndjson").path])
        #expect(try await send.wait() == 0)
        let run = try await worker(["run", "--brokers", cluster.brokers, "--until-end"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        return cluster
    }

    /// A cluster with a simulated feed sent and computed (alerts included).
    static func simulatedCluster(_ arguments: [String], workerArguments: [String] = []) async throws -> TestCluster {
        let cluster = try TestCluster(partitions: 3)
        let file = try await WorkerPipelineTests.simulate(arguments)
        let send = try ChildProcess("waitwatch-producer", ["send", "--brokers", cluster.brokers, file.path])
        #expect(try await send.wait() == 0, "\(send.stderr)")
        let run = try await worker(["run", "--brokers", cluster.brokers, "--until-end"] + workerArguments)
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        return cluster
    }

    /// A flat `[path: value]` view of a JSON object, with `json_normalize` names.
    static func flatten(_ object: [String: Any], _ prefix: String = "") -> [String: String] {
        var flat: [String: String] = [:]
        for (k, v) in object {
            if let nested = v as? [String: Any] {
                flat.merge(flatten(nested, prefix + k + "."), uniquingKeysWith: { a, _ in a })
            } else {
                flat[prefix + k] = "\(v)"
            }
        }
        return flat
    }

    @Test func statsGivesTheWorkedExampleAsOneRowPerKeyAndDay() async throws {
        let cluster = try await Self.workedExampleCluster()
        let all = try await Self.worker(["stats", "--brokers", cluster.brokers, "--format", "ndjson"])
        #expect(all.status == 0, "\(all.stderr)")
        let rows = all.stdout.split(separator: "\n").map {
            Self.flatten(try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])
        }
        let expected = try FixtureEvents.lines("expected-stats.ndjson").map {
            Self.flatten(try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])
        }
        #expect(rows.count == 27)
        for e in expected {
            let row = rows.first { $0["trust"] == e["trust"] && $0["service"] == e["service"] && $0["asOf"] == e["asOf"] }
            #expect(row != nil, "no row for \(e["trust"]!)/\(e["service"]!)/\(e["asOf"]!)")
            for (k, v) in e { #expect(row?[k] == v, "\(e["trust"]!)/\(e["service"]!)/\(e["asOf"]!) \(k)") }
        }

        // One series, CSV, as pandas or Excel would load it.
        let series = try await Self.worker([
            "stats", "--brokers", cluster.brokers, "--trust", "RAJ", "--service", "SALT", "--from", "2026-05-02", "--to", "2026-05-04",
            "--format", "csv",
        ])
        #expect(series.status == 0, "\(series.stderr)")
        let lines = series.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("asOf,level,trust,trustName,service,serviceName,"))
        #expect(
            lines.dropFirst().map { $0.prefix(20) }
                == ["2026-05-02,trust,RAJ", "2026-05-03,trust,RAJ", "2026-05-04,trust,RAJ"].map { $0.prefix(20) })
        let last = try await Self.worker([
            "stats", "--brokers", cluster.brokers, "--service", "SALT", "--level", "national", "--last", "2d", "--format", "json",
        ])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(last.stdout.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["asOf"] as? String } == ["2026-05-05", "2026-05-06"])
        let monthly = try await Self.worker(["stats", "--brokers", cluster.brokers, "--monthly", "--format", "csv"])
        #expect(monthly.status == 0 && monthly.stdout.hasPrefix("period,censusDay,level,orgCode"), "\(monthly.stderr)")

        // Clear one-line errors and a non-zero exit.
        for (args, message) in [
            (["--service", "XYZ"], "unknown service XYZ: the data has CAMHS, SALT"),
            (["--trust", "RXX"], "no records for trust RXX: the data has RAJ, RQW"),
            (["--from", "2027-01-01"], "data covers 2026-05-01 … 2026-05-06"),
            (["--level", "icb"], "no icb records: ICB and region roll-ups are published only when"),
        ] {
            let bad = try await Self.worker(["stats", "--brokers", cluster.brokers] + args)
            #expect(bad.status != 0 && bad.stderr.contains(message), "\(args): \(bad.stderr)")
            #expect(bad.stdout.isEmpty)
        }
    }

    @Test func reportSaysWhatIsWrongAndHonoursTheWindowAndNationalOnly() async throws {
        let cluster = try await Self.workedExampleCluster()
        let unknown = try await Self.worker(["report", "--brokers", cluster.brokers, "--service", "XYZ"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown service XYZ: the data has CAMHS, SALT"), "\(unknown.stderr)")
        let outside = try await Self.worker(["report", "--brokers", cluster.brokers, "--date", "2027-01-01"])
        #expect(
            outside.status != 0 && outside.stderr.contains("no records for 2027-01-01: data covers 2026-05-01 … 2026-05-06"),
            "\(outside.stderr)")
        let csv = try await Self.worker(["report", "--brokers", cluster.brokers, "--csv", "--national-only"])
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains(",ALL,") }, "\(csv.stdout)")
        let table = try await Self.worker(["report", "--brokers", cluster.brokers])
        #expect(table.stdout.contains("seen (28d)"))

        // A 14-day window: the worker's records say so, and so do the headers.
        let other = try TestCluster(partitions: 2)
        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", other.brokers, try FixtureEvents.url("events.ndjson").path])
        #expect(try await send.wait() == 0)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("w14-\(UUID().uuidString).yaml")
        try "windowDays: 14\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try await Self.worker(["run", "--brokers", other.brokers, "--until-end", "--config", config.path])
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        let w14 = try await Self.worker(["report", "--brokers", other.brokers])
        #expect(
            w14.stdout.contains("seen (14d)") && w14.stdout.contains("received (14d)") && !w14.stdout.contains("(28d)"),
            "\(w14.stdout)\(w14.stderr)")
    }

    @Test func theSchemasValidateRecordsTheWorkerProducedWithPythonsJsonschema() async throws {
        // With the sample organisation mapping: ICB and region roll-ups are validated too.
        let cluster = try await Self.simulatedCluster(
            ["--trusts", "2", "--days", "420", "--seed", "11"],
            workerArguments: ["--config", Self.repository.appendingPathComponent("deploy/simulated-organisations.yaml").path])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var counts: [String: Int] = [:]
        for (record, topic) in [("stats", cluster.topics.stats), ("alerts", cluster.topics.alerts)] {
            let schema = try await Self.worker(["schema", record])
            #expect(schema.status == 0)
            try schema.stdout.write(to: dir.appendingPathComponent("\(record).schema.json"), atomically: true, encoding: .utf8)
            let messages = try await cluster.readAll(topic)
            counts[record] = messages.count
            let text = messages.map { String(decoding: $0.value ?? [], as: UTF8.self) }.joined(separator: "\n") + "\n"
            try text.write(to: dir.appendingPathComponent("\(record).ndjson"), atomically: true, encoding: .utf8)
            // The shipped file is what the program prints.
            let shipped = try String(
                contentsOf: Self.repository.appendingPathComponent("docs/schema/referral-wait-\(record).schema.json"), encoding: .utf8)
            #expect(shipped == schema.stdout)
        }
        #expect((counts["stats"] ?? 0) > 1000 && (counts["alerts"] ?? 0) > 0, "\(counts)")
        // A record broken on purpose must fail, or the check proves nothing.
        try #"{"trust":"raj","service":"SALT"}"#.appending("\n").write(
            to: dir.appendingPathComponent("broken.ndjson"), atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator, FormatChecker
            d = sys.argv[1]
            bad = 0
            for record in ("stats", "alerts"):
                schema = json.load(open(f"{d}/{record}.schema.json"))
                Draft202012Validator.check_schema(schema)
                v = Draft202012Validator(schema, format_checker=FormatChecker())
                n = 0
                for line in open(f"{d}/{record}.ndjson"):
                    if not line.strip(): continue
                    for e in v.iter_errors(json.loads(line)):
                        bad += 1
                        print(record, e.message, file=sys.stderr)
                    n += 1
                print(record, n)
            broken = list(Draft202012Validator(json.load(open(f"{d}/stats.schema.json"))).iter_errors(json.loads(open(f"{d}/broken.ndjson").readline())))
            print("broken", len(broken))
            sys.exit(1 if bad else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, dir.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 jsonschema (scripts/ensure-deps installs it): \(errors.suffix(2000))")
        #expect(output.contains("stats \(counts["stats"] ?? -1)\n") && output.contains("alerts \(counts["alerts"] ?? -1)\n"), "\(output)")
        let brokenErrors = output.split(separator: "\n").first { $0.hasPrefix("broken ") }.flatMap { Int($0.dropFirst(7)) } ?? 0
        #expect(brokenErrors >= 2, "\(output)")

        // `stats` reads the roll-ups by level, named from the configuration.
        let config = Self.repository.appendingPathComponent("deploy/simulated-organisations.yaml").path
        let monthly = try await Self.worker([
            "stats", "--brokers", cluster.brokers, "--config", config, "--level", "icb", "--level", "region", "--monthly", "--format",
            "csv",
        ])
        #expect(monthly.status == 0, "\(monthly.stderr)")
        let rows = monthly.stdout.split(separator: "\n").dropFirst()
        #expect(
            !rows.isEmpty && rows.allSatisfy { $0.contains(",icb,ICB:") || $0.contains(",region,REGION:") },
            "\(monthly.stdout.prefix(2000))")
        #expect(monthly.stdout.contains(",icb,ICB:QH8,NHS Mid and South Essex Integrated Care Board,"))
        #expect(monthly.stdout.contains(",region,REGION:Y61,East of England,"))
        let series = try await Self.worker([
            "stats", "--brokers", cluster.brokers, "--trust", "ICB:QM7", "--service", "SALT", "--last", "7d", "--format", "ndjson",
        ])
        let objects = series.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(
            objects.count == 7 && objects.allSatisfy { $0["level"] as? String == "icb" && $0["trust"] as? String == "ICB:QM7" }, "\(series)"
        )
    }

    @Test func headlessChromiumRendersEveryChartFetchesNothingAndPrintsToPDF() async throws {
        let chromium = try Chromium()
        let cluster = try await Self.simulatedCluster(["--trusts", "3", "--days", "420", "--seed", "7"])
        let page = chromium.work.appendingPathComponent("report.html")
        let report = try await Self.worker([
            "report", "--brokers", cluster.brokers, "--html", page.path, "--last", "180d",
            "--config", Self.repository.appendingPathComponent("deploy/simulated-organisations.yaml").path,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)

        // Which series there must be: every key on the topic in the period.
        let keys = Set(
            try await cluster.readAll(cluster.topics.stats).compactMap { m -> String? in
                let parts = String(decoding: m.key ?? [], as: UTF8.self).split(separator: "/")
                return parts.count == 3 ? "\(parts[0])/\(parts[1])" : nil
            })
        #expect(keys.count > 10 && keys.contains { $0.hasPrefix("ALL/") })

        let dom = try await chromium.run(page, ["--dump-dom"], name: "dom")
        #expect(dom.stdout.contains("<svg"))
        for key in keys {
            for metric in ["waiting", "median", "p92", "withinTarget", "over52"] {
                let marker = "data-series=\"\(key)/\(metric)\" d=\"M"
                #expect(dom.stdout.contains(marker) || (metric != "waiting" && metric != "over52"), "no path \(key)/\(metric)")
            }
            #expect(dom.stdout.contains("data-series=\"\(key)/waiting\" d=\"M"), "\(key)")
        }
        for key in keys where key.hasPrefix("ALL/") {
            #expect(dom.stdout.contains("data-series=\"\(key)/median\" d=\"M"), "\(key)")
            #expect(dom.stdout.contains("data-series=\"\(key)/band/52+\" d=\"M"), "\(key)")
        }
        #expect(dom.stdout.contains("data-series=\"alert/"))
        #expect(dom.stdout.contains("Mid and South Essex NHS Foundation Trust"))
        // Nothing to fetch: no script, no external reference of any kind.
        for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "@font-face", "src=\"", "url("] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        for attribute in ["href=\"http", "src=\"http", "href=\"//"] { #expect(!dom.stdout.contains(attribute)) }
        // And the browser asked the network for nothing on the page's behalf (only its own services).
        let fetched = dom.requestedURLs.filter { !Chromium.isBrowserService($0) && !$0.hasPrefix("file:") && !$0.hasPrefix("data:") }
        #expect(fetched.isEmpty, "\(fetched)")

        let screenshot = chromium.work.appendingPathComponent("report.png")
        _ = try await chromium.run(page, ["--screenshot=\(screenshot.path)", "--window-size=1280,2400"], name: "screenshot")
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 20_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

        let pdf = chromium.work.appendingPathComponent("report.pdf")
        _ = try await chromium.run(page, ["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer"], name: "pdf")
        let pdfData = try Data(contentsOf: pdf)
        #expect(pdfData.prefix(5) == Data("%PDF-".utf8))
        let pages =
            String(decoding: pdfData, as: UTF8.self).components(separatedBy: "/Type /Page\n").count - 1
            + String(decoding: pdfData, as: UTF8.self).components(separatedBy: "/Type /Page/").count - 1
            + String(decoding: pdfData, as: UTF8.self).components(separatedBy: "/Type /Page ").count - 1
        #expect(pdfData.count > 20_000)
        print("report: \(page.path)\nscreenshot: \(screenshot.path)\npdf: \(pdf.path) (\(pdfData.count) bytes, ~\(pages) page objects)")
    }
}
