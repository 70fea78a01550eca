/// Fast equality of short byte strings (field names, enumerated values, codes), eight
/// bytes at a time. Pure; safe from any thread.
enum ByteComparison {
    /// Whether `bytes` equals the UTF-8 of `literal`.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return equalPrefix(bytes, UnsafeRawPointer(literal.utf8Start), count: bytes.count)
    }

    /// Whether two byte buffers are equal.
    @inline(__always)
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let other = b.baseAddress else { return true }
        return equalPrefix(a, other, count: a.count)
    }

    /// Whether the first `count` bytes of `a` (which has at least `count`) equal those at `b`.
    @inline(__always)
    private static func equalPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawPointer, count n: Int) -> Bool {
        guard n > 0, let p = a.baseAddress else { return true }
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                if p.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            // The last, overlapping, eight bytes.
            return i == n
                || p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return p.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for i in 0..<n where p.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
            return false
        }
        return true
    }
}
