import Logging
import Metrics
import Prometheus
import WaitwatchOperations
import WaitwatchWorkerRuntime

extension RunCommand {
    /// `--metrics ADDRESS:PORT`: bootstraps swift-metrics with a Prometheus registry (once, for
    /// the process) and serves `/metrics`, `/healthz` and `/readyz` from `health`. Nil without
    /// `--metrics` (metrics then go nowhere).
    func startOperationsServer(health: WorkerHealth, logger: Logger) async throws -> OperationsServer? {
        guard let metrics, let address = MetricsAddress(metrics) else { return nil }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let endpoints = OperationsEndpoints(
            metrics: { registry.emitToBuffer() }, health: { health.health() }, readiness: { health.readiness() })
        return try await OperationsServer.start(host: address.host, port: address.port, endpoints: endpoints, logger: logger)
    }
}
