import ArgumentParser
import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchFeeds
import WaitwatchCLI

/// `waitwatch-producer check`: convert and validate an input without a cluster, optionally
/// writing the converted events as NDJSON.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Convert and validate events (NDJSON, CSV, HL7 v2 or FHIR) without a cluster.",
        discussion: """
            Reads the input exactly as `send` would and reports every record that would be \
            rejected, with its location and reason, then a summary by reason. With --out, writes \
            the converted events as NDJSON (SPEC section 1), ready for `send`. \
            Exit status: 0 when every record is valid, 1 when some records are rejected.
            """)

    @OptionGroup var input: FeedInputOptions

    @Option(help: ArgumentHelp("Write the converted events here as NDJSON (- for standard output).", valueName: "file"))
    var out: String?

    func run() throws {
        let (_, settings) = try input.load()
        var run = FeedRun(options: input, settings: settings)
        var converted: [UInt8] = []
        try run.run { _, bytes, _ in
            if out != nil {
                converted += bytes
                converted.append(0x0A)
            }
        }
        if let out {
            if out == "-" {
                FileHandle.standardOutput.write(Data(converted))
            } else if !FileManager.default.createFile(atPath: out, contents: Data(converted)) {
                throw FileError(path: out, reason: "cannot write")
            }
        }
        let summary = "checked: \(grouped(run.converted)) valid event(s), rejected \(grouped(run.rejected))\(run.lineList)"
        // With --out -, standard output holds the events; the summary goes to standard error.
        let toStderr = out == "-"
        func write(_ line: String) { if toStderr { Output.error(line) } else { Output.line(line) } }
        write(summary)
        for line in run.reasonSummary { write(line) }
        if run.rejected > 0 { throw ExitCode(1) }
    }
}
