import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

extension TopicNames {
    /// Specifications of the pipeline's topics (statistics compacted), with `partitions` each.
    public func specifications(partitions: Int, replicationFactor: Int) -> [TopicSpecification] {
        [
            TopicSpecification(name: events, partitions: partitions, replicationFactor: replicationFactor, compacted: false),
            TopicSpecification(name: stats, partitions: partitions, replicationFactor: replicationFactor, compacted: true),
            TopicSpecification(name: alerts, partitions: partitions, replicationFactor: replicationFactor, compacted: false),
            TopicSpecification(name: deadLetters, partitions: partitions, replicationFactor: replicationFactor, compacted: false),
        ]
    }
}

/// Topics the workers use among themselves (not part of the external contract).
public struct InternalTopics: Sendable, Hashable {
    /// Per-partition contributions to the national (`ALL`) statistics and progress markers.
    public var contributions = "waitwatch-internal-contributions"
    /// Snapshots of the workers' state (compacted; see the worker's `StateRecord`).
    public var state = "waitwatch-internal-state"

    public init() {}

    public func specifications(partitions: Int, replicationFactor: Int) -> [TopicSpecification] {
        [
            TopicSpecification(name: contributions, partitions: partitions, replicationFactor: replicationFactor, compacted: false),
            TopicSpecification(name: state, partitions: partitions, replicationFactor: replicationFactor, compacted: true),
        ]
    }
}
