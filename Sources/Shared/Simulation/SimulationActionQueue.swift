import WaitwatchCore

/// The simulation's future-event list: a 4-ary min-heap of ``SimulationAction``s ordered by
/// (`time`, `sequence`). Sequence numbers are assigned here, so actions scheduled for the
/// same instant run in the order they were scheduled. (Four children per node: half the
/// depth of a binary heap, and siblings share a cache line or two.)
struct SimulationActionQueue: Sendable {
    private var heap: [SimulationAction] = []
    private var nextSequence: UInt64 = 0

    /// Number of pending actions.
    var count: Int { heap.count }

    /// Schedules an action (its `sequence` is overwritten).
    mutating func push(_ action: SimulationAction) {
        var action = action
        action.sequence = nextSequence
        nextSequence += 1
        heap.append(action)
        heap.withUnsafeMutableBufferPointer { h in
            var child = h.count - 1
            while child > 0 {
                let parent = (child - 1) / 4
                guard action.precedes(h[parent]) else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = action
        }
    }

    /// Removes and returns the earliest action, or nil when none is pending.
    mutating func pop() -> SimulationAction? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { h in
            let top = h[0]
            let count = h.count
            var parent = 0
            while true {
                let first = 4 * parent + 1
                guard first < count else { break }
                var best = first
                var c = first + 1
                let end = min(first + 4, count)
                while c < end {
                    if h[c].precedes(h[best]) { best = c }
                    c += 1
                }
                guard h[best].precedes(last) else { break }
                h[parent] = h[best]
                parent = best
            }
            h[parent] = last
            return top
        }
    }
}
