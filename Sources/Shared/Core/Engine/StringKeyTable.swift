/// A hash table keyed by `String` for the engine's hot maps (referrals by `referralId`, eventIds
/// for deduplication, trusts): the same answers as a `[String: Value]`, for less work per lookup.
///
/// Why not `Dictionary`: hashing a `String` with the standard library's seeded SipHash costs a
/// `Hasher` set-up, one call per byte run and a finalisation on every lookup, and growing the
/// dictionary rehashes every key that way. Here a key's hash is a few multiplications over its
/// UTF-8 bytes, 8 at a time; it is computed once per lookup and stored with the entry, so growing
/// the index never looks at a key again, and a probe compares stored hashes before keys. Keys
/// are always compared in full (`==`), so a hash collision costs time, never a wrong answer.
///
/// Layout ("compact dictionary"): the entries live in dense arrays in insertion order (`keys`,
/// `values`, `hashes`); `index` is an open-addressing table (linear probing, power-of-two size,
/// load at most 1/2) of entry numbers + 1 (0 is empty). Entry numbers stay valid until
/// ``removeAll(where:)`` compacts the arrays.
///
/// Memory per entry: the key (16 bytes, plus heap storage for a key over 15 UTF-8 bytes), the
/// value, 4 bytes of hash and 8–16 bytes of index, times the spare capacity of the arrays.
///
/// The hash is seeded per table (a random seed, like `Dictionary`'s per-process seed), so input
/// crafted to collide in one process does not collide in another. Iteration order is insertion
/// order, whatever the seed.
struct StringKeyTable<Value: Sendable>: Sendable {
    private(set) var keys: [String] = []
    private(set) var values: [Value] = []
    private var hashes: [UInt32] = []
    /// Entry number + 1 per slot; 0 is an empty slot. Empty until the first insertion.
    private var index: [UInt32] = []
    private let seed: UInt64

    /// An empty table.
    init() {
        var g = SystemRandomNumberGenerator()
        seed = g.next() | 1
    }

    /// An empty table with the same seed as `other` and room for `capacity` entries.
    init(sameSeedAs other: StringKeyTable, capacity: Int) {
        seed = other.seed
        reserveCapacity(capacity)
    }

    /// Number of entries.
    var count: Int { keys.count }

    /// Whether the table is empty.
    var isEmpty: Bool { keys.isEmpty }

    /// Makes room for `n` entries without growing.
    mutating func reserveCapacity(_ n: Int) {
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
        hashes.reserveCapacity(n)
        let size = Self.indexSize(for: n)
        if size > index.count { rebuildIndex(size: size) }
    }

    /// The entry number of `key`, or nil.
    @inline(__always)
    func find(_ key: String) -> Int? {
        find(key, hash: hash(key)).entry
    }

    /// The value for `key`, or nil.
    @inline(__always)
    subscript(key: String) -> Value? {
        find(key).map { values[$0] }
    }

    /// The value of entry `entry` (from ``find(_:)`` or ``insertIfAbsent(_:_:)``).
    @inline(__always)
    subscript(entry entry: Int) -> Value {
        get { values[entry] }
        set { values[entry] = newValue }
    }

    /// Adds `key` with `value` when it is absent and returns nil; otherwise changes nothing and
    /// returns the entry number of the existing key. One hash and one probe sequence either way.
    @inline(__always)
    mutating func insertIfAbsent(_ key: String, _ value: Value) -> Int? {
        let h = hash(key)
        let (found, slot) = find(key, hash: h)
        if let found { return found }
        append(key, value, hash: h, slot: slot)
        return nil
    }

    /// Sets the value of `key` (adding it when absent).
    mutating func set(_ key: String, _ value: Value) {
        let h = hash(key)
        let (found, slot) = find(key, hash: h)
        if let found {
            values[found] = value
        } else {
            append(key, value, hash: h, slot: slot)
        }
    }

