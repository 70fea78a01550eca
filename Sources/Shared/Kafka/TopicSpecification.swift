/// A topic the pipeline needs: its name, size and retention policy.
public struct TopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// Replicas per partition; capped at the number of brokers by ``EmbeddedCluster``.
    public var replicationFactor: Int
    /// `cleanup.policy=compact` (keep the latest record per key) instead of deletion by age.
    public var compacted: Bool

    public init(name: String, partitions: Int, replicationFactor: Int, compacted: Bool) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.compacted = compacted
    }
}

/// What happened to one topic of a ``KafkaAdmin/createTopics(_:timeoutMilliseconds:)`` request.
public enum TopicCreationOutcome: Sendable, Hashable {
    case created
    case alreadyExists
    /// The cluster refused or could not answer (for example a broker without the admin API).
    case failed(KafkaError)
}
