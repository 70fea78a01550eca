import Logging
import ServiceLifecycle
import Synchronization
import Shared

/// Runs a ``WorkerLoop`` as a swift-service-lifecycle `Service`: the loop runs on a dedicated
/// thread, and a graceful shutdown (SIGTERM, SIGINT) asks it to drain and stop.
struct WorkerService: Service {
    let settings: WorkerSettings
    let logger: Logger
    let result: ResultBox

    func run() async throws {
        let stop = StopSignal()
        let settings = settings
        let logger = logger
        let summary = try await withGracefulShutdownHandler {
            try await onDedicatedThread(name: "waitwatch-worker") {
                try WorkerLoop(settings: settings, logger: logger, stop: stop).run()
            }
        } onGracefulShutdown: {
            logger.info("shutting down gracefully: finishing in-flight work")
            stop.request()
        }
        result.set(summary)
    }
}

/// Hands the worker's summary from the service to the command.
final class ResultBox: Sendable {
    private let value = Mutex<WorkerSummary?>(nil)
    func set(_ s: WorkerSummary) { value.withLock { $0 = s } }
    func get() -> WorkerSummary? { value.withLock { $0 } }
}
