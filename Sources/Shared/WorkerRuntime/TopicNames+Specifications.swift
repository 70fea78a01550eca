import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// How long each kind of topic keeps its records: the one plan that `setup` creates, `setup
/// --check` compares and the worker uses for topics it creates itself (deploy/README.md,
/// "Topics", gives the reasons to operators).
public enum TopicRetention {
    /// `retention.ms` / `retention.bytes` of -1: kept without a time or size limit.
    public static let unlimited = "-1"
    /// Dead letters: 30 days, long enough for a trust to be told and to investigate (holidays
    /// included), short enough not to keep rejected, possibly identifying, input for ever.
    public static let deadLetterMilliseconds = String(30 * 24 * 3_600_000)
    /// Contributions: 14 days. A national partition restores from its snapshot's offset and
    /// needs every contribution after it, so this bounds how long all workers may be stopped
    /// without a replay; snapshots are written every 30 s, so two weeks is ample.
    public static let contributionMilliseconds = String(14 * 24 * 3_600_000)
    /// State: roll a segment every hour so compaction (which never touches the active segment)
    /// can drop superseded snapshots within the hour instead of after Kafka's 7 days.
    public static let stateSegmentMilliseconds = String(3_600_000)
}

extension TopicNames {
    /// Specifications of the pipeline's topics, with `partitions` each:
    /// - events: kept without limit. They are the source of truth: after a configuration change
    ///   (a new target or window) the statistics are recomputed by reading them from the
    ///   beginning, and a referral still open after years needs its `referral.received`.
    /// - statistics: compacted, the latest record of each `{trust}/{service}/{day}` (SPEC §2).
    /// - alerts: kept without limit, not compacted. They are keyed `{rule}/{trust}/{service}`,
    ///   not by alert id: `alerts --open` and the worker's "already published" check read the
    ///   whole topic, so a long-waiter alert that fired months ago and is still firing must stay.
    ///   Only transitions are written, so the topic stays small.
    /// - dead letters: deleted after 30 days (``TopicRetention/deadLetterMilliseconds``).
    public func specifications(partitions: Int, replicationFactor: Int) -> [TopicSpecification] {
        let keptForEver = ["retention.ms": TopicRetention.unlimited, "retention.bytes": TopicRetention.unlimited]
        return [
            TopicSpecification(
                name: events, partitions: partitions, replicationFactor: replicationFactor, compacted: false, settings: keptForEver),
            TopicSpecification(name: stats, partitions: partitions, replicationFactor: replicationFactor, compacted: true),
            TopicSpecification(
                name: alerts, partitions: partitions, replicationFactor: replicationFactor, compacted: false, settings: keptForEver),
            TopicSpecification(
                name: deadLetters, partitions: partitions, replicationFactor: replicationFactor, compacted: false,
                settings: ["retention.ms": TopicRetention.deadLetterMilliseconds]),
        ]
    }
}

/// Topics the workers of one consumer group use among themselves (not part of the external
/// contract), named after the group: ``init(group:)``.
public struct InternalTopics: Sendable, Hashable {
    /// Per-partition contributions to the national (`ALL`) statistics and progress markers.
    public var contributions = "waitwatch-waitwatch-contributions"
    /// Snapshots of the workers' state (compacted; see the worker's `StateRecord`).
    public var state = "waitwatch-waitwatch-state"

    /// The internal topics of the default group (``defaultGroup``).
    public init() {}

    /// Contributions are deleted after 14 days (``TopicRetention/contributionMilliseconds``);
    /// state is compacted with hourly segments (``TopicRetention/stateSegmentMilliseconds``).
    public func specifications(partitions: Int, replicationFactor: Int) -> [TopicSpecification] {
        [
            TopicSpecification(
                name: contributions, partitions: partitions, replicationFactor: replicationFactor, compacted: false,
                settings: ["retention.ms": TopicRetention.contributionMilliseconds]),
            TopicSpecification(
                name: state, partitions: partitions, replicationFactor: replicationFactor, compacted: true,
                settings: ["segment.ms": TopicRetention.stateSegmentMilliseconds]),
        ]
    }
}
