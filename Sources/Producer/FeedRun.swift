import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchFeeds
import WaitwatchCLI

/// Reads an input in its format and hands every converted event to a sink; reports
/// rejections on standard error (location and reason, never patient data), stops early at
/// `--max-errors` or when the input plainly is another format, and keeps the counts for
/// the summary. Shared by `send` and `check`.
struct FeedRun {
    let options: FeedInputOptions
    let settings: FeedSettings

    /// Events converted (before delivery).
    private(set) var converted = 0
    /// Records skipped on purpose (e.g. an HL7 REF^I13 that only accepts a referral).
    private(set) var ignored = 0
    /// Line numbers of rejected records, in order.
    private(set) var rejectedLines: [Int] = []
    /// Rejections by reason code.
    private(set) var byReason: [String: Int] = [:]
    /// Set when reading stopped before the end (limit reached or wrong format).
    private(set) var stoppedEarly: String?

    var rejected: Int { byReason.values.reduce(0, +) }

    init(options: FeedInputOptions, settings: FeedSettings) {
        self.options = options
        self.settings = settings
    }

    /// Runs over the whole input. `sink` gets each event with the exact bytes to publish (read in
    /// place: valid during the call only, copy what must outlive it) and
    /// an id: the line number for NDJSON, the event's ordinal (1, 2, …) for other formats.
    mutating func run(_ sink: (ReferralEvent, UnsafeRawBufferPointer, Int) -> Void) throws {
        let path = options.file
        if options.format == .ndjson {
            // Streamed line by line, as `send` always did (standard input may be endless).
            let reader = try LineReader(path: path)
            let decoder = EventDecoder(catalogue: settings.catalogue)
            var firstLine: [UInt8]?
            try reader.forEachLine { number, line in
                // A UTF-8 byte-order mark at the start of the file is not part of the first event.
                let bytes = number == 1 ? ByteOrderMark.droppingUTF8(from: line) : line
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
                if firstLine == nil { firstLine = Array(bytes) }
                switch decoder.decode(bytes) {
                case .success(let event):
                    converted += 1
                    sink(event, bytes, number)
                    return true
                case .failure(let r):
                    return reject(
                        FeedRejection(location: "line \(number)", code: r.category, reason: r.reason), asked: .ndjson,
                        prefix: firstLine ?? [])
                }
            }
            return
        }
        let bytes = try options.readAll()
        var format: FeedFormat
        if let chosen = FeedFormat(rawValue: options.format.rawValue) {
            format = chosen
        } else if let guess = FeedFormat.guess(from: bytes) {
            format = guess.format
            Output.error("\(path): reading as --format \(guess.format.rawValue): \(guess.explanation)")
        } else {
            throw ValidationError("\(path): cannot tell the format from the first bytes; give --format ndjson, csv, hl7v2 or fhir")
        }
        var stop = false
        FeedConverter(format: format, settings: settings).convert(bytes) { result, skipped in
            guard !stop else { return }
            switch result {
            case .success(let outputs):
                if skipped != nil { ignored += 1 }
                for output in outputs {
                    converted += 1
                    output.bytes.withUnsafeBytes { sink(output.event, $0, converted) }
                }
            case .failure(let rejection):
                if !reject(rejection, asked: format, prefix: bytes) { stop = true }
            }
        }
    }

    /// Reports one rejection; false when reading should stop.
    private mutating func reject(_ rejection: FeedRejection, asked: FeedFormat, prefix: some Collection<UInt8>) -> Bool {
        byReason[rejection.code, default: 0] += 1
        rejectedLines.append(rejection.line ?? 0)
        if converted == 0, rejected == 1, let guess = FeedFormat.guess(from: prefix), guess.format != asked {
            Output.error(render(rejection))
            Output.error(
                "\(options.file): this looks like \(Self.name(guess.format)) (\(guess.explanation)); use --format \(guess.format.rawValue)")
            stoppedEarly = "wrong format"
            return false
        }
        Output.error(render(rejection))
        if let max = options.maxErrors, rejected >= max {
            Output.error("\(options.file): stopped after \(max) rejected record(s) (--max-errors)")
            stoppedEarly = "--max-errors"
            return false
        }
        return true
    }

    /// `FILE:LINE: rest of the location: reason`, the compiler-style form editors and grep
    /// understand (e.g. `extract.csv:12: column SERVICE_CODE: unknown service code "X"`).
    func render(_ rejection: FeedRejection) -> String {
        guard let line = rejection.line else { return "\(options.file): \(rejection.description)" }
        var rest = Substring(rejection.location.dropFirst("line \(line)".count))
        while let first = rest.first, first == "," || first == " " { rest = rest.dropFirst() }
        return "\(options.file):\(line): " + (rest.isEmpty ? "" : "\(rest): ") + rejection.reason
    }

    static func name(_ format: FeedFormat) -> String {
        switch format {
        case .ndjson: "NDJSON"
        case .csv: "CSV"
        case .hl7v2: "HL7 v2"
        case .fhir: "FHIR JSON"
        }
    }

    /// ` (lines 3, 10, 53)` for the summary line, at most 20 numbers.
    var lineList: String {
        let lines = rejectedLines.filter { $0 > 0 }
        guard !lines.isEmpty else { return "" }
        let unique = lines.reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }
        let shown = unique.prefix(20).map(String.init).joined(separator: ", ")
        return unique.count > 20 ? " (lines \(shown) and \(unique.count - 20) more)" : " (lines \(shown))"
    }

    /// Lines for the end of the summary: rejections by reason (most frequent first), records
    /// ignored, an early stop; empty when there is nothing to say.
    var reasonSummary: [String] {
        var lines: [String] = []
        if !byReason.isEmpty {
            let parts = byReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                "\($0.key) \(grouped($0.value))"
            }
            lines.append("rejected by reason: " + parts.joined(separator: ", "))
        }
        if ignored > 0 { lines.append("ignored \(grouped(ignored)) record(s) that carry no waiting-list event") }
        if let stoppedEarly { lines.append("stopped before the end of the input (\(stoppedEarly))") }
        return lines
    }

    /// Whether the input was read as NDJSON line by line (ids are line numbers).
    var idsAreLines: Bool { options.format == .ndjson }
}
