/// A growable histogram of counts indexed by a day number (or by a length in days), with a
/// Fenwick tree so that prefix sums and rank searches cost O(log n) whatever the counts are.
///
/// Bins start at `base`; adding to a bin before `base` rebases (rebuild, O(capacity)), adding
/// past the end doubles the capacity (rebuild). The capacity is a power of two so that
/// ``lowerBound(_:)`` can descend the tree. Queries assume every bin they cover is non-negative
/// (true whenever all of a day's effects have been applied).
///
/// Memory: 16 bytes per bin of capacity (raw count + tree node), independent of the counts.
struct DayHistogram: Sendable {
    private(set) var base: Int32 = 0
    private var raw: [Int64] = []
    /// 1-based Fenwick tree over `raw`; `tree.count == raw.count + 1` once allocated.
    private var tree: [Int64] = []
    /// Sum of all bins.
    private(set) var total: Int64 = 0

    private var capacity: Int { raw.count }

    /// Adds `delta` to the bin of `day`.
    mutating func add(_ day: Int32, _ delta: Int64) {
        if delta == 0 { return }
        if capacity == 0 {
            rebuild(base: day, capacity: 64)
        } else if day < base {
            let span = Int(base - day) + capacity
            rebuild(base: day - Int32(min(capacity, 1 << 20) / 4), capacity: Self.powerOfTwo(atLeast: span + capacity / 4))
        } else if Int(day - base) >= capacity {
            rebuild(base: base, capacity: Self.powerOfTwo(atLeast: Int(day - base) + 1))
        }
        total += delta
        let offset = Int(day - base)
        raw[offset] += delta
        var i = offset + 1
        let n = tree.count
        while i < n {
            tree[i] += delta
            i += i & (-i)
        }
    }

    /// The sum of all bins `<= day`.
    func prefix(through day: Int32) -> Int64 {
        if capacity == 0 || day < base { return 0 }
        let offset = Int(day - base)
        if offset >= capacity - 1 { return total }
        var i = offset + 1
        var s: Int64 = 0
        while i > 0 {
            s += tree[i]
            i -= i & (-i)
        }
        return s
    }

    /// The smallest day whose prefix sum is `>= target` (`1 <= target <= total`).
    func lowerBound(_ target: Int64) -> Int32 {
        var pos = 0
        var remaining = target
        var step = capacity
        while step > 0 {
            let next = pos + step
            if next < tree.count && tree[next] < remaining {
                pos = next
                remaining -= tree[next]
            }
            step >>= 1
        }
        // `pos` is the number of bins whose cumulative sum stays below target.
        return base + Int32(pos)
    }

    /// The smallest day with a non-zero count, or nil when the histogram is empty.
    var lowestOccupied: Int32? { total > 0 ? lowerBound(1) : nil }

    /// Releases leading empty bins when they make up more than half the capacity, so a
    /// histogram of received days does not grow with the age of the stream.
    mutating func compact() {
        guard capacity > 256 else { return }
        guard let low = lowestOccupied else {
            self = DayHistogram()
            return
        }
        if Int(low - base) > capacity / 2 {
            rebuild(base: low, capacity: capacity)
        }
    }

    private mutating func rebuild(base newBase: Int32, capacity newCapacity: Int) {
        var newRaw = [Int64](repeating: 0, count: newCapacity)
        for (i, v) in raw.enumerated() where v != 0 {
            let day = base + Int32(i)
            newRaw[Int(day - newBase)] = v
        }
        var newTree = [Int64](repeating: 0, count: newCapacity + 1)
        for i in 1...newCapacity {
            newTree[i] += newRaw[i - 1]
            let parent = i + (i & (-i))
            if parent <= newCapacity { newTree[parent] += newTree[i] }
        }
        base = newBase
        raw = newRaw
        tree = newTree
    }

    private static func powerOfTwo(atLeast n: Int) -> Int {
        var c = 64
        while c < n { c <<= 1 }
        return c
    }
}

// MARK: State snapshot

extension DayHistogram {
    /// Layout (base, capacity) and the non-zero bins: `base:svar capacity:uvar nonZero:uvar`
    /// then per bin `offsetGap:uvar value:svar` (the tree and the total are rebuilt).
    func writeSnapshot(to w: inout ByteWriter) {
        w.svar(Int64(base))
        w.uvar(UInt64(capacity))
        var nonZero = 0
        for v in raw where v != 0 { nonZero += 1 }
        w.uvar(UInt64(nonZero))
        var previous = -1
        for (i, v) in raw.enumerated() where v != 0 {
            w.uvar(UInt64(i - previous - 1))
            w.svar(v)
            previous = i
        }
    }

    /// Reads what ``writeSnapshot(to:)`` wrote.
    init(snapshot r: inout ByteReader) throws(BinaryDecodingError) {
        let base = try r.svar32("histogram base")
        let capacity = try r.uvarBounded(1 << 28, "histogram capacity")
        guard capacity == 0 || (capacity >= 64 && capacity & (capacity - 1) == 0) else {
            throw .invalid("histogram capacity")
        }
        let nonZero = try r.count("histogram bins")
        guard UInt64(nonZero) <= capacity else { throw .invalid("histogram bins") }
        self.init()
        guard capacity > 0 else {
            guard base == 0 else { throw .invalid("histogram base") }
            return
        }
        var raw = [Int64](repeating: 0, count: Int(capacity))
        var index = -1
        for _ in 0..<nonZero {
            let gap = try r.uvarBounded(capacity, "histogram bin")
            index += Int(gap) + 1
            guard index < raw.count else { throw .invalid("histogram bin") }
            let v = try r.svar()
            guard v != 0 else { throw .invalid("histogram bin value") }
            raw[index] = v
        }
        var tree = [Int64](repeating: 0, count: raw.count + 1)
        var total: Int64 = 0
        for i in 1...raw.count {
            total &+= raw[i - 1]
            tree[i] &+= raw[i - 1]
            let parent = i + (i & (-i))
            if parent <= raw.count { tree[parent] &+= tree[i] }
        }
        self.base = base
        self.raw = raw
        self.tree = tree
        self.total = total
    }
}
