import ArgumentParser
import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchFeeds
import WaitwatchCLI

/// The input options `send` and `check` share: format, configuration, error limit, file.
struct FeedInputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Input format: ndjson (SPEC section 1 events), csv, hl7v2, fhir (FEEDS.md), or auto to guess from the first bytes.",
            valueName: "format"))
    var format: FormatChoice = .ndjson

    @Option(
        help: ArgumentHelp(
            "Configuration file (service catalogue, topic names, feeds.codeMap, feeds.patientRefKey); built-in defaults otherwise.",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("max-errors"),
        help: ArgumentHelp("Stop reading after this many rejected records (default: no limit).", valueName: "n"))
    var maxErrors: Int?

    @Argument(help: ArgumentHelp("Input file, or - for standard input.", valueName: "file"))
    var file: String

    func validate() throws {
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1, got \(maxErrors)") }
    }

    /// `--format`, with `auto`.
    enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
        case ndjson, csv, hl7v2, fhir, auto
    }

    /// The configuration, and the feed settings with the patient key resolved from the
    /// environment or a file (never from the command line).
    func load() throws -> (WaitwatchConfiguration, FeedSettings) {
        let configuration = try config.map { try WaitwatchConfiguration.load(path: $0) } ?? WaitwatchConfiguration()
        let key = try configuration.feeds.resolveKey(environment: ProcessInfo.processInfo.environment, source: config ?? "configuration")
        let settings = FeedSettings(
            catalogue: configuration.catalogue, codeMap: ServiceCodeMap(configuration.feeds.codeMap),
            patientHasher: key.map { PatientReferenceHasher(key: $0) })
        return (configuration, settings)
    }

    /// The whole input (file or standard input).
    func readAll() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FileError(
                path: file,
                reason: FileManager.default.fileExists(atPath: file) ? "permission denied or I/O error" : "No such file or directory")
        }
        return Array(data)
    }
}
