import ArgumentParser
import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime
import WaitwatchAnalysis

/// `waitwatch-worker report`: the latest statistics per service, nationally and per trust.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the latest wait-time statistics from the statistics topic: nationally and per trust.",
        discussion: """
            Reads referral-wait-stats to its end and keeps the latest record of every key. \
            By default it shows the last census day; --date picks another. --csv prints every \
            kept record of that day as CSV (one row per trust and service) to load into a \
            spreadsheet or plot. --html FILE writes one self-contained HTML page (inline SVG and \
            CSS, nothing fetched; prints on A4) with charts per service over a period \
            (--from/--to/--last, default the last 365 days) and the alerts timeline. A service \
            or day the data does not have is an error (exit 1).
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: "Statistics topic.")
    var topic: String = "referral-wait-stats"

    @Option(help: ArgumentHelp("Census day to show (YYYY-MM-DD); default: the latest.", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Show only this service.", valueName: "code"))
    var service: String?

    @Flag(help: "Print CSV instead of tables.")
    var csv = false

    @Flag(help: "National figures only (tables and CSV).")
    var nationalOnly = false

    @Option(help: ArgumentHelp("Write a self-contained HTML report with charts to this file.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("HTML report: first census day (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("HTML report: last census day (YYYY-MM-DD); default: the latest.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("HTML report: the last N days (90d, 52w); default 365d when --from is not given.", valueName: "days"))
    var last: String?

    @Option(help: ArgumentHelp("Configuration file (service and organisation names).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("alerts-topic"), help: "Alerts topic (for the HTML report).")
    var alertsTopic: String = "referral-wait-alerts"

    func validate() throws {
        if let date, CivilDay(date) == nil { throw ValidationError("--date must look like 2026-05-01, got \(date)") }
        try validateHTMLOptions()
    }

    func run() throws {
        if let html { return try writeHTML(to: html) }
        let logger = options.makeLogger(label: "waitwatch.report")
        let scanner = TopicScanner(kafka: try options.configuration(), logger: logger)
        let decoder = JSONDecoder()
        var latest: [String: WaitStatsRecord] = [:]
        var unreadable = 0
        try scanner.scan(topic: topic) { m in
            guard let value = m.value, let record = try? decoder.decode(WaitStatsRecord.self, from: Data(value)) else {
                unreadable += 1
                return
            }
            latest[record.key] = record
        }
        guard let day = date.flatMap(CivilDay.init) ?? latest.values.map(\.asOf).max() else {
            Output.line("\(topic) holds no statistics yet")
            return
        }
        try Self.check(service: service, day: day, in: latest.values, topic: topic)
        let records = latest.values
            .filter { $0.asOf == day && (service == nil || $0.service == service) }
            .sorted { ($0.service, $0.trust == "ALL" ? "" : $0.trust) < ($1.service, $1.trust == "ALL" ? "" : $1.trust) }
        if csv {
            Output.line(WaitStatsCSV.header)
            for r in records where !nationalOnly || r.trust == "ALL" { Output.line(WaitStatsCSV.row(r)) }
            return
        }
        Output.line("Waiting lists at the end of \(day) (\(records.count) record(s); waits in days)")
        Output.line("")
        Output.line("National (all trusts together)")
        for line in Self.table(records.filter { $0.trust == "ALL" }, trustColumn: false) { Output.line(line) }
        if !nationalOnly {
            Output.line("")
            Output.line("By trust")
            for line in Self.table(records.filter { $0.trust != "ALL" }, trustColumn: true) { Output.line(line) }
        }
        if unreadable > 0 { Output.error("report: \(unreadable) message(s) on \(topic) were not statistics records and were skipped") }
    }

    static func table(_ records: [WaitStatsRecord], trustColumn: Bool) -> [String] {
        let window = records.first?.windowDays ?? 28
        var columns: [(String, TextTable.Alignment)] = [("service", .left)]
        if trustColumn { columns.append(("trust", .left)) }
        columns += [
            ("waiting", .right), ("median", .right), ("p92", .right), ("max", .right), ("within target", .right),
            ("standard", .right), (">18w", .right), (">52w", .right), (">104w", .right), ("breach due", .right),
            ("seen (\(window)d)", .right), ("seen median", .right), ("received (\(window)d)", .right), ("DNA (\(window)d)", .right),
        ]
        var table = TextTable(columns)
        for r in records {
            var row = [r.service]
            if trustColumn { row.append(r.trust) }
            let pct = r.waiting.withinTargetPctTenths.map { "\($0 / 10).\($0 % 10)% of \(r.targetDays / 7)w" } ?? "-"
            let w = r.waiting
            row += [grouped(w.count), days(w.medianDays), days(w.p92Days), days(w.maxDays), pct, "\(r.standardPct)%"]
            row += [grouped(w.over18Weeks), grouped(w.over52Weeks), grouped(w.over104Weeks), grouped(w.breachDueWithin28Days)]
            row += [grouped(r.completed.count), days(r.completed.medianDays), grouped(r.received), grouped(r.dna)]
            table.add(row)
        }
        return table.render()
    }

    static func days(_ d: Int?) -> String { d.map(String.init) ?? "-" }
}

/// The statistics records as CSV, one row per record, for spreadsheets and plots.
enum WaitStatsCSV {
    static let header =
        "asOf,trust,service,waiting,medianDays,p90Days,p92Days,maxDays,withinTargetPct,targetDays,standardPct,over18Weeks,over52Weeks,over65Weeks,over78Weeks,over104Weeks,breachDueWithin28Days,completed,completedMedianDays,completedP92Days,received,dna,cancelledByProvider,cancelledByPatient,closed,lateEvents"

    static func row(_ r: WaitStatsRecord) -> String {
        func o(_ v: Int?) -> String { v.map(String.init) ?? "" }
        let pct = r.waiting.withinTargetPctTenths.map { "\($0 / 10).\($0 % 10)" } ?? ""
        let w = r.waiting
        var cells: [String] = [r.asOf.description, r.trust, r.service, String(w.count)]
        cells += [o(w.medianDays), o(w.p90Days), o(w.p92Days), o(w.maxDays), pct]
        cells += [String(r.targetDays), String(r.standardPct)]
        cells += [String(w.over18Weeks), String(w.over52Weeks), String(w.over65Weeks), String(w.over78Weeks), String(w.over104Weeks)]
        cells += [String(w.breachDueWithin28Days), String(r.completed.count), o(r.completed.medianDays), o(r.completed.p92Days)]
        cells += [String(r.received), String(r.dna), String(r.cancelledByProvider), String(r.cancelledByPatient)]
        cells += [String(r.closed), String(r.lateEvents)]
        return cells.joined(separator: ",")
    }
}
