import Foundation

/// The fuzz targets: each feeds libFuzzer's bytes to one decoder of outside bytes and checks
/// what must hold for every input (no crash, no hang, and a round trip where there is one).
/// A broken property stops the run through ``FuzzCheck/require(_:_:)`` like a crash.
enum FuzzTarget: String, CaseIterable, Sendable {
    case eventDecoder = "event-decoder"
    case jsonScanner = "json-scanner"
    case rfc3339
    case londonTime = "london-time"
    case configuration
    case partitionStateSnapshot = "partition-state-snapshot"
    case stateRecord = "state-record"
    case allContribution = "all-contribution"
    case engineRestore = "engine-restore"
    case aggregatorRestore = "aggregator-restore"
    case feedCSV = "feed-csv"
    case feedHL7 = "feed-hl7"
    case feedFHIR = "feed-fhir"

    /// The environment variable that names the target for the callback and child processes.
    static let environmentKey = "WAITWATCH_FUZZ_TARGET"

    /// The target of this process (set before libFuzzer starts; never changes).
    static let selected: FuzzTarget? = getenv(environmentKey).flatMap { FuzzTarget(rawValue: String(cString: $0)) }

    /// One line for `waitwatch-fuzz list`.
    var summary: String {
        switch self {
        case .eventDecoder: "EventDecoder on one NDJSON line; accepted events re-encode and decode to themselves"
        case .jsonScanner: "JSONScanner on any value; an accepted value is UTF-8, its unescaped strings too"
        case .rfc3339: "RFC 3339 parser; accepted times format and parse back to the same instant"
        case .londonTime: "Europe/London offset, day and start of day for any instant in years 1-9999, against Foundation"
        case .configuration: "WaitwatchConfiguration(yaml:) on YAML text"
        case .partitionStateSnapshot: "PartitionStateSnapshot(decoding:); accepted snapshots re-encode to an equal one"
        case .stateRecord: "StateRecord(decoding:); accepted records re-encode to an equal one"
        case .allContribution: "AllContribution(decoding:); accepted contributions re-encode to an equal one"
        case .engineRestore: "PartitionEngine(restoring:); restored engines snapshot and restore to identical bytes"
        case .aggregatorRestore: "AllAggregator(restoring:); restored aggregators snapshot and restore to identical bytes"
        case .feedCSV: "FeedConverter for CSV extracts; every output decodes to its event"
        case .feedHL7: "FeedConverter for HL7 v2; every output decodes to its event"
        case .feedFHIR: "FeedConverter for FHIR R4; every output decodes to its event"
        }
    }

    /// Runs the target on one input.
    func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        switch self {
        case .eventDecoder: EventDecoderFuzz.run(bytes)
        case .jsonScanner: JSONScannerFuzz.run(bytes)
        case .rfc3339: RFC3339Fuzz.run(bytes)
        case .londonTime: LondonTimeFuzz.run(bytes)
        case .configuration: ConfigurationFuzz.run(bytes)
        case .partitionStateSnapshot: SnapshotFuzz.partitionStateSnapshot(bytes)
        case .stateRecord: SnapshotFuzz.stateRecord(bytes)
        case .allContribution: SnapshotFuzz.allContribution(bytes)
        case .engineRestore: SnapshotFuzz.engineRestore(bytes)
        case .aggregatorRestore: SnapshotFuzz.aggregatorRestore(bytes)
        case .feedCSV: FeedFuzz.run(bytes, format: .csv)
        case .feedHL7: FeedFuzz.run(bytes, format: .hl7v2)
        case .feedFHIR: FeedFuzz.run(bytes, format: .fhir)
        }
    }
}
