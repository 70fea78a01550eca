/// The eventIds of one (trust, service) seen within the deduplication horizon (SPEC section 1:
/// a duplicate is an `eventId` seen before while the key's event time is at most the first
/// copy's `occurredAt` + 7 days).
///
/// Two generations of eventId → first copy's `occurredAt`: `current` collects new ids; once the
/// key's event time is more than the horizon past the moment `current` was started, `previous`
/// is dropped whole and `current` becomes `previous`. Every id in the dropped generation was
/// first seen (and dated) before that start, so its horizon has passed: forgetting it changes
/// no answer. Dropping a whole dictionary avoids per-entry deletes (costly in Swift's
/// dictionary) and any eviction queue; the price is memory for one to two horizons of ids
/// (about 32 bytes per id — a dictionary bucket at load factor 3/4 — plus the id's heap storage
/// when it is longer than 15 UTF-8 bytes).
struct EventIdDeduplicator: Sendable {
    private var current = StringKeyTable<Int64>()
    private var previous = StringKeyTable<Int64>()
    /// The key's event time when `current` was started (µs).
    private var currentStart: Int64 = .min

    /// Number of eventIds remembered.
    var count: Int { current.count + previous.count }

    /// Whether `id` is a duplicate given the key's event time `keyTime` (which already includes
    /// this event); when it is not, remembers it with `occurredAt` as the first copy's time.
    mutating func isDuplicate(_ id: String, occurredAt: Int64, keyTime: Int64, horizon: Int64) -> Bool {
        if currentStart == .min {
            currentStart = keyTime
        } else if keyTime - currentStart > horizon {
            // The dropped generation's arrays are reused for the new one (no allocation).
            swap(&previous, &current)
            current.removeAll()
            currentStart = keyTime
        }
        if !previous.isEmpty, let first = previous[id], keyTime <= first + horizon {
            return true
        }
        if let entry = current.insertIfAbsent(id, occurredAt) {
            let first = current[entry: entry]
            if keyTime <= first + horizon { return true }
            current[entry: entry] = occurredAt
        }
        return false
    }
}

// MARK: State snapshot

extension EventIdDeduplicator {
    /// `currentStart:svar` then both generations (current, previous), each sorted by id:
    /// `count:uvar` then per id the front-coded id and its first `occurredAt` as a difference
    /// from the previous entry's.
    func writeSnapshot(to w: inout ByteWriter) {
        w.svar(currentStart)
        Self.write(current, to: &w)
        Self.write(previous, to: &w)
    }

    private static func write(_ generation: StringKeyTable<Int64>, to w: inout ByteWriter) {
        w.uvar(UInt64(generation.count))
        var previousKey: [UInt8] = []
        var previousTime: Int64 = 0
        for (key, time) in SnapshotCoding.sortedEntries(generation) {
            SnapshotCoding.writeFrontCoded(key, previous: previousKey, to: &w)
            SnapshotCoding.writeTime(time, previous: previousTime, to: &w)
            previousKey = key
            previousTime = time
        }
    }

    private static func read(_ r: inout ByteReader) throws(BinaryDecodingError) -> StringKeyTable<Int64> {
        let n = try r.count("eventId count")
        var generation = StringKeyTable<Int64>()
        generation.reserveCapacity(n)
        var buffer: [UInt8] = []
        var previousTime: Int64 = 0
        for _ in 0..<n {
            let id = try SnapshotCoding.readFrontCoded(&r, buffer: &buffer)
            previousTime = try SnapshotCoding.readTime(&r, previous: previousTime)
            guard generation.insertIfAbsent(id, previousTime) == nil else { throw .invalid("repeated eventId") }
        }
        return generation
    }

    /// Reads what ``writeSnapshot(to:)`` wrote.
    init(snapshot r: inout ByteReader) throws(BinaryDecodingError) {
        self.init()
        currentStart = try r.svar()
        current = try Self.read(&r)
        previous = try Self.read(&r)
    }
}
