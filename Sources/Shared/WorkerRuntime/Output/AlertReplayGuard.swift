import Foundation
import Logging
import WaitwatchConfig
import WaitwatchCore
import WaitwatchKafka

/// The alert transitions a replay may compute again although they are already on the alerts
/// topic, so that the ``OutputCollector`` publishes each transition once (docs/DESIGN.md, "No
/// repeated alerts").
///
/// A task restored from a snapshot knows (in its evaluator's state) every alert published up to
/// the snapshot; what it published between the snapshot and a crash it learns here: the alerts
/// whose message timestamps are at or after the snapshot's creation (less a margin for clocks
/// that differ between workers). A task replayed from its beginning (snapshots off) needs them
/// all. The set holds only those windows (a later restore adds its own, since earlier restored
/// tasks may still be replaying): memory is bounded by the alerts of the snapshot intervals of
/// the restores, not by the topic's history; a worker that runs without snapshots holds them all.
package struct AlertReplayGuard {
    /// Transitions already on the topic, as `alertId|state`.
    private var published = Set<String>()

    /// How far before a snapshot's creation alerts are read: covers clocks that differ between
    /// the worker that wrote the snapshot and the broker that stamped the alerts.
    package static let clockMarginMilliseconds: Int64 = 10 * 60 * 1_000

    package init() {}

    /// Number of transitions held.
    package var count: Int { published.count }

    /// Whether `alert` is already on the topic.
    package func contains(_ alert: Alert) -> Bool {
        !published.isEmpty && published.contains(Self.identity(alert.alertId, alert.state.rawValue))
    }

    /// Reads the alerts topic from `sinceMilliseconds` (nil: from its oldest alert) to its end
    /// and adds what it holds. A failure to read is logged: the replay may then repeat alerts.
    package mutating func load(topic: String, kafka: KafkaConfiguration, since sinceMilliseconds: Int64?, logger: Logger) {
        let decoder = JSONDecoder()
        var kept = Set<String>()
        do {
            try KafkaConsumer.readToEnd(
                topic, configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: "waitwatch-alert-replay"), logger: logger,
                context: "reading \(topic) to avoid repeating alerts", timeoutSeconds: 120
            ) { m in
                if let since = sinceMilliseconds, let t = m.timestampMilliseconds, t < since { return }
                guard let value = m.value, let alert = try? decoder.decode(Alert.self, from: Data(value)) else { return }
                kept.insert(Self.identity(alert.alertId, alert.state.rawValue))
            }
        } catch {
            logger.warning("could not read \(topic) to avoid repeating alerts after a restore: \(error)")
        }
        published.formUnion(kept)
    }

    private static func identity(_ id: String, _ state: String) -> String { "\(id)|\(state)" }
}
