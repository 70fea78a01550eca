import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker setup`: create the pipeline's topics on a real cluster.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the pipeline's topics (statistics compacted) through Kafka's admin API.",
        discussion: """
            Give every topic the same number of partitions: the internal topic must have as many as \
            referral-events. Partitions bound how many workers can share the work. With --dry-run \
            nothing is contacted: the plan is printed, with the equivalent kafka-topics.sh commands.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: ArgumentHelp("Configuration file (topic names).", valueName: "file"))
    var config: String?

    @Option(parsing: .unconditional, help: "Partitions per topic.")
    var partitions: Int = 12

    @Option(help: "Replicas per partition.")
    var replicationFactor: Int = 3

    @Flag(help: "Print the plan only.")
    var dryRun = false

    func validate() throws {
        guard (1...10_000).contains(partitions) else { throw ValidationError(PartitionCountOption.problem(partitions, maximum: 10_000)) }
        guard (1...16).contains(replicationFactor) else { throw ValidationError("--replication-factor must be between 1 and 16") }
    }

    func run() throws {
        let file = try WorkerConfigurationFile.load(config)
        let specs = file.topics.specifications(partitions: partitions, replicationFactor: replicationFactor)
            + InternalTopics().specifications(partitions: partitions, replicationFactor: replicationFactor)
        if dryRun {
            Output.line("waitwatch setup (dry run): \(specs.count) topics for \(options.brokers)")
            for s in specs {
                let compact = s.compacted ? " --config cleanup.policy=compact" : ""
                Output.line("kafka-topics.sh --bootstrap-server \(options.brokers) --create --if-not-exists --topic \(s.name) --partitions \(s.partitions) --replication-factor \(s.replicationFactor)\(compact)")
            }
            return
        }
        let admin = try KafkaAdmin(configuration: try options.configuration(), logger: options.makeLogger(label: "waitwatch.setup"))
        try ClusterCheck.requireReachable(admin, brokers: options.brokers)
        let outcomes = admin.createTopics(specs)
        var failed = false
        for s in specs {
            switch outcomes[s.name] {
            case .created?: Output.line("created \(s.name) (\(s.partitions) partitions\(s.compacted ? ", compacted" : ""))")
            case .alreadyExists?: Output.line("exists  \(s.name)")
            case .failed(let e)?: Output.line("FAILED  \(s.name): \(e.message)"); failed = true
            case nil: Output.line("FAILED  \(s.name): no answer"); failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
