import ArgumentParser
import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker alerts`: the alert log, read back from the alerts topic.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Print the alert log from the alerts topic, in date order (one line per alert).",
        discussion:
            "Each line: date, severity, FIRING or RESOLVED, rule, trust/service, value and threshold, message, alert id. Easy to grep, e.g. `| grep FIRING | grep CAMHS`."
    )

    @OptionGroup var options: KafkaOptions

    @Option(help: "Alerts topic.")
    var topic: String = "referral-wait-alerts"

    @Flag(help: "Only alerts still firing (fired and not resolved since).")
    var open = false

    @Flag(help: "After the log, keep printing new alerts as they are published, until interrupted.")
    var follow = false

    @Flag(help: "Print each alert as its JSON record (one object per line) instead of the log line.")
    var json = false

    @Option(help: "Only alerts of this trust (or ALL).")
    var trust: String?

    @Option(help: "Only alerts of this service.")
    var service: String?

    @Option(help: ArgumentHelp("Only alerts of census days on or after this day.", valueName: "YYYY-MM-DD"))
    var since: String?

    func validate() throws {
        if let since, CivilDay(since) == nil { throw ValidationError("--since must be a date YYYY-MM-DD, not '\(since)'") }
    }

    func run() throws {
        let scanner = TopicScanner(kafka: try options.configuration(), logger: options.makeLogger(label: "waitwatch.alerts"))
        let decoder = JSONDecoder()
        var alerts: [Alert] = []
        try scanner.scan(topic: topic) { m in
            if let v = m.value, let alert = try? decoder.decode(Alert.self, from: Data(v)) { alerts.append(alert) }
        }
        // A transition re-published after a worker crashed is the same record: show it once.
        var seen = Set<String>()
        alerts = alerts.filter { seen.insert("\($0.alertId)|\($0.state.rawValue)").inserted && selects($0) }
        alerts.sort { ($0.asOf, $0.alertId, $0.state.rawValue) < ($1.asOf, $1.alertId, $1.state.rawValue) }
        if open {
            var latest: [String: Alert] = [:]
            for a in alerts { latest[a.alertId] = a }
            alerts = alerts.filter { $0.state == .firing && latest[$0.alertId]?.state == .firing }
        }
        for a in alerts { Output.line(printed(a)) }
        Output.error("alerts: \(alerts.count) line(s) from \(topic)")
        if follow { try follow(kafka: try options.configuration(), logger: options.makeLogger(label: "waitwatch.alerts"), seen: &seen) }
    }
}
