import Metrics
import WaitwatchCore
import WaitwatchKafka

/// The worker's metrics, emitted through swift-metrics: the executable bootstraps the factory
/// (Prometheus for `--metrics`) once in `main`; without one they go nowhere. Names follow
/// Prometheus's conventions (`_total` counters, base units, `_seconds`, `_bytes`). Used on the
/// loop's thread only; the metric objects it caches are thread-safe themselves.
package final class WorkerMetrics {
    private var events: [EventType: Counter] = [:]
    private let undecodable = Counter(label: "waitwatch_events_read_total", dimensions: [("type", "undecodable")])
    private var deadLetters: [String: Counter] = [:]
    private let duplicates = Counter(label: "waitwatch_duplicate_events_total")
    private let lateEvents = Counter(label: "waitwatch_late_events_total")
    /// By level: `scope` is trust, icb, region or national.
    private let records = Dictionary(
        uniqueKeysWithValues: StatisticsLevel.allCases.map {
            ($0, Counter(label: "waitwatch_records_published_total", dimensions: [("scope", $0.rawValue)]))
        })
    private var alerts: [String: Counter] = [:]
    private var firing: [String: Gauge] = [:]
    private var lag: [TopicPartition: Gauge] = [:]
    private var publishedThrough: [Int32: Gauge] = [:]
    private var snapshotAge: [String: Gauge] = [:]
    private var snapshotSize: [String: Gauge] = [:]
    private let snapshotsWritten = Counter(label: "waitwatch_snapshots_written_total")
    private let snapshotBytes = Counter(label: "waitwatch_snapshot_written_bytes_total")
    private let restoreSeconds = FloatingPointCounter(label: "waitwatch_restore_seconds_total")
    private let restoredPartitions = Counter(label: "waitwatch_restored_partitions_total")
    private let assignments = Counter(label: "waitwatch_rebalances_total", dimensions: [("kind", "assigned")])
    private let revocations = Counter(label: "waitwatch_rebalances_total", dimensions: [("kind", "revoked")])
    private let losses = Counter(label: "waitwatch_rebalances_total", dimensions: [("kind", "lost")])
    private let deliveryFailures = Counter(label: "waitwatch_producer_delivery_failures_total")
    private var deliveryFailuresSeen = 0
    private let queueDepth = Gauge(label: "waitwatch_producer_queue_messages")
    private let assigned = Gauge(label: "waitwatch_assigned_partitions")
    private var summarySeen = WorkerSummary()

    /// Creates the metrics and sets `waitwatch_build_info{version, librdkafka}` to 1.
    package init(version: String = "unknown") {
        for type in EventType.allCases {
            events[type] = Counter(label: "waitwatch_events_read_total", dimensions: [("type", type.rawValue)])
        }
        Gauge(label: "waitwatch_build_info", dimensions: [("version", version), ("librdkafka", KafkaProducer.librdkafkaVersion)]).record(1)
    }

    /// Counts what one task step produced (before the collector publishes and empties it).
    package func count(_ output: TaskOutput) {
        var typed = 0
        for (type, n) in output.eventTypes.nonZero {
            events[type]?.increment(by: n)
            typed += n
        }
        if output.events > typed { undecodable.increment(by: output.events - typed) }
        if output.duplicates > 0 { duplicates.increment(by: output.duplicates) }
        if output.lateEvents > 0 { lateEvents.increment(by: output.lateEvents) }
        for item in output.items {
            switch item {
            case .record(let record, let national, _):
                records[TaskOutput.Item.level(of: record, national: national)]?.increment()
            case .alert: break
            case .deadLetter(let d):
                if deadLetters[d.code] == nil {
                    deadLetters[d.code] = Counter(label: "waitwatch_dead_letters_total", dimensions: [("reason", d.code)])
                }
                deadLetters[d.code]?.increment()
            case .contribution: break
            }
        }
    }

    /// An alert transition published (after `--alerts-from`).
    package func published(_ alert: Alert) {
        let key = "\(alert.rule.rawValue)\u{0}\(alert.state.rawValue)"
        if alerts[key] == nil {
            alerts[key] = Counter(
                label: "waitwatch_alerts_published_total", dimensions: [("rule", alert.rule.rawValue), ("state", alert.state.rawValue)])
        }
        alerts[key]?.increment()
    }

    /// A rebalance callback.
    package func rebalance(_ event: RebalanceEvent) {
        switch event {
        case .assigned: assignments.increment()
        case .revoked: revocations.increment()
        case .lost: losses.increment()
        }
    }

    /// The consumer's lag of a partition (messages behind its high watermark).
    package func lag(_ tp: TopicPartition, _ messages: Int64) {
        if lag[tp] == nil {
            lag[tp] = Gauge(label: "waitwatch_consumer_lag_messages", dimensions: [("topic", tp.topic), ("partition", "\(tp.partition)")])
        }
        lag[tp]?.record(messages)
    }

    /// The event-time day an input partition has published through, as the Unix time of the
    /// end of that day (UTC midnight after it), in seconds.
    package func publishedThrough(partition: Int32, day: CivilDay) {
        if publishedThrough[partition] == nil {
            publishedThrough[partition] = Gauge(
                label: "waitwatch_published_through_timestamp_seconds", dimensions: [("partition", "\(partition)")])
        }
        publishedThrough[partition]?.record(Int64(day.daysSinceEpoch + 1) * 86_400)
    }

    /// The age and size of an owner's last snapshot written (`input-3`, `national-0`).
    package func snapshot(owner: String, ageSeconds: Double, bytes: Int) {
        if snapshotAge[owner] == nil {
            snapshotAge[owner] = Gauge(label: "waitwatch_snapshot_age_seconds", dimensions: [("owner", owner)])
            snapshotSize[owner] = Gauge(label: "waitwatch_snapshot_size_bytes", dimensions: [("owner", owner)])
        }
        snapshotAge[owner]?.record(ageSeconds)
        snapshotSize[owner]?.record(bytes)
    }

    /// Alerts firing now, by rule and service (from the tasks' alert states, restores included).
    package func firing(_ counts: [String: Int]) {
        for (key, gauge) in firing where counts[key] == nil { gauge.record(0) }
        for (key, n) in counts {
            if firing[key] == nil {
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                firing[key] = Gauge(
                    label: "waitwatch_alerts_firing", dimensions: [("rule", parts[0]), ("service", parts.count > 1 ? parts[1] : "")])
            }
            firing[key]?.record(n)
        }
    }

    /// Gauges read off the producer and the assignment, and the summary's snapshot and restore
    /// totals (as increments since the last call).
    package func observe(summary: WorkerSummary, queueDepth depth: Int, deliveryFailures failures: Int, assignedPartitions: Int) {
        queueDepth.record(depth)
        if failures > deliveryFailuresSeen { deliveryFailures.increment(by: failures - deliveryFailuresSeen) }
        deliveryFailuresSeen = failures
        assigned.record(assignedPartitions)
        if summary.snapshotsWritten > summarySeen.snapshotsWritten {
            snapshotsWritten.increment(by: summary.snapshotsWritten - summarySeen.snapshotsWritten)
        }
        if summary.snapshotBytes > summarySeen.snapshotBytes {
            snapshotBytes.increment(by: summary.snapshotBytes - summarySeen.snapshotBytes)
        }
        if summary.restoredPartitions > summarySeen.restoredPartitions {
            restoredPartitions.increment(by: summary.restoredPartitions - summarySeen.restoredPartitions)
        }
        if summary.restoreSeconds > summarySeen.restoreSeconds {
            restoreSeconds.increment(by: summary.restoreSeconds - summarySeen.restoreSeconds)
        }
        summarySeen = summary
    }
}
