import Foundation
import Logging
import Synchronization
import WaitwatchCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `run --alertmanager URL`: pushes every published alert transition to Alertmanager's v2 API
/// (`POST {URL}/api/v2/alerts`). Labels `alertname` (the rule), `rule`, `trust`, `service`,
/// `severity`; annotations `message` (the plain-English line) and `alertId`. A firing is sent
/// with `startsAt` its census day and `endsAt` 30 days after the push (Alertmanager keeps it
/// firing until then or until the resolve); a resolve is sent with `endsAt` its census day, which
/// resolves it. Alertmanager identifies alerts by their labels, so a transition pushed again
/// after a worker restart is the same alert, not a second one.
///
/// ``push(_:)`` never blocks (the worker's loop calls it); a task of its own sends batches,
/// retrying a failed POST with backoff (1 s doubling to 30 s, 8 tries) before giving the batch up
/// with an error line. ``finish()`` sends what is queued and stops (trying a failing POST twice
/// only from then on, so that a worker stops promptly when Alertmanager is away).
public final class AlertmanagerPusher: Sendable {
    private let endpoint: URL
    private let logger: Logger
    private let queued = Mutex<[Alert]>([])
    /// Set by ``finish()``: a failing POST is then tried twice only, so that stopping is quick.
    private let finishing = Mutex(false)
    /// Wakes ``run()`` when alerts are queued (one pending wake-up is enough).
    private let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// A pusher to the Alertmanager at `base` (e.g. `http://127.0.0.1:9093`); nil for a URL
    /// that is not http(s).
    public init?(base: String, logger: Logger) {
        guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? "") else { return nil }
        endpoint = url.appendingPathComponent("api/v2/alerts")
        self.logger = logger
        (wakeUps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an alert transition for Alertmanager (thread-safe, returns at once).
    public func push(_ alert: Alert) {
        queued.withLock { $0.append(alert) }
        continuation.yield()
    }

    /// Sends queued alerts, in order, in batches of what has queued meanwhile, until ``finish()``
    /// and the queue is empty; run it in a task of its own.
    public func run() async {
        for await _ in wakeUps { await sendQueued() }
        await sendQueued()
    }

    /// Stops taking alerts; ``run()`` returns once the queued ones are sent.
    public func finish() {
        finishing.withLock { $0 = true }
        continuation.finish()
    }

    private func sendQueued() async {
        while true {
            let batch = queued.withLock { q -> [Alert] in
                let b = Array(q.prefix(500))
                q.removeFirst(b.count)
                return b
            }
            guard !batch.isEmpty else { return }
            await send(batch)
        }
    }

    private func send(_ alerts: [Alert]) async {
        let body = Self.body(alerts, now: Date())
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = 10
        var delay = Duration.seconds(1)
        for attempt in 1...8 {
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                if let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) {
                    logger.debug("pushed \(alerts.count) alert transition(s) to Alertmanager")
                    return
                }
                logger.warning(
                    "Alertmanager refused \(alerts.count) alert transition(s) (try \(attempt) of 8): status \((response as? HTTPURLResponse)?.statusCode ?? 0)"
                )
            } catch {
                logger.warning("could not reach Alertmanager at \(endpoint) (try \(attempt) of 8): \(error)")
            }
            if attempt >= 2, finishing.withLock({ $0 }) { break }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
        logger.error(
            "gave up pushing \(alerts.count) alert transition(s) to Alertmanager at \(endpoint); they are on the alerts topic and in the alert log"
        )
    }

    /// The JSON array Alertmanager's `POST /api/v2/alerts` takes.
    static func body(_ alerts: [Alert], now: Date) -> Data {
        let formatter = ISO8601DateFormatter()
        func day(_ d: CivilDay) -> String { "\(d.description)T00:00:00Z" }
        let objects: [[String: Any]] = alerts.map { a in
            var o: [String: Any] = [
                "labels": [
                    "alertname": a.rule.rawValue, "rule": a.rule.rawValue, "trust": a.trust, "service": a.service,
                    "severity": a.severity.rawValue,
                ],
                "annotations": ["message": a.message, "alertId": a.alertId],
                "startsAt": day(Self.firedOn(a) ?? a.asOf),
            ]
            o["endsAt"] = a.state == .resolved ? day(a.asOf) : formatter.string(from: now.addingTimeInterval(30 * 86_400))
            return o
        }
        return (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
    }

    /// The firing day in the alert's id (`{rule}/{trust}/{service}/{day}`).
    static func firedOn(_ alert: Alert) -> CivilDay? {
        alert.alertId.split(separator: "/").last.flatMap { CivilDay(String($0)) }
    }
}
