import DequeModule
import WaitwatchCore

/// A double-ended queue of referral handles (slot and generation): a unit's list of referrals
/// waiting to be booked, oldest first. Entries whose referral has since been closed are
/// skipped by the reader (lazy deletion).
struct SimulationReferralQueue: Sendable {
    /// A referral slot and its generation when queued.
    struct Handle: Sendable, Hashable {
        var slot: Int32
        var generation: UInt32
    }

    private var entries = Deque<Handle>(minimumCapacity: 16)

    /// Number of entries (stale ones included).
    var count: Int { entries.count }

    /// Whether no entry is left.
    var isEmpty: Bool { entries.isEmpty }

    /// Appends at the back (newest).
    mutating func append(_ handle: Handle) { entries.append(handle) }

    /// Removes the front (oldest) entry.
    mutating func popFirst() -> Handle? { entries.popFirst() }

    /// Removes the back (newest) entry.
    mutating func popLast() -> Handle? { entries.popLast() }

    /// The entry at position `i` from the front (0 ..< count).
    subscript(i: Int) -> Handle { entries[i] }

    /// Keeps only the entries for which `isLive` holds, in order (drops stale entries).
    mutating func compact(keeping isLive: (Handle) -> Bool) {
        entries.removeAll { !isLive($0) }
    }
}
