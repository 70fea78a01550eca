import Foundation
import WaitwatchCore

/// Writes the seed corpora (Fuzz/Corpus/TARGET/) from the repository's own examples: fixture
/// events and feed samples, the deployed configuration, hand-picked times, and snapshots,
/// state records and contributions of an engine that ran the fixture events. Run by
/// `scripts/fuzz --write-seeds`; the output is committed, so reruns must be deterministic.
enum SeedWriter {
    static func write(root: String) throws {
        let fixtures = URL(fileURLWithPath: root).appendingPathComponent("Tests/Support/Fixtures")
        let corpus = URL(fileURLWithPath: root).appendingPathComponent("Fuzz/Corpus")
        func put(_ target: FuzzTarget, _ name: String, _ bytes: [UInt8]) throws {
            let dir = corpus.appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: dir.appendingPathComponent(name))
        }
        func read(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

        // Events, one line per seed, and the feed samples whole.
        var lines: [[UInt8]] = []
        for file in ["events.ndjson", "feeds/history.ndjson"] {
            lines += try read(fixtures.appendingPathComponent(file)).split(separator: 0x0A).map(Array.init)
        }
        for (i, line) in lines.enumerated() {
            try put(.eventDecoder, "event-\(i).json", line)
            try put(.jsonScanner, "event-\(i).json", line)
        }
        for (i, value) in [#"[1,-0.5e+3,true,false,null,{}]"#, #""\u00e9\ud83d\ude00\n""#, #"{"a":{"b":[[]]}}"#].enumerated() {
            try put(.jsonScanner, "value-\(i).json", Array(value.utf8))
        }
        try put(.feedCSV, "history.csv", try read(fixtures.appendingPathComponent("feeds/history.csv")))
        try put(.feedHL7, "history.hl7", try read(fixtures.appendingPathComponent("feeds/history.hl7")))
        try put(.feedFHIR, "history.fhir.ndjson", try read(fixtures.appendingPathComponent("feeds/history.fhir.ndjson")))
        try put(
            .configuration, "waitwatch.yaml",
            try read(URL(fileURLWithPath: root).appendingPathComponent("deploy/waitwatch.yaml")))

        // Times: each form RFC 3339 allows, and instants around London's clock changes.
        let times = [
            "2026-05-01T09:00:00+01:00", "2026-05-01T23:30:00Z", "2025-03-30T00:59:59.999Z",
            "2025-10-26T01:00:00.000001+00:00", "1996-03-31t01:00:00-00:30", "2000-02-29T12:00:00.5Z",
        ]
        for (i, time) in times.enumerated() { try put(.rfc3339, "time-\(i).txt", Array(time.utf8)) }
        for (i, seconds) in [Int64(0), 1_743_296_400, 1_761_440_400, 820_454_400, -2_208_988_800].enumerated() {
            let raw = UInt64(bitPattern: seconds - LondonTimeFuzz.range.lowerBound)
            try put(.londonTime, "instant-\(i).bin", (0..<8).map { UInt8(truncatingIfNeeded: raw >> (8 * $0)) })
        }

        // An engine that ran the fixture events: its snapshots halfway and at the end, its
        // contributions, an aggregator that received them, and the records that store them.
        let decoder = EventDecoder()
        var engine = PartitionEngine(partition: 0, configuration: SnapshotFuzz.configuration)
        var aggregator = AllAggregator(configuration: SnapshotFuzz.configuration, partitionCount: 1)
        var deadLetters: [DeadLetter] = []
        var contributions: [AllContribution] = []
        for (i, line) in lines.enumerated() {
            guard case .success(let event) = decoder.decode(line) else { continue }
            _ = engine.ingest(event, token: UInt64(i), deadLetters: &deadLetters)
            if let advance = engine.advanceToWatermark(), let c = advance.contribution { contributions.append(c) }
            if i == lines.count / 2 { try put(.engineRestore, "engine-halfway.bin", engine.snapshotBytes()) }
        }
        engine.finish(deadLetters: &deadLetters)
        if let last = engine.latestAcceptedDay, let c = engine.advance(through: last).contribution { contributions.append(c) }
        let state = engine.snapshotBytes()
        try put(.engineRestore, "engine-end.bin", state)
        for (i, c) in contributions.enumerated() {
            try put(.allContribution, "contribution-\(i).bin", c.encoded())
            _ = aggregator.receive(c)
        }
        try put(.aggregatorRestore, "aggregator.bin", aggregator.snapshotBytes())

        let snapshot = PartitionStateSnapshot(
            nextOffset: Int64(lines.count), state: state, alerts: AlertSnapshot(),
            held: [.init(offset: 3, key: Array("RAJ/SALT".utf8), value: lines[0]), .init(offset: 5, key: nil, value: [])])
        let encoded = try snapshot.encoded()
        try put(.partitionStateSnapshot, "snapshot.bin", encoded)
        let records = StateRecord.records(
            owner: StateOwner(kind: .input, partition: 0), snapshot: 7, payload: encoded,
            position: Int64(lines.count), createdAtMilliseconds: 1_767_225_600_000, chunkSize: 256)
        for (i, record) in records.prefix(2).enumerated() { try put(.stateRecord, "record-\(i).bin", record.encoded()) }
        if let manifest = records.last { try put(.stateRecord, "manifest.bin", manifest.encoded()) }
    }
}
