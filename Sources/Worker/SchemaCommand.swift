import ArgumentParser
import WaitwatchAnalysis
import WaitwatchCLI

/// `waitwatch-worker schema stats|alerts`: the JSON Schema of a published record.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the statistics record (stats) or the alert record (alerts).",
        discussion: "The same files are in docs/schema/. Use them to validate records or to configure a Kafka Connect sink.")

    @Argument(help: ArgumentHelp("stats or alerts.", valueName: "record"))
    var record: String

    func validate() throws {
        guard ["stats", "alerts"].contains(record) else { throw ValidationError("the record must be stats or alerts, got \(record)") }
    }

    func run() throws {
        Output.line(record == "stats" ? RecordSchemas.stats : RecordSchemas.alerts)
    }
}
