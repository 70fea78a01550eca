import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchCLI

/// `waitwatch-producer send`: validate an NDJSON file of events and publish the valid ones.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Validate NDJSON events and publish the valid ones, keyed {trust}/{service}.",
        discussion: """
            Each line is one event (SPEC section 1). Invalid lines are reported on standard error \
            with their line number and reason and are not sent; valid lines are published as they \
            are (unknown fields kept). Blank lines are skipped, and so is a UTF-8 byte-order mark at the start \
            of the file. Waits until the cluster has \
            acknowledged every message, then prints a one-line summary on standard output. \
            Exit status: 0 when every line was valid and delivered, 1 when some lines were \
            rejected (the rest were delivered), 2 when some deliveries failed.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: ArgumentHelp("Topic to publish to (default: the configuration's events topic, referral-events).", valueName: "topic"))
    var topic: String?

    @Option(help: ArgumentHelp("Configuration file (service catalogue, topic names); built-in defaults otherwise.", valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp("NDJSON file of events, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let logger = options.makeLogger(label: "waitwatch.send")
        let configuration = try config.map { try WaitwatchConfiguration.load(path: $0) } ?? WaitwatchConfiguration()
        let topic = topic ?? configuration.topics.events
        let reader = try LineReader(path: file)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: try options.configuration()), logger: logger)
        try ClusterCheck.requireTopic(topic, producer: producer, brokers: options.brokers)

        let decoder = EventDecoder(catalogue: configuration.catalogue)
        let publisher = TrackedPublisher(producer: producer)
        var rejected: [Int] = []
        var lines = 0
        var progress = ProgressReporter()
        try reader.forEachLine { number, line in
            lines = number
            // A UTF-8 byte-order mark at the start of the file is not part of the first event.
            let bytes = number == 1 ? ByteOrderMark.droppingUTF8(from: line) : line
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            switch decoder.decode(bytes) {
            case .success(let event):
                publisher.publish(OutgoingMessage(topic: topic, key: Array(event.key.utf8), value: Array(bytes)), id: UInt64(number))
            case .failure(let rejection):
                rejected.append(number)
                Output.error("\(reader.path):\(number): \(rejection.reason)")
            }
            progress.tick { seconds in
                "send: \(grouped(lines)) lines read, \(grouped(publisher.delivered)) delivered, "
                    + "\(grouped(rejected.count)) rejected, \(grouped(publisher.failures.count)) failed "
                    + "(\(perSecond(publisher.enqueued, seconds)) events/s)"
            }
            return true
        }
        let unreported = publisher.finish(timeoutMilliseconds: 120_000) { p in
            Output.error("send: waiting for the cluster to acknowledge \(grouped(p.pending)) message(s)...")
        }
        for failure in publisher.failures.prefix(20) {
            Output.error("\(reader.path):\(failure.id): not delivered: \(failure.error)")
        }
        if publisher.failures.count > 20 {
            Output.error("... and \(grouped(publisher.failures.count - 20)) more deliveries failed")
        }
        let failed = publisher.failures.count + unreported
        let seconds = progress.elapsedSeconds
        Output.line(
            "sent \(grouped(publisher.delivered)), rejected \(grouped(rejected.count))\(lineList(rejected)), "
                + "failed \(grouped(failed)) in \(String(format2: seconds)) s "
                + "(\(perSecond(publisher.delivered, seconds)) events/s)")
        if failed > 0 { throw ExitCode(2) }
        if !rejected.isEmpty { throw ExitCode(1) }
    }

    private func lineList(_ lines: [Int]) -> String {
        guard !lines.isEmpty else { return "" }
        let shown = lines.prefix(20).map(String.init).joined(separator: ", ")
        return lines.count > 20 ? " (lines \(shown) and \(lines.count - 20) more)" : " (lines \(shown))"
    }
}
