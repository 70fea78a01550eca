/// A topic the pipeline needs: its name, size and retention policy.
public struct TopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// Replicas per partition; capped at the number of brokers by ``EmbeddedCluster``;
    /// ``clusterDefaultReplicationFactor`` (-1) lets the broker use its `default.replication.factor`.
    public var replicationFactor: Int
    /// `cleanup.policy=compact` (keep the latest record per key) instead of deletion by age.
    public var compacted: Bool
    /// Further topic settings (`retention.ms`, `segment.ms`, ...), applied at creation and
    /// compared by `setup --check`. `cleanup.policy` comes from ``compacted``.
    public var settings: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int, compacted: Bool, settings: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.compacted = compacted
        self.settings = settings
    }
}

/// What happened to one topic of a ``KafkaAdmin/createTopics(_:timeoutMilliseconds:)`` request.
public enum TopicCreationOutcome: Sendable, Hashable {
    case created
    case alreadyExists
    /// The cluster refused or could not answer (for example a broker without the admin API).
    case failed(KafkaError)
}
