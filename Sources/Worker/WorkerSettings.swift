import Shared

/// Everything `waitwatch-worker run` needs, resolved from flags and the configuration file.
struct WorkerSettings: Sendable {
    enum Mode: Sendable, Equatable {
        /// Event time only: a day is published once every partition feeding it has passed it.
        case streaming
        /// Stop once every assigned partition is read to its end and everything is published.
        case untilEnd
        /// The wall clock also advances time on partitions that have been read to their end.
        case live
    }

    var kafka: KafkaConfiguration
    var group: String
    var mode: Mode
    var engine: EngineConfiguration
    var alerts: AlertConfiguration
    /// Also append every alert log line to this file.
    var alertLogPath: String?
    var topics: TopicNames
    var internalTopics: InternalTopics
    var sessionTimeoutMilliseconds: Int
    /// Create the topics at start-up (refusals are logged, not fatal).
    var createTopics: Bool
    /// Partitions for topics created at start-up.
    var partitionsForNewTopics: Int
    /// State snapshots in Kafka, or nil to keep no state (partitions are then re-read from
    /// their beginning on every assignment).
    var snapshots: SnapshotPolicy?
    /// Which event times are implausible for their message's timestamp (dead-lettered).
    var implausibleTime = ImplausibleTimeCheck()
}
