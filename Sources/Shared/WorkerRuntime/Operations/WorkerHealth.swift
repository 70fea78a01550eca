import Synchronization
import WaitwatchCore

/// What `/healthz` and `/readyz` answer, shared between the worker's loop (which writes it once
/// per turn) and the operations server (which reads it on its own thread). Thread-safe.
///
/// - Healthy: the loop turned within ``stallSeconds`` (a loop stuck in a call that never returns
///   stops turning; before the first turn, the time since start counts).
/// - Ready: healthy, partitions assigned, no restore under way, and every held partition's lag
///   at most ``maximumLag`` messages.
package final class WorkerHealth: Sendable {
    private struct State {
        var lastTurn: ContinuousClock.Instant
        var assignedPartitions = 0
        var restoring = false
        var maximumLagSeen: Int64?
        var stopping = false
    }

    /// Seconds without a loop turn after which the worker is not healthy.
    package let stallSeconds: Double
    /// The most messages any held partition may lag behind its end for the worker to be ready.
    package let maximumLag: Int64
    private let state: Mutex<State>

    package init(stallSeconds: Double = 60, maximumLag: Int64 = 10_000) {
        self.stallSeconds = stallSeconds
        self.maximumLag = maximumLag
        state = Mutex(State(lastTurn: .now))
    }

    /// Called by the loop once per turn.
    package func turned(assignedPartitions: Int, restoring: Bool, maximumLag: Int64?, at now: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.lastTurn = now
            $0.assignedPartitions = assignedPartitions
            $0.restoring = restoring
            $0.maximumLagSeen = maximumLag
        }
    }

    /// Called when the loop drains and leaves: no longer ready (still healthy while it drains).
    package func stopping() { state.withLock { $0.stopping = true } }

    /// `/healthz`: whether the loop turns, and why not.
    package func health(now: ContinuousClock.Instant = .now) -> (ok: Bool, reason: String) {
        let since = (now - state.withLock { $0.lastTurn }).inSeconds
        if since > stallSeconds {
            return (false, "stalled: the worker's loop last turned \(Int(since)) s ago (limit \(Int(stallSeconds)) s)")
        }
        return (true, "ok")
    }

    /// `/readyz`: whether the worker holds partitions, has restored them and has caught up.
    package func readiness(now: ContinuousClock.Instant = .now) -> (ok: Bool, reason: String) {
        let h = health(now: now)
        guard h.ok else { return h }
        let s = state.withLock { $0 }
        if s.stopping { return (false, "stopping") }
        if s.assignedPartitions == 0 { return (false, "no partitions assigned yet") }
        if s.restoring { return (false, "restoring partition state from snapshots") }
        guard let lag = s.maximumLagSeen else { return (false, "lag not known yet") }
        if lag > maximumLag { return (false, "catching up: lag \(lag) messages (ready at \(maximumLag) or fewer)") }
        return (true, "ok: \(s.assignedPartitions) partition(s), lag \(lag)")
    }
}
