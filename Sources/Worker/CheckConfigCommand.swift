import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker check-config`: validate a configuration file and show what it means.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file and print the settings it gives (exit 1 with one line naming the key if it is wrong).")

    @Argument(help: ArgumentHelp("Configuration file.", valueName: "file"))
    var file: String

    func run() throws {
        let c = try WaitwatchConfiguration.load(path: file)
        Output.line("\(file): valid")
        Output.line("window \(c.windowDays) days, lateness allowance \(c.latenessSeconds) s")
        Output.line(
            "implausible times: more than \(c.implausibleTime.maxAheadHours) h after or \(c.implausibleTime.maxBehindYears) years before the message timestamp"
        )
        Output.line(
            "topics: events \(c.topics.events), stats \(c.topics.stats), alerts \(c.topics.alerts), dead letters \(c.topics.deadLetters)")
        var table = TextTable([
            ("service", .left), ("target", .right), ("standard", .right), ("clock stops at", .left), ("alerts", .left), ("name", .left),
        ])
        for s in c.catalogue.services {
            let a = c.alerts.settings(forService: s.code)
            let rules = AlertRule.allCases.filter { a.isEnabled($0) }.map(\.rawValue).joined(separator: ",")
            table.add([s.code, "\(s.targetWeeks)w", "\(s.standardPct)%", s.clockStop.rawValue, rules.isEmpty ? "none" : rules, s.name])
        }
        for line in table.render() { Output.line(line) }
    }
}
