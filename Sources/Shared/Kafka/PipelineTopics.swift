/// The topics of the pipeline, with the sizes `dev-cluster` and `setup` give them.
public struct PipelineTopics: Sendable, Hashable {
    /// Input events (SPEC section 1).
    public var events = "referral-events"
    /// Statistics records, compacted (SPEC section 2).
    public var stats = "referral-wait-stats"
    /// Alerts (SPEC section 3).
    public var alerts = "referral-wait-alerts"
    /// Dead letters: original bytes plus a reason header.
    public var deadLetters = "referral-events-dlq"

    public init() {}

    /// Specifications of every topic, with `partitions` for the keyed ones.
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

    public init() {}

    public func specifications(partitions: Int, replicationFactor: Int) -> [TopicSpecification] {
        [TopicSpecification(name: contributions, partitions: partitions, replicationFactor: replicationFactor, compacted: false)]
    }
}
