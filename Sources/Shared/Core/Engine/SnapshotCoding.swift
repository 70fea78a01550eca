/// Helpers shared by the state snapshot encoders (see ``StateSnapshotError`` and
/// ``PartitionEngine/snapshotBytes()``).
enum SnapshotCoding {
    /// The entries of a dictionary keyed by strings, sorted by the UTF-8 bytes of their keys
    /// (a deterministic order, unlike the dictionary's own, which is seeded per process).
    static func sortedEntries<V>(_ d: [String: V]) -> [(key: [UInt8], value: V)] {
        var entries: [(key: [UInt8], value: V)] = []
        entries.reserveCapacity(d.count)
        for (k, v) in d { entries.append((Array(k.utf8), v)) }
        entries.sort { less($0.key, $1.key) }
        return entries
    }

    /// Byte-wise lexicographic order.
    @inline(__always)
    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }

    /// A key front-coded against the previous key of a sorted run:
    /// `sharedPrefix:uvar suffixLength:uvar suffix`.
    @inline(__always)
    static func writeFrontCoded(_ key: [UInt8], previous: [UInt8], to w: inout ByteWriter) {
        let shared = key.withUnsafeBufferPointer { x in
            previous.withUnsafeBufferPointer { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n && x[i] == y[i] { i += 1 }
                return i
            }
        }
        w.uvar(UInt64(shared))
        w.uvar(UInt64(key.count - shared))
        w.bytes(key[shared...])
    }

    /// Reads what ``writeFrontCoded(_:previous:to:)`` wrote; `buffer` holds the previous key's
    /// bytes and is left holding this one's.
    @inline(__always)
    static func readFrontCoded(_ r: inout ByteReader, buffer: inout [UInt8]) throws(BinaryDecodingError) -> String {
        let shared = try r.uvar()
        guard shared <= UInt64(buffer.count) else { throw .invalid("key prefix") }
        let suffix = try r.uvar()
        guard suffix <= UInt64(r.remaining) else { throw .truncated }
        buffer.removeLast(buffer.count - Int(shared))
        buffer.append(contentsOf: try r.bytes(Int(suffix)))
        guard let s = String(validating: buffer, as: UTF8.self) else { throw .invalid("key") }
        return s
    }

    /// An instant (µs) as a difference from `previous`: whole seconds as `uvar(zigzag(s) << 1)`,
    /// otherwise `uvar(1)` then the µs difference as a zig-zag varint. Wrapping arithmetic, so
    /// every value round-trips.
    @inline(__always)
    static func writeTime(_ t: Int64, previous: Int64, to w: inout ByteWriter) {
        let delta = t &- previous
        if delta % 1_000_000 == 0 {
            let s = delta / 1_000_000
            w.uvar(UInt64(bitPattern: (s << 1) ^ (s >> 63)) << 1)
        } else {
            w.uvar(1)
            w.svar(delta)
        }
    }

    /// Reads what ``writeTime(_:previous:to:)`` wrote.
    @inline(__always)
    static func readTime(_ r: inout ByteReader, previous: Int64) throws(BinaryDecodingError) -> Int64 {
        let head = try r.uvar()
        if head == 1 { return previous &+ (try r.svar()) }
        guard head & 1 == 0 else { throw .invalid("time") }
        let z = head >> 1
        let s = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
        let (delta, overflow) = s.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { throw .invalid("time") }
        return previous &+ delta
    }

    /// The UTC day of an instant (µs), rounding down: a London date is this or the next day, so
    /// dates are stored as a (usually zero) difference from it.
    @inline(__always)
    static func utcDay(_ t: Int64) -> Int64 {
        let d = t / 86_400_000_000
        return (t % 86_400_000_000 < 0) ? d - 1 : d
    }
}
