import ArgumentParser
import Foundation
import UnixSignals
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker dev-cluster`: an embedded Kafka-protocol cluster for demos and tests.
struct DevClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-cluster",
        abstract: "Start an embedded Kafka cluster on 127.0.0.1 with the pipeline's topics (demos and tests only).",
        discussion: """
            Prints the bootstrap list as the first line on standard output, then runs until \
            SIGINT or SIGTERM. Nothing is kept on disk. The cluster is librdkafka's mock: it keeps \
            only the newest 5 MiB (or 100,000 batches) per partition and compacts nothing, so \
            size demos with enough partitions. Never use it in production.
            """)

    @Option(help: "Number of brokers.")
    var brokers: Int = 3

    @Option(parsing: .unconditional, help: "Partitions of each pipeline topic.")
    var partitions: Int = 6

    @Option(
        name: .customLong("group"),
        help: ArgumentHelp(
            "Consumer group whose internal topics to create (repeat for several groups; the mock cluster cannot create topics when a worker asks).",
            valueName: "group"))
    var groups: [String] = [InternalTopics.defaultGroup]

    @Option(
        name: .customLong("kafka"),
        help: ArgumentHelp("Accepted for uniformity; the embedded cluster ignores librdkafka settings.", valueName: "key=value"))
    var kafka: [String] = []

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "warning"

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 32, got \(brokers)") }
        guard (1...1024).contains(partitions) else { throw ValidationError(PartitionCountOption.problem(partitions, maximum: 1024)) }
        for group in groups { if let problem = InternalTopics.problem(group: group) { throw ValidationError("--group: \(problem)") } }
    }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        var options = KafkaOptions()
        options.logLevel = logLevel
        options.logFormat = "text"
        let logger = options.makeLogger(label: "waitwatch.dev-cluster")
        let cluster = try EmbeddedCluster(brokers: brokers, logger: logger)
        let specs =
            TopicNames().specifications(partitions: partitions, replicationFactor: min(3, brokers))
            + groups.flatMap { InternalTopics(group: $0).specifications(partitions: partitions, replicationFactor: min(3, brokers)) }
        for spec in specs {
            try cluster.createTopic(spec)
        }
        Output.line(cluster.bootstrapServers)
        Output.error(
            """
            waitwatch dev-cluster: \(brokers) broker(s), \(partitions) partition(s) per topic, topics \
            \(specs.map(\.name).joined(separator: ", ")); librdkafka \(KafkaProducer.librdkafkaVersion). \
            Stop with Ctrl-C.
            """)
        for await signal in signals {
            Output.error("waitwatch dev-cluster: stopping on \(signal)")
            break
        }
        withExtendedLifetime(cluster) {}
    }
}
