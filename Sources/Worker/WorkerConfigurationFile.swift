import Shared

/// The worker's settings from the configuration file (or the SPEC defaults without one).
struct WorkerConfigurationFile {
    var engine: EngineConfiguration
    var topics: PipelineTopics

    static func load(_ path: String?) throws -> WorkerConfigurationFile {
        WorkerConfigurationFile(engine: EngineConfiguration(), topics: PipelineTopics())
    }
}
