import Logging
import ServiceLifecycle
import Synchronization
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// Runs a ``WorkerLoop`` as a swift-service-lifecycle `Service`: the loop runs on a dedicated
/// thread, and a graceful shutdown (SIGTERM, SIGINT) asks it to drain and stop.
package struct WorkerService: Service {
    package let settings: WorkerSettings
    package let logger: Logger
    package let result: ResultBox
    /// What `/healthz` and `/readyz` read.
    package let health: WorkerHealth
    /// The program's version, for `waitwatch_build_info`.
    package let version: String

    package init(
        settings: WorkerSettings, logger: Logger, result: ResultBox, health: WorkerHealth = WorkerHealth(), version: String = "unknown"
    ) {
        self.settings = settings
        self.logger = logger
        self.result = result
        self.health = health
        self.version = version
    }

    package func run() async throws {
        let stop = StopSignal()
        let settings = settings
        let logger = logger
        let (health, version) = (health, version)
        let summary = try await withGracefulShutdownHandler {
            try await onDedicatedThread(name: "waitwatch-worker") {
                try WorkerLoop(settings: settings, logger: logger, stop: stop, health: health, metrics: WorkerMetrics(version: version))
                    .run()
            }
        } onGracefulShutdown: {
            logger.info("shutting down gracefully: finishing in-flight work")
            stop.request()
        }
        result.set(summary)
    }
}

// What swift-service-lifecycle's logs say of the service: its identity, not every setting.
extension WorkerService: CustomStringConvertible {
    package var description: String {
        "WorkerService(group: \(settings.group), mode: \(settings.mode), threads: \(settings.threads), brokers: \(settings.kafka.brokers))"
    }
}

/// Hands the worker's summary from the service to the command.
package final class ResultBox: Sendable {
    private let value = Mutex<WorkerSummary?>(nil)
    package init() {}
    package func set(_ s: WorkerSummary) { value.withLock { $0 = s } }
    package func get() -> WorkerSummary? { value.withLock { $0 } }
}
