import Foundation
import WaitwatchAnalysis
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// One read of the statistics topic (and of the alerts topic) for the analysts' commands:
/// every partition from its beginning to its end, the latest record per key kept.
enum StatsReading {
    /// Reads `topic` once into a collector for `selection`.
    static func collect(_ selection: StatsSelection, topic: String, options: KafkaOptions, label: String) throws -> StatsCollector {
        let scanner = TopicScanner(kafka: try options.configuration(), logger: options.makeLogger(label: label))
        var collector = StatsCollector(selection: selection)
        try scanner.scan(topic: topic) { m in collector.add(key: m.key, value: m.value) }
        return collector
    }

    /// Every alert on `topic` (unreadable messages skipped).
    static func alerts(topic: String, options: KafkaOptions, label: String) throws -> [Alert] {
        let scanner = TopicScanner(kafka: try options.configuration(), logger: options.makeLogger(label: label))
        let decoder = JSONDecoder()
        var alerts: [Alert] = []
        try scanner.scan(topic: topic) { m in
            if let v = m.value, let alert = try? decoder.decode(Alert.self, from: Data(v)) { alerts.append(alert) }
        }
        return alerts
    }

    /// Names from a configuration file (the default catalogue and no organisation names without
    /// one); ICBs and regions by their records' `trust` value (`ICB:QH8`).
    static func names(configPath: String?) throws -> (names: AnalysisNames, configuration: WaitwatchConfiguration) {
        let file = try configPath.map { try WaitwatchConfiguration.load(path: $0) } ?? WaitwatchConfiguration()
        let organisations = file.organisationNames.merging(file.rollupNames) { own, _ in own }
        return (AnalysisNames(catalogue: file.catalogue, organisations: organisations), file)
    }

    /// `90d`, `12w` or `90` as a number of days (at least 1).
    static func days(_ text: String) -> Int? {
        guard let (n, unit) = DayCount.parse(text), n > 0, n <= 100_000 else { return nil }
        return n * unit
    }
}
