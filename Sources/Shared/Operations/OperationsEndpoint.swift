/// What the operations server answers on one path: a status and a plain-text body.
public struct OperationsResponse: Sendable, Equatable {
    /// The HTTP status code (200, 503, 404).
    public var status: Int
    /// The body; `/metrics` is in the Prometheus text exposition format.
    public var body: [UInt8]
    /// The `Content-Type` header.
    public var contentType: String

    /// A response with this status and body.
    public init(status: Int, body: [UInt8], contentType: String = "text/plain; charset=utf-8") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// A plain-text response of one line.
    public static func text(_ status: Int, _ line: String) -> OperationsResponse {
        OperationsResponse(status: status, body: Array((line + "\n").utf8))
    }
}

/// The three things operators ask a worker (`/metrics`, `/healthz`, `/readyz`), as closures the
/// executable wires to the Prometheus registry and the worker's health. Called on the server's
/// event loop: they must be quick and thread-safe.
public struct OperationsEndpoints: Sendable {
    /// The Prometheus text exposition of every metric.
    public var metrics: @Sendable () -> [UInt8]
    /// Whether the process is alive and its loop turns, with a one-line reason.
    public var health: @Sendable () -> (ok: Bool, reason: String)
    /// Whether the worker should receive traffic or count as up (partitions assigned, restores
    /// done, lag under the bound), with a one-line reason.
    public var readiness: @Sendable () -> (ok: Bool, reason: String)

    /// Endpoints from these closures.
    public init(
        metrics: @escaping @Sendable () -> [UInt8], health: @escaping @Sendable () -> (ok: Bool, reason: String),
        readiness: @escaping @Sendable () -> (ok: Bool, reason: String)
    ) {
        self.metrics = metrics
        self.health = health
        self.readiness = readiness
    }

    /// The response to a `GET` (or `HEAD`) of `path` (the query string is ignored).
    public func respond(to path: String) -> OperationsResponse {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        switch bare {
        case "/metrics":
            return OperationsResponse(status: 200, body: metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        case "/healthz":
            let (ok, reason) = health()
            return .text(ok ? 200 : 503, reason)
        case "/readyz":
            let (ok, reason) = readiness()
            return .text(ok ? 200 : 503, reason)
        default:
            return .text(404, "not found: try /metrics, /healthz or /readyz")
        }
    }
}
