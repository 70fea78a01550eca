import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// When the worker snapshots a partition's state (`run --snapshot-every`, `--snapshot-interval`).
package struct SnapshotPolicy: Sendable, Equatable {
    /// Messages read on a partition since its last snapshot that trigger the next one.
    package var everyMessages: Int = 100_000
    /// Seconds after a partition's last snapshot when the next is taken if it read anything.
    package var everySeconds: Double = 30

    package init(everyMessages: Int = 100_000, everySeconds: Double = 30) {
        self.everyMessages = everyMessages
        self.everySeconds = everySeconds
    }
}

/// A partition's snapshot bookkeeping.
package struct SnapshotProgress {
    /// The number of the last snapshot written or restored (numbers increase per owner).
    package var lastNumber: UInt64 = 0
    /// Messages read since the last snapshot was taken.
    package var changes = 0
    /// A snapshot is wanted at once (the state changed in a way a replay would not redo).
    package var requested = false
    package var lastTaken = ContinuousClock.now
    /// The size (MiB) of the largest snapshot warned about, so that a warning is not repeated.
    package var lastWarnedSize = 0
    /// A snapshot taken but not written yet: it is written once every output published before it
    /// was taken (message ids up to `after`) is acknowledged, so that a restore never skips an
    /// output that was lost.
    package var pending: (after: UInt64, records: [StateRecord], bytes: Int)?
    /// When the last snapshot was written and its size (for `/metrics`).
    package var lastWritten: (at: ContinuousClock.Instant, bytes: Int)?
    /// The position of the last snapshot written, not committed to the consumer group yet.
    package var positionToCommit: Int64?

    /// Whether the state changed since the last snapshot.
    package var hasChanged: Bool { changes > 0 || requested }

    package func isDue(_ policy: SnapshotPolicy, now: ContinuousClock.Instant) -> Bool {
        guard pending == nil, hasChanged else { return false }
        if requested || changes >= policy.everyMessages { return true }
        let d = now - lastTaken
        return d.inSeconds >= policy.everySeconds
    }
}
