/// The eventIds of one (trust, service) seen within the deduplication horizon (SPEC section 1:
/// a duplicate is an `eventId` seen before while the key's event time is at most the first
/// copy's `occurredAt` + 7 days).
///
/// Entries are kept in a dictionary (eventId → first copy's `occurredAt`) and in an
/// arrival-ordered queue; entries at the head of the queue whose horizon the key's event time has
/// passed are forgotten, so memory is bounded by the events of about 7 days (plus disorder).
/// Per event: about 56 bytes (dictionary bucket + queue entry) plus the id's heap storage,
/// shared by both when it is longer than 15 UTF-8 bytes.
struct EventIdDeduplicator: Sendable {
    private var firstSeen: [String: Int64] = [:]
    private var queue: [(id: String, occurredAt: Int64)] = []
    private var head = 0

    /// Number of eventIds remembered.
    var count: Int { firstSeen.count }

    /// Whether `id` is a duplicate given the key's event time `keyTime` (which already includes
    /// this event); when it is not, remembers it with `occurredAt` as the first copy's time.
    mutating func isDuplicate(_ id: String, occurredAt: Int64, keyTime: Int64, horizon: Int64) -> Bool {
        evict(keyTime: keyTime, horizon: horizon)
        if let first = firstSeen.updateValue(occurredAt, forKey: id) {
            if keyTime <= first + horizon {
                firstSeen[id] = first
                return true
            }
        }
        queue.append((id, occurredAt))
        return false
    }

    private mutating func evict(keyTime: Int64, horizon: Int64) {
        while head < queue.count && queue[head].occurredAt + horizon < keyTime {
            let entry = queue[head]
            if let current = firstSeen[entry.id], current == entry.occurredAt {
                firstSeen.removeValue(forKey: entry.id)
            }
            head += 1
        }
        if head >= 1024 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}
