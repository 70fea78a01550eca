import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker setup`: create the pipeline's topics on a real cluster, print the
/// equivalent administrator commands, or check an existing cluster against the plan.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the pipeline's topics with their retention through Kafka's admin API, or check them.",
        discussion: """
            Give every topic the same number of partitions: the internal topic must have as many as \
            referral-events. Partitions bound how many workers can share the work. Retention: events and \
            alerts are kept without limit, statistics and state compacted, dead letters 30 days, \
            contributions 14 days (deploy/README.md says why). With --dry-run nothing is contacted: the \
            plan is printed as kafka-topics.sh commands. With --check nothing is created: the cluster's \
            topics are compared with the plan (exit status 1 if anything differs or is missing).
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: ArgumentHelp("Configuration file (topic names).", valueName: "file"))
    var config: String?

    @Option(
        help:
            "Consumer group whose internal topics to create (waitwatch-<group>-contributions, waitwatch-<group>-state): the same as `run --group`."
    )
    var group: String = InternalTopics.defaultGroup

    @Option(parsing: .unconditional, help: "Partitions per topic.")
    var partitions: Int = 12

    @Option(help: "Replicas per partition (default: the cluster's default.replication.factor; 1 on a one-broker cluster).")
    var replicationFactor: Int?

    @Flag(help: "Print the plan only, as kafka-topics.sh commands.")
    var dryRun = false

    @Flag(help: "Compare the cluster's topics with the plan and say what differs; create nothing.")
    var check = false

    func validate() throws {
        guard (1...10_000).contains(partitions) else { throw ValidationError(PartitionCountOption.problem(partitions, maximum: 10_000)) }
        if let replicationFactor, !(1...16).contains(replicationFactor) {
            throw ValidationError("--replication-factor must be between 1 and 16")
        }
        guard !(dryRun && check) else { throw ValidationError("--dry-run and --check exclude each other") }
        if let problem = InternalTopics.problem(group: group) { throw ValidationError("--group: \(problem)") }
    }

    func run() throws {
        let file = try WorkerConfigurationFile.load(config)
        let factor = replicationFactor ?? TopicSpecification.clusterDefaultReplicationFactor
        let specs =
            file.topics.specifications(partitions: partitions, replicationFactor: factor)
            + InternalTopics(group: group).specifications(partitions: partitions, replicationFactor: factor)
        if dryRun {
            printPlan(specs)
            return
        }
        let admin = try KafkaAdmin(configuration: try options.configuration(), logger: options.makeLogger(label: "waitwatch.setup"))
        let layout: ClusterLayout
        do {
            layout = try admin.layout()
        } catch {
            throw ClusterCheck.unreachable(brokers: options.brokers, error)
        }
        if check {
            try checkCluster(specs, admin: admin, layout: layout)
            return
        }
        let resolved = specs.map { $0.resolvingReplicationFactor(brokerCount: layout.brokerCount) }
        let outcomes = admin.createTopics(resolved.filter { layout.topics[$0.name] == nil })
        var failed = false
        for s in resolved {
            if layout.topics[s.name] != nil {
                Output.line("exists  \(s.name) (left as it is; `setup --check` compares it with the plan)")
                continue
            }
            switch outcomes[s.name] {
            case .created?, .alreadyExists?: Output.line("created \(s.name) (\(s.partitions) partitions, \(s.settingsSummary))")
            case .failed(let e)?: Output.line("FAILED  \(s.name): \(e.message)"); failed = true
            case nil: Output.line("FAILED  \(s.name): no answer"); failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
