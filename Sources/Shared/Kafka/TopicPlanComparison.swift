/// How one planned topic compares with the cluster: what `setup --check` prints.
public struct TopicPlanFinding: Sendable, Hashable {
    /// The topic's name.
    public var topic: String
    /// False when the cluster has no such topic.
    public var exists: Bool
    /// One phrase per difference, e.g. `3 partitions, the plan says 12`; empty when it matches.
    public var differences: [String]

    /// Whether the topic exists and nothing compared differs.
    public var matches: Bool { exists && differences.isEmpty }
}

/// Compares a topic plan with what a cluster has. Pure: the caller reads the cluster.
public enum TopicPlanComparison {
    /// - Parameters:
    ///   - plan: the topics as `setup` would create them.
    ///   - layout: partition counts and replicas from the cluster's metadata.
    ///   - configs: each topic's settings from `DescribeConfigs`, or nil when the cluster could not
    ///     say (then only partitions and replicas are compared).
    /// - Returns: one finding per planned topic, in the plan's order. A replication factor left
    ///   to the cluster's default is not compared.
    public static func compare(
        _ plan: [TopicSpecification], layout: ClusterLayout, configs: [String: [String: String]]?
    ) -> [TopicPlanFinding] {
        plan.map { spec in
            guard let actual = layout.topics[spec.name] else {
                return TopicPlanFinding(topic: spec.name, exists: false, differences: [])
            }
            var differences: [String] = []
            if actual.partitions != spec.partitions {
                differences.append("\(actual.partitions) partitions, the plan says \(spec.partitions)")
            }
            if spec.replicationFactor > 0 && actual.replicationFactor != spec.replicationFactor {
                differences.append("replication factor \(actual.replicationFactor), the plan says \(spec.replicationFactor)")
            }
            if let settings = configs?[spec.name] {
                for (key, wanted) in spec.topicConfigs where settings[key] != wanted {
                    differences.append("\(key)=\(settings[key] ?? "(unset)"), the plan says \(wanted)")
                }
            }
            return TopicPlanFinding(topic: spec.name, exists: true, differences: differences)
        }
    }
}
