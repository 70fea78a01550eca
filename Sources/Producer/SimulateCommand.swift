import ArgumentParser
import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchCLI

/// `waitwatch-producer simulate`: a realistic, seeded synthetic feed for demos and load tests.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a realistic, seeded feed of referral events and send it (or write NDJSON).",
        discussion: """
            Several trusts (and, for EHC needs assessments, their local authorities), every service \
            of the catalogue, demand above capacity for speech and language therapy, CAMHS and \
            neurodevelopmental assessment so their lists grow, DNAs, cancellations and closures. \
            Each list starts with a backlog of children referred before the first simulated day; \
            their referral.received events come first. The same seed gives the same feed.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: "Topic to publish to.")
    var topic: String = "referral-events"

    @Option(help: "Random seed: the same seed gives the same events.")
    var seed: UInt64 = 1

    @Option(help: "Number of NHS trusts (each paired with a local authority for EHCNA).")
    var trusts: Int = 5

    @Option(help: "Days to simulate.")
    var days: Int = 365

    @Option(name: .customLong("start"), help: ArgumentHelp("First simulated day (YYYY-MM-DD).", valueName: "date"))
    var start: String?

    @Option(help: ArgumentHelp("Scale demand and capacity (more events, the same waits).", valueName: "factor"))
    var scale: Double = 1.0

    @Option(help: ArgumentHelp("Events per second at most (default: as fast as the cluster takes them).", valueName: "events-per-s"))
    var rate: Double?

    @Option(help: ArgumentHelp("Stop after this many events.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Write NDJSON to this file (- for standard output) instead of sending.", valueName: "file"))
    var out: String?

    func validate() throws {
        if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number of events per second") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if let start, CivilDay(start) == nil { throw ValidationError("--start must be a date like 2025-04-01, got \(start)") }
    }

    func run() throws {
        var config = SimulationConfiguration(seed: seed, trusts: trusts, days: days, demandScale: scale)
        if let start, let day = CivilDay(start) { config.startDay = day }
        let simulation: ReferralSimulation
        do { simulation = try ReferralSimulation(config) } catch { throw ValidationError(error.description) }
        let sink: EventSink = try out.map { try FileSink(path: $0) } ?? KafkaSink(options: options, topic: topic)
        var pacer = rate.map { Pacer(eventsPerSecond: $0) }
        var progress = ProgressReporter()
        var iterator = simulation.makeIterator()
        let encoder = EventEncoder()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(512)
        var count = 0
        while limit.map({ count < $0 }) ?? true, let event = iterator.next() {
            buffer.removeAll(keepingCapacity: true)
            encoder.encode(event, into: &buffer)
            try sink.write(event: event, json: buffer, number: count + 1)
            count += 1
            pacer?.pace(count)
            progress.tick { seconds in
                let day = CivilDay(londonDateOf: event.occurredAt)
                return "simulate: \(grouped(count)) events up to \(day), \(perSecond(count, seconds)) events/s\(sink.status)"
            }
        }
        let failed = try sink.finish()
        let seconds = progress.elapsedSeconds
        Output.error(
            "simulate: \(grouped(count)) events (\(simulation.organisations.count) trusts, \(days) days, seed \(seed)) in "
                + "\(String(format2: seconds)) s, \(perSecond(count, seconds)) events/s\(sink.status)")
        if failed > 0 {
            throw ExitCode(2)
        }
    }
}

/// Where simulated events go.
protocol EventSink {
    func write(event: ReferralEvent, json: [UInt8], number: Int) throws
    /// Completes the output; returns the number of events that could not be delivered.
    func finish() throws -> Int
    var status: String { get }
}

/// Writes NDJSON to a file or standard output.
final class FileSink: EventSink {
    private let handle: FileHandle
    private var pending: [UInt8] = []
    let path: String

    init(path: String) throws {
        self.path = path
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            guard let h = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
            handle = h
        }
        pending.reserveCapacity(1 << 20)
    }

    func write(event: ReferralEvent, json: [UInt8], number: Int) throws {
        pending.append(contentsOf: json)
        pending.append(0x0A)
        if pending.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        // Standard output whose reader has gone (`| head`): stop quietly, as a filter does.
        if path == "-" {
            guard StandardStreams.write(pending, to: 1) else { throw ExitCode.success }
            pending.removeAll(keepingCapacity: true)
            return
        }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    func finish() throws -> Int {
        try flush()
        if path != "-" { try handle.close() }
        return 0
    }

    var status: String { "" }
}

/// Publishes to Kafka, keyed {trust}/{service}, accounting for every delivery.
final class KafkaSink: EventSink {
    let publisher: TrackedPublisher
    let topic: String

    init(options: KafkaOptions, topic: String) throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(kafka: try options.configuration()),
            logger: options.makeLogger(label: "waitwatch.simulate"))
        try ClusterCheck.requireTopic(topic, producer: producer, brokers: options.brokers)
        publisher = TrackedPublisher(producer: producer)
        self.topic = topic
    }

    func write(event: ReferralEvent, json: [UInt8], number: Int) throws {
        // The message timestamp is the event's time, so simulated years (past or future) stay
        // plausible to the worker (SPEC section 1, "Implausible times").
        publisher.publish(
            OutgoingMessage(
                topic: topic, key: Array(event.key.utf8), value: json,
                timestampMilliseconds: event.occurredAt.microsecondsSinceEpoch / 1_000),
            id: UInt64(number))
    }

    func finish() throws -> Int {
        let unreported = publisher.finish(timeoutMilliseconds: 120_000) { p in
            Output.error("simulate: waiting for the cluster to acknowledge \(grouped(p.pending)) message(s)...")
        }
        for f in publisher.failures.prefix(10) {
            Output.error("simulate: event \(f.id) not delivered: \(f.error)")
        }
        return publisher.failures.count + unreported
    }

    var status: String { ", \(grouped(publisher.delivered)) delivered, \(grouped(publisher.failures.count)) failed" }
}

/// Sleeps as needed to keep to a rate.
struct Pacer {
    let eventsPerSecond: Double
    let start = ContinuousClock.now

    mutating func pace(_ count: Int) {
        let due = start + .seconds(Double(count) / eventsPerSecond)
        let now = ContinuousClock.now
        if due > now { Thread.sleep(forTimeInterval: (due - now).inSeconds) }
    }
}
