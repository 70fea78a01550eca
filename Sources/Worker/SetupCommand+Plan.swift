import ArgumentParser
import WaitwatchCLI
import WaitwatchKafka

extension SetupCommand {
    /// Prints the plan as `kafka-topics.sh` commands for an administrator, contacting nothing.
    func printPlan(_ specs: [TopicSpecification]) {
        Output.line("waitwatch setup (dry run): \(specs.count) topics for \(options.brokers)")
        var commandConfig = ""
        if let path = options.kafkaConfig {
            commandConfig = " --command-config \(path.shellQuoted)"
            Output.line(
                "# --command-config takes the Java client's property names (sasl.jaas.config, ssl.truststore.location): see deploy/README.md"
            )
        } else if !options.kafka.isEmpty {
            commandConfig = " --command-config client.properties"
            Output.line("# write the security settings to client.properties with the Java client's property names: see deploy/README.md")
        }
        if replicationFactor == nil {
            Output.line("# no --replication-factor: the brokers' default.replication.factor applies (Kafka 2.4 or later)")
        }
        for s in specs {
            let replication = s.replicationFactor > 0 ? " --replication-factor \(s.replicationFactor)" : ""
            let settings = s.topicConfigs.map { " --config \($0.key)=\($0.value)" }.joined()
            Output.line(
                "kafka-topics.sh --bootstrap-server \(options.brokers.shellQuoted)\(commandConfig) --create --if-not-exists"
                    + " --topic \(s.name) --partitions \(s.partitions)\(replication)\(settings)")
        }
    }

    /// Compares the cluster's topics with the plan, one line per topic, and fails (exit status
    /// 1) when a topic is missing or differs. Settings are compared where the cluster answers
    /// `DescribeConfigs`; where it does not (librdkafka's mock cluster, missing permission) that is
    /// said and the rest is still compared.
    func checkCluster(_ specs: [TopicSpecification], admin: KafkaAdmin, layout: ClusterLayout) throws {
        Output.line(
            "waitwatch setup --check: \(specs.count) topics on \(options.brokers) (\(layout.brokerCount) broker\(layout.brokerCount == 1 ? "" : "s"))"
        )
        var configs: [String: [String: String]]?
        var unreadable: String?
        let existing = specs.map(\.name).filter { layout.topics[$0] != nil }
        do {
            configs = try admin.topicConfigs(existing)
        } catch {
            unreadable = "\(error.name): \(error.message)"
        }
        let findings = TopicPlanComparison.compare(specs, layout: layout, configs: configs)
        for f in findings {
            if !f.exists {
                Output.line("MISSING \(f.topic)")
            } else if f.matches {
                Output.line("ok      \(f.topic)")
            } else {
                Output.line("DIFFERS \(f.topic): \(f.differences.joined(separator: "; "))")
            }
        }
        if let unreadable, !existing.isEmpty {
            Output.line("cannot read topic settings from this cluster (\(unreadable)): compared partitions and replicas only")
        }
        if replicationFactor == nil {
            Output.line("replication factor not compared (left to the cluster's default; give --replication-factor to compare it)")
        }
        if !findings.allSatisfy(\.matches) { throw ExitCode(1) }
    }
}

extension TopicSpecification {
    /// `cleanup.policy=compact, segment.ms=3600000`: the settings `setup` created the topic with.
    var settingsSummary: String {
        topicConfigs.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

extension String {
    /// The string as one word for a POSIX shell: as is when it is safe, single-quoted otherwise.
    var shellQuoted: String {
        let safe = utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || "-_./:,=@%+".utf8.contains(b)
        }
        if safe && !isEmpty { return self }
        return "'" + self.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