    /// Removes every entry for which `remove` is true, keeping the others in insertion order
    /// (O(count); entry numbers change).
    mutating func removeAll(where remove: (String, Value) -> Bool) {
        var kept = 0
        for i in keys.indices where !remove(keys[i], values[i]) {
            if kept != i {
                keys.swapAt(kept, i)
                values.swapAt(kept, i)
                hashes.swapAt(kept, i)
            }
            kept += 1
        }
        guard kept < keys.count else { return }
        keys.removeLast(keys.count - kept)
        values.removeLast(values.count - kept)
        hashes.removeLast(hashes.count - kept)
        rebuildIndex(size: index.count)
    }

    /// Removes every entry, keeping the arrays' capacity.
    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for i in index.indices { index[i] = 0 }
    }

    // MARK: Internals

    /// The seeded hash of a key's UTF-8 bytes, 8 bytes per step (a multiply-xorshift mix).
    @inline(__always)
    private func hash(_ key: String) -> UInt32 {
        var key = key
        let seed = self.seed
        return key.withUTF8 { b -> UInt32 in
            var h = seed ^ (UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15)
            guard let base = b.baseAddress else { return Self.finish(h) }
            let raw = UnsafeRawPointer(base)
            var i = 0
            let n = b.count
            while i + 8 <= n {
                h = Self.mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            if i < n {
                var tail: UInt64 = 0
                var shift: UInt64 = 0
                while i < n {
                    tail |= UInt64(b[i]) << shift
                    shift += 8
                    i += 1
                }
                h = Self.mix(h ^ tail)
            }
            return Self.finish(h)
        }
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        let m = x &* 0xBF58_476D_1CE4_E5B9
        return (m ^ (m >> 29)) &* 0x94D0_49BB_1331_11EB
    }

    @inline(__always)
    private static func finish(_ h: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (h ^ (h >> 32)))
    }

    /// The entry of `key` if present, and the slot where the probe ended (where to insert).
    @inline(__always)
    private func find(_ key: String, hash h: UInt32) -> (entry: Int?, slot: Int) {
        if index.isEmpty { return (nil, -1) }
        let mask = index.count - 1
        var slot = Int(h) & mask
        while true {
            let e = index[slot]
            if e == 0 { return (nil, slot) }
            let entry = Int(e &- 1)
            if hashes[entry] == h && keys[entry] == key { return (entry, slot) }
            slot = (slot &+ 1) & mask
        }
    }

    private mutating func append(_ key: String, _ value: Value, hash h: UInt32, slot: Int) {
        let entry = keys.count
        keys.append(key)
        values.append(value)
        hashes.append(h)
        if slot >= 0 && (entry + 1) * 2 <= index.count {
            index[slot] = UInt32(entry + 1)
        } else {
            rebuildIndex(size: Self.indexSize(for: entry + 1))
        }
    }

    /// The index size for `n` entries: a power of two, at least 8, load at most 1/2.
    private static func indexSize(for n: Int) -> Int {
        var size = 8
        while size < n * 2 { size <<= 1 }
        return size
    }

    /// Rebuilds the index at `size` slots from the stored hashes (no key is hashed again).
    private mutating func rebuildIndex(size: Int) {
        let size = max(size, Self.indexSize(for: keys.count))
        if index.count == size {
            for i in index.indices { index[i] = 0 }
        } else {
            index = [UInt32](repeating: 0, count: size)
        }
        let mask = size - 1
        index.withUnsafeMutableBufferPointer { slots in
            for entry in hashes.indices {
                var slot = Int(hashes[entry]) & mask
                while slots[slot] != 0 { slot = (slot &+ 1) & mask }
                slots[slot] = UInt32(entry + 1)
            }
        }
    }
}

extension SnapshotCoding {
    /// The entries of a ``StringKeyTable``, sorted by the UTF-8 bytes of their keys (the order
    /// ``sortedEntries(_:)`` gives for a dictionary with the same entries).
    static func sortedEntries<V>(_ table: StringKeyTable<V>) -> [(key: [UInt8], value: V)] {
        var entries: [(key: [UInt8], value: V)] = []
        entries.reserveCapacity(table.count)
        for i in 0..<table.count { entries.append((Array(table.keys[i].utf8), table.values[i])) }
        entries.sort { less($0.key, $1.key) }
        return entries
    }
}
