import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchCLI

/// `waitwatch-producer send`: convert and validate an input (NDJSON events, or a trust's CSV,
/// HL7 v2 or FHIR feed) and publish the valid events.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Validate events (NDJSON, CSV, HL7 v2 or FHIR) and publish the valid ones, keyed {trust}/{service}.",
        discussion: """
            With --format ndjson (the default) each line is one event (SPEC section 1), published \
            as it is (unknown fields kept); blank lines are skipped, and so is a \
            UTF-8 byte-order mark at the start of the file. With --format csv, hl7v2 or \
            fhir each record is converted as docs/FEEDS.md describes. Invalid records are reported \
            on standard error with their location and reason and are not sent. Waits until the \
            cluster has acknowledged every message, then prints a one-line summary (and the \
            rejections by reason) on standard output. \
            Exit status: 0 when every record was valid and delivered, 1 when some records were \
            rejected (the rest were delivered), 2 when some deliveries failed, 3 when the cluster \
            cannot be reached or lacks the topic (nothing was sent).
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: ArgumentHelp("Topic to publish to (default: the configuration's events topic, referral-events).", valueName: "topic"))
    var topic: String?

    @OptionGroup var input: FeedInputOptions

    func run() throws {
        let logger = options.makeLogger(label: "waitwatch.send")
        let (configuration, settings) = try input.load()
        let topic = topic ?? configuration.topics.events
        if input.file != "-", input.format == .ndjson { _ = try LineReader(path: input.file) }  // a missing file before the cluster
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: try options.configuration()), logger: logger)
        do {
            try ClusterCheck.requireTopic(topic, producer: producer, brokers: options.brokers)
        } catch {
            Output.error("send: \(error.message)")
            throw ExitCode(3)
        }

        let publisher = TrackedPublisher(producer: producer)
        var run = FeedRun(options: input, settings: settings)
        var progress = ProgressReporter()
        var read = 0
        func tick() {
            read += 1
            progress.tick { seconds in
                "send: \(grouped(read)) valid events read, \(grouped(publisher.delivered)) delivered, "
                    + "\(grouped(publisher.failures.count)) failed "
                    + "(\(perSecond(publisher.enqueued, seconds)) events/s)"
            }
        }
        if input.file == "-" {
            // Standard input may be endless and slow: each event is sent as soon as it is read.
            // The key is built in a reused buffer and the value is the reader's line buffer,
            // both copied once, by librdkafka.
            var key: [UInt8] = []
            key.reserveCapacity(32)
            try run.run { event, bytes, id in
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: event.trust.utf8)
                key.append(UInt8(ascii: "/"))
                key.append(contentsOf: event.service.utf8)
                key.withUnsafeBytes { key in publisher.publish(topic: topic, key: key, value: bytes, id: UInt64(id)) }
                tick()
            }
        } else {
            // A file: validated on a second thread while this one produces.
            run = try ValidatedChunks(run).forEach { id, key, value in
                publisher.publish(topic: topic, key: key, value: value, id: UInt64(id))
                tick()
            }
        }
        let unreported = publisher.finish(timeoutMilliseconds: 120_000) { p in
            Output.error("send: waiting for the cluster to acknowledge \(grouped(p.pending)) message(s)...")
        }
        for failure in publisher.failures.prefix(20) {
            let place = run.idsAreLines ? "\(input.file):\(failure.id)" : "\(input.file): event \(failure.id)"
            Output.error("\(place): not delivered: \(failure.error)")
        }
        if publisher.failures.count > 20 {
            Output.error("... and \(grouped(publisher.failures.count - 20)) more deliveries failed")
        }
        let failed = publisher.failures.count + unreported
        let seconds = progress.elapsedSeconds
        Output.line(
            "sent \(grouped(publisher.delivered)), rejected \(grouped(run.rejected))\(run.lineList), "
                + "failed \(grouped(failed)) in \(String(format2: seconds)) s "
                + "(\(perSecond(publisher.delivered, seconds)) events/s)")
        for line in run.reasonSummary { Output.line(line) }
        if failed > 0 { throw ExitCode(2) }
        if run.rejected > 0 { throw ExitCode(1) }
    }
}
