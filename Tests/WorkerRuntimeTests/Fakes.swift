import Logging
import WaitwatchConfig
@testable import WaitwatchCore
import WaitwatchKafka
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// A publisher that keeps what it is given and acknowledges only when told.
final class FakePublisher: OutputPublisher {
    var messages: [(id: UInt64, message: OutgoingMessage)] = []
    /// Ids up to this one are acknowledged.
    var acknowledgedThrough: UInt64 = 0
    var failure: KafkaError?

    func publish(_ message: OutgoingMessage, id: UInt64) { messages.append((id, message)) }
    func publish(topic: String, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, id: UInt64) {
        messages.append(
            (id, OutgoingMessage(topic: topic, partition: partition, key: key.map { Array($0) }, value: value.map { Array($0) })))
    }
    func allReported(through id: UInt64) -> Bool { id <= acknowledgedThrough }
    var pending: Int { messages.filter { $0.id > acknowledgedThrough }.count }
    var firstFailure: KafkaError? { failure }
    func poll(timeoutMilliseconds: Int32) {}
    func finish(timeoutMilliseconds: Int) -> Int { pending }
    func acknowledgeAll() { acknowledgedThrough = messages.last?.id ?? 0 }

    func on(_ topic: String) -> [OutgoingMessage] { messages.map(\.message).filter { $0.topic == topic } }
}

/// Alert lines, kept.
final class FakeAlertLog: AlertLineWriter {
    var lines: [String] = []
    func write(_ line: String) { lines.append(line) }
}

enum Fixture {
    static var logger: Logger {
        var logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        return logger
    }

    static func settings(mode: WorkerSettings.Mode = .untilEnd, snapshots: SnapshotPolicy? = SnapshotPolicy()) -> WorkerSettings {
        WorkerSettings(
            kafka: KafkaConfiguration(brokers: "unused:9092"), group: "test", mode: mode, engine: EngineConfiguration(),
            alerts: AlertConfiguration(), alertLogPath: nil, topics: TopicNames(), internalTopics: InternalTopics(),
            sessionTimeoutMilliseconds: 10_000, createTopics: false, partitionsForNewTopics: 3, snapshots: snapshots)
    }

    static func collector(_ publisher: FakePublisher, _ log: FakeAlertLog = FakeAlertLog(), internalPartitions: Int = 3) -> OutputCollector
    {
        OutputCollector(
            publisher: publisher, topics: TopicNames(), internalTopics: InternalTopics(), owner: settings().internalOwner,
            router: ContributionRouter(catalogue: .default, internalPartitionCount: internalPartitions), alertLog: log, logger: logger)
    }

    static let day = FixtureEvents.day("2026-01-19")

    /// The contributions input partition 0 sends for ``longWaitEvents(trust:)`` once it has
    /// published five days past ``day``.
    static func longWaitContributions(_ settings: WorkerSettings = settings()) -> [AllContribution] {
        let input = InputTask(partition: 0, configuration: settings.engine, alerts: settings.alerts)
        var out = TaskOutput()
        for (i, bytes) in longWaitEvents().enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
        }
        input.advance(through: day.advanced(by: 5), into: &out)
        return out.items.compactMap { if case .contribution(let c) = $0 { c } else { nil } }
    }

    /// Encoded events of one referral waiting 400 days (long-waiters fires), then one a day
    /// later that moves event time past `day` (so every day through `day` is published).
    static func longWaitEvents(trust: String = "RAJ") -> [[UInt8]] {
        var b = EventBuilder(trust: trust)
        let encoder = EventEncoder()
        return [
            encoder.encode(b.on(.referralReceived, "R1", day: day.advanced(by: -400))),
            encoder.encode(b.on(.referralReceived, "R2", day: day.advanced(by: 2))),
        ]
    }
}
