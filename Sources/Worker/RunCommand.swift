import ArgumentParser
import Logging
import ServiceLifecycle
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime
import WaitwatchOperations

/// `waitwatch-worker run`: join the consumer group and compute the statistics.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Join the consumer group and publish exact wait-time statistics (and national ALL records).",
        discussion: """
            Reads referral-events, publishes one record per trust, service and day to \
            referral-wait-stats (and ALL records per service), dead-letters bad input to \
            referral-events-dlq with a reason header. Day D is published once every partition \
            feeding it has read an event at least the lateness allowance past the end of D; with \
            --live the wall clock also moves time on partitions that are read to their end (so \
            waits keep growing when a feed goes quiet). With --until-end the worker stops once \
            its partitions are read to their end and every day up to the day before the latest \
            event (over all partitions) is published. Stop with SIGTERM or Ctrl-C: the worker \
            finishes in-flight work, publishes, and leaves the group.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: "Consumer group id: workers with the same group share the partitions.")
    var group: String = "waitwatch"

    @Option(help: ArgumentHelp("Configuration file (service catalogue, window, lateness, topics).", valueName: "file"))
    var config: String?

    @Flag(help: "Stop once every assigned partition is read to its end and published.")
    var untilEnd = false

    @Flag(help: "Let the wall clock advance time on partitions read to their end.")
    var live = false

    @Option(help: ArgumentHelp("Milliseconds the group waits for a silent worker before moving its partitions.", valueName: "ms"))
    var sessionTimeout: Int = 10_000

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Partitions for topics the worker creates at start-up (when the cluster lets it).", valueName: "n"))
    var partitions: Int = 12

    @Option(
        help: ArgumentHelp(
            "Also append the alert log (one line per alert) to this file; it always goes to standard output.", valueName: "file"))
    var alertLog: String?

    @Flag(inversion: .prefixedNo, help: "Create missing topics at start-up.")
    var createTopics = true

    @Flag(
        inversion: .prefixedNo,
        help:
            "Keep snapshots of every partition's state in waitwatch-<group>-state, so that a restarted worker or a partition's next owner continues from the latest one instead of re-reading the partition from its beginning."
    )
    var snapshots = true

    @Option(help: ArgumentHelp("Snapshot a partition after this many messages read since its last snapshot.", valueName: "messages"))
    var snapshotEvery: Int = SnapshotPolicy().everyMessages

    @Option(help: ArgumentHelp("Snapshot a partition that read anything this many seconds after its last snapshot.", valueName: "seconds"))
    var snapshotInterval: Double = SnapshotPolicy().everySeconds

    @Option(
        help: ArgumentHelp(
            "Serve /metrics (Prometheus), /healthz and /readyz on this address, e.g. 127.0.0.1:9464 or :9464.", valueName: "address:port"))
    var metrics: String?

    @Option(
        help: ArgumentHelp(
            "/readyz answers 503 while any held partition lags more than this many messages behind its end.", valueName: "messages"))
    var readyMaxLag: Int64 = 10_000

    @Option(help: ArgumentHelp("/healthz answers 503 when the worker's loop has not turned for this many seconds.", valueName: "seconds"))
    var healthStall: Double = 60

    @Option(
        help: ArgumentHelp(
            "Go-live day (YYYY-MM-DD): alert transitions before it are kept as state, not published; firings still open on it are published then.",
            valueName: "date"))
    var alertsFrom: String?

    @Option(
        help: ArgumentHelp(
            "Also push firing and resolved alerts to this Alertmanager (its v2 API), e.g. http://127.0.0.1:9093.", valueName: "url"))
    var alertmanager: String?

    @Option(
        help: ArgumentHelp(
            "Processing threads (default: the number of cores). Each poll batch's partitions are spread over them, every partition on one thread; the statistics are exactly those of one thread.",
            valueName: "n"))
    var threads: Int = WorkerSettings.defaultThreads

    func validate() throws {
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") }
        if let alertmanager, !(alertmanager.hasPrefix("http://") || alertmanager.hasPrefix("https://")) {
            throw ValidationError("--alertmanager must be an http:// or https:// URL, not '\(alertmanager)'")
        }
        if let alertsFrom, CivilDay(alertsFrom) == nil {
            throw ValidationError("--alerts-from must be a date YYYY-MM-DD, not '\(alertsFrom)'")
        }
        if let metrics, MetricsAddress(metrics) == nil {
            throw ValidationError("--metrics must be ADDRESS:PORT (e.g. 127.0.0.1:9464 or :9464), not '\(metrics)'")
        }
        guard readyMaxLag >= 0 else { throw ValidationError("--ready-max-lag must be 0 or more") }
        guard healthStall > 0 else { throw ValidationError("--health-stall must be more than 0 seconds") }
        if untilEnd && live { throw ValidationError("--until-end and --live cannot be used together") }
        // Below 3 s librdkafka 2.0.2's mock cluster never answers the join (Kafka's own minimum,
        // group.min.session.timeout.ms, is 6 s by default).
        guard (3_000...300_000).contains(sessionTimeout) else {
            throw ValidationError("--session-timeout must be between 3000 and 300000 ms")
        }
        guard (1...10_000).contains(partitions) else { throw ValidationError(PartitionCountOption.problem(partitions, maximum: 10_000)) }
        guard snapshotEvery >= 1 else { throw ValidationError("--snapshot-every must be at least 1") }
        guard snapshotInterval > 0 else { throw ValidationError("--snapshot-interval must be more than 0 seconds") }
        if let problem = InternalTopics.problem(group: group) { throw ValidationError("--group: \(problem)") }
    }

    func run() async throws {
        let logger = options.makeLogger(label: "waitwatch.worker")
        let configuration = try WorkerConfigurationFile.load(config)
        var settings = WorkerSettings(
            kafka: try options.configuration(), group: group,
            mode: untilEnd ? .untilEnd : (live ? .live : .streaming),
            engine: configuration.engine, alerts: configuration.alerts, alertLogPath: alertLog, topics: configuration.topics,
            internalTopics: InternalTopics(group: group),
            sessionTimeoutMilliseconds: sessionTimeout, createTopics: createTopics, partitionsForNewTopics: partitions,
            snapshots: snapshots ? SnapshotPolicy(everyMessages: snapshotEvery, everySeconds: snapshotInterval) : nil,
            implausibleTime: configuration.implausibleTime, threads: threads)
        settings.alertsFrom = alertsFrom.flatMap { CivilDay($0) }
        settings.progressThroughLogger = options.logFormat == "json"
        let pusher = alertmanager.flatMap { AlertmanagerPusher(base: $0, logger: logger) }
        if let pusher { settings.alertSink = { pusher.push($0) } }
        let pushing = Task { await pusher?.run() }
        let result = ResultBox()
        let health = WorkerHealth(stallSeconds: healthStall, maximumLag: readyMaxLag)
        let server = try await startOperationsServer(health: health, logger: logger)
        let service = WorkerService(settings: settings, logger: logger, result: result, health: health, version: WaitwatchVersion.current)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await group.run()
        } catch {
            pusher?.finish()
            await server?.stop()
            throw error
        }
        pusher?.finish()
        await pushing.value
        await server?.stop()
        let elapsed = clock.now - start
        let seconds = elapsed.inSeconds
        if let s = result.get() {
            Output.line(
                "worker: \(grouped(s.events)) events read, \(s.recordsPublished), "
                    + "\(grouped(s.alerts)) alerts, \(grouped(s.deadLetters)) dead letters, \(grouped(s.duplicates)) duplicates, \(grouped(s.lateEvents)) late events, "
                    + "\(grouped(s.unreadMessages)) unread (removed before reading) in \(String(format2: seconds)) s; "
                    + "first read to last publish \(String(format2: s.processingSeconds)) s "
                    + "(\(perSecond(s.events, s.processingSeconds)) events/s)")
            if settings.snapshots != nil {
                Output.line(
                    "state: \(s.restoredPartitions) partition(s) restored from snapshots in \(String(format2: s.restoreSeconds)) s; "
                        + "\(grouped(s.snapshotsWritten)) snapshot(s) written (\(grouped(s.snapshotBytes)) bytes)"
                        + (s.alreadyApplied > 0
                            ? "; \(grouped(s.alreadyApplied)) message(s) redelivered below a restored position skipped" : ""))
            }
        }
    }
}
