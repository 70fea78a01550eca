import ArgumentParser
import Foundation
import WaitwatchAnalysis
import WaitwatchCore
import WaitwatchCLI

extension ReportCommand {
    /// Checks the HTML report's period options.
    func validateHTMLOptions() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, CivilDay(value) == nil { throw ValidationError("\(flag) must be a date like 2026-05-01, got \(value)") }
        }
        if let last, StatsReading.days(last) == nil {
            throw ValidationError("--last must be a number of days such as 90d or 52w, got \(last)")
        }
        if last != nil, to != nil { throw ValidationError("give --to or --last, not both") }
        if html == nil, from != nil || to != nil || last != nil {
            throw ValidationError("--from, --to and --last go with --html (use --date for a table)")
        }
    }

    /// `--html FILE`: one read of each topic, then the self-contained page.
    func writeHTML(to path: String) throws {
        let (names, _) = try StatsReading.names(configPath: config)
        let lastDays = last.flatMap(StatsReading.days) ?? (from == nil ? 365 : nil)
        let selection = StatsSelection(
            services: service.map { [$0] } ?? [], from: from.flatMap(CivilDay.init), to: to.flatMap(CivilDay.init), lastDays: lastDays)
        let collector = try StatsReading.collect(selection, topic: topic, options: options, label: "waitwatch.report")
        let answer = try collector.answer(topic: topic)
        let alerts = try StatsReading.alerts(topic: alertsTopic, options: options, label: "waitwatch.report")
            .filter { service == nil || $0.service == service }
        let report = HTMLReport(
            records: answer.records, alerts: alerts, period: answer.period, names: names,
            source: "\(topic) and \(alertsTopic) at \(options.brokers)")
        do {
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot write \(path): \((error as NSError).localizedDescription)")
        }
        Output.error(
            "report: \(answer.records.count) record(s), \(answer.period.lowerBound) … \(answer.period.upperBound), \(alerts.count) alert(s) → \(path)"
        )
    }

    /// An unknown service or a day outside the data is an error naming what the data has.
    static func check(service: String?, day: CivilDay, in records: some Collection<WaitStatsRecord>, topic: String) throws {
        if let service, !records.contains(where: { $0.service == service }) {
            throw AnalysisError.unknownService(service, known: Set(records.map(\.service)).sorted())
        }
        let days = records.map(\.asOf)
        if let first = days.min(), let last = days.max(), !(first...last).contains(day) {
            throw AnalysisError.outsideData(asked: day.description, first: first, last: last)
        }
    }
}
