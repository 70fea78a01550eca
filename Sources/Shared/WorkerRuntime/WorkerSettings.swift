import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// Everything `waitwatch-worker run` needs, resolved from flags and the configuration file.
package struct WorkerSettings: Sendable {
    package enum Mode: Sendable, Equatable {
        /// Event time only: a day is published once every partition feeding it has passed it.
        case streaming
        /// Stop once every assigned partition is read to its end and everything is published.
        case untilEnd
        /// The wall clock also advances time on partitions that have been read to their end.
        case live
    }

    package var kafka: KafkaConfiguration
    package var group: String
    package var mode: Mode
    package var engine: EngineConfiguration
    package var alerts: AlertConfiguration
    /// Also append every alert log line to this file.
    package var alertLogPath: String?
    package var topics: TopicNames
    package var internalTopics: InternalTopics
    package var sessionTimeoutMilliseconds: Int
    /// Create the topics at start-up (refusals are logged, not fatal).
    package var createTopics: Bool
    /// Partitions for topics created at start-up.
    package var partitionsForNewTopics: Int
    /// State snapshots in Kafka, or nil to keep no state (partitions are then re-read from
    /// their beginning on every assignment).
    package var snapshots: SnapshotPolicy?
    /// Which event times are implausible for their message's timestamp (dead-lettered).
    package var implausibleTime = ImplausibleTimeCheck()
    /// `--alerts-from`: alert transitions of census days before this one are state only, not
    /// published (``AlertGate``); nil: all are published.
    package var alertsFrom: CivilDay?
    /// Also hands every published alert transition here (`--alertmanager`); must not block.
    package var alertSink: (@Sendable (Alert) -> Void)?
    /// The progress line goes to the logger (at `notice`) instead of standard error as plain
    /// text: with `--log-format json`, so that every line is one JSON object.
    package var progressThroughLogger = false
    /// Processing threads (`--threads`): each poll batch's tasks are spread over them, every
    /// task's events on one thread; the results are those of one thread.
    package var threads: Int

    /// The default of `--threads`: the number of cores.
    package static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    package init(
        kafka: KafkaConfiguration, group: String, mode: Mode, engine: EngineConfiguration, alerts: AlertConfiguration,
        alertLogPath: String?, topics: TopicNames, internalTopics: InternalTopics, sessionTimeoutMilliseconds: Int,
        createTopics: Bool, partitionsForNewTopics: Int, snapshots: SnapshotPolicy?,
        implausibleTime: ImplausibleTimeCheck = ImplausibleTimeCheck(), threads: Int = 1
    ) {
        self.threads = max(1, threads)
        self.kafka = kafka
        self.group = group
        self.mode = mode
        self.engine = engine
        self.alerts = alerts
        self.alertLogPath = alertLogPath
        self.topics = topics
        self.internalTopics = internalTopics
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.createTopics = createTopics
        self.partitionsForNewTopics = partitionsForNewTopics
        self.snapshots = snapshots
        self.implausibleTime = implausibleTime
    }
}
