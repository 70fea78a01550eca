import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// The worker's settings from the configuration file (or the SPEC defaults without one).
struct WorkerConfigurationFile {
    var engine: EngineConfiguration
    var alerts: AlertConfiguration
    var topics: TopicNames
    var implausibleTime = ImplausibleTimeCheck()

    /// Loads `path`, or the defaults when nil.
    ///
    /// - Throws: ``ConfigurationError`` (one line naming the key) for a bad file.
    static func load(_ path: String?) throws -> WorkerConfigurationFile {
        let file = try path.map { try WaitwatchConfiguration.load(path: $0) } ?? WaitwatchConfiguration()
        let engine = EngineConfiguration(
            catalogue: file.catalogue, windowDays: file.windowDays, latenessSeconds: file.latenessSeconds, rollups: file.rollups,
            trustsReportingDays: file.trustsReportingDays, feedSilentAfterDays: file.feedSilentAfterDays)
        return WorkerConfigurationFile(engine: engine, alerts: file.alerts, topics: file.topics, implausibleTime: file.implausibleTime)
    }
}
