extension TopicSpecification {
    /// Replication factor -1: the broker's own `default.replication.factor` (Kafka 2.4 and later).
    public static let clusterDefaultReplicationFactor = -1

    /// Every topic-level setting of the specification, `cleanup.policy` included, sorted by key:
    /// what `CreateTopics` sends, what `kafka-topics.sh --config` is given, and what a check
    /// compares with the cluster's `DescribeConfigs`.
    public var topicConfigs: [(key: String, value: String)] {
        var all = settings
        all["cleanup.policy"] = compacted ? "compact" : "delete"
        return all.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// This specification with the cluster default replication factor made concrete where the
    /// broker's default may not be possible: one broker can only hold one replica. An explicit
    /// factor is kept (a cluster too small for it then refuses it with its own message).
    public func resolvingReplicationFactor(brokerCount: Int) -> TopicSpecification {
        var copy = self
        if replicationFactor == Self.clusterDefaultReplicationFactor && brokerCount == 1 { copy.replicationFactor = 1 }
        return copy
    }
}
