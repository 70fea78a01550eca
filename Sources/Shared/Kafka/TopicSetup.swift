import Logging

/// Creates the pipeline's topics where the cluster allows it, and says plainly what happened.
public enum TopicSetup {
    /// Asks the cluster to create `topics`; existing topics are left as they are. A refusal
    /// (no admin API, no permission) is logged once as a warning, not an error: the topics may
    /// have been created by an administrator, which the caller checks next.
    public static func ensure(_ wanted: [TopicSpecification], kafka: KafkaConfiguration, logger: Logger) {
        do {
            let admin = try KafkaAdmin(configuration: kafka, logger: logger)
            // Only ask for what is missing: some clusters have no admin API and would time out.
            let cluster = try admin.layout()
            let topics = wanted.filter { cluster.topics[$0.name] == nil }.map {
                $0.resolvingReplicationFactor(brokerCount: cluster.brokerCount)
            }
            guard !topics.isEmpty else { return }
            let outcomes = admin.createTopics(topics)
            var refused: [String] = []
            for spec in topics {
                switch outcomes[spec.name] {
                case .created?:
                    logger.info("created topic \(spec.name) (\(spec.partitions) partitions\(spec.compacted ? ", compacted" : ""))")
                case .alreadyExists?: logger.debug("topic \(spec.name) exists")
                case .failed(let e)?: refused.append("\(spec.name): \(e.message)")
                case nil: refused.append("\(spec.name): no answer")
                }
            }
            if !refused.isEmpty {
                logger.warning("could not create topics (continuing with those that exist): \(refused.joined(separator: "; "))")
            }
        } catch {
            logger.warning("could not create topics (continuing with those that exist): \(error)")
        }
    }
}
