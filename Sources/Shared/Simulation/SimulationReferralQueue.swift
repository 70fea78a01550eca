import WaitwatchCore

/// A double-ended queue of referral handles (slot and generation) on a ring buffer: a unit's
/// list of referrals waiting to be booked, oldest first. Entries whose referral has since
/// been closed are skipped by the reader (lazy deletion).
struct SimulationReferralQueue: Sendable {
    /// A referral slot and its generation when queued.
    struct Handle: Sendable, Hashable {
        var slot: Int32
        var generation: UInt32
    }

    private var buffer: [Handle] = Array(repeating: Handle(slot: -1, generation: 0), count: 16)
    private var head = 0
    /// Number of entries (stale ones included).
    private(set) var count = 0

    /// Whether no entry is left.
    var isEmpty: Bool { count == 0 }

    /// Appends at the back (newest).
    mutating func append(_ handle: Handle) {
        if count == buffer.count { grow() }
        buffer[(head + count) & (buffer.count - 1)] = handle
        count += 1
    }

    /// Removes the front (oldest) entry.
    mutating func popFirst() -> Handle? {
        guard count > 0 else { return nil }
        let h = buffer[head]
        head = (head + 1) & (buffer.count - 1)
        count -= 1
        return h
    }

    /// Removes the back (newest) entry.
    mutating func popLast() -> Handle? {
        guard count > 0 else { return nil }
        count -= 1
        return buffer[(head + count) & (buffer.count - 1)]
    }

    /// The entry at position `i` from the front (0 ..< count).
    subscript(i: Int) -> Handle {
        buffer[(head + i) & (buffer.count - 1)]
    }

    /// Keeps only the entries for which `isLive` holds, in order (drops stale entries).
    mutating func compact(keeping isLive: (Handle) -> Bool) {
        var kept: [Handle] = []
        kept.reserveCapacity(count)
        for i in 0..<count where isLive(self[i]) { kept.append(self[i]) }
        var capacity = 16
        while capacity < kept.count { capacity *= 2 }
        buffer = kept + Array(repeating: Handle(slot: -1, generation: 0), count: capacity - kept.count)
        head = 0
        count = kept.count
    }

    private mutating func grow() {
        var bigger = [Handle](repeating: Handle(slot: -1, generation: 0), count: buffer.count * 2)
        for i in 0..<count { bigger[i] = self[i] }
        buffer = bigger
        head = 0
    }
}
