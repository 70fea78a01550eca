/// Strict UTF-8 validation of a byte buffer (RFC 3629): rejects overlong forms, UTF-16
/// surrogates (U+D800–U+DFFF), code points above U+10FFFF and truncated sequences.
///
/// Allocation-free, with an eight-bytes-at-a-time path for ASCII runs. Pure; safe from any
/// thread.
enum UTF8Validation {
    /// Whether `bytes` is entirely well-formed UTF-8.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            guard bytes[i] >= 0x80 else {
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            guard length > 0 else { return false }
            i += length
        }
        return true
    }

    /// The length (2–4) of the well-formed multi-byte UTF-8 sequence starting at `i`, or 0 if
    /// the bytes there are not one. `bytes[i]` must be 0x80 or above.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let n = bytes.count
        @inline(__always)
        func isContinuation(_ j: Int) -> Bool { j < n && bytes[j] & 0xC0 == 0x80 }
        let b0 = bytes[i]
        switch b0 {
        case 0xC2...0xDF:
            return isContinuation(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard isContinuation(i + 1), isContinuation(i + 2) else { return 0 }
            let b1 = bytes[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }  // overlong
            if b0 == 0xED && b1 >= 0xA0 { return 0 }  // UTF-16 surrogate
            return 3
        case 0xF0...0xF4:
            guard isContinuation(i + 1), isContinuation(i + 2), isContinuation(i + 3) else { return 0 }
            let b1 = bytes[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }  // overlong
            if b0 == 0xF4 && b1 >= 0x90 { return 0 }  // above U+10FFFF
            return 4
        default:
            return 0  // 0x80–0xC1, 0xF5–0xFF
        }
    }

    /// The number of Unicode code points in valid UTF-8 `bytes` (bytes that are not
    /// continuation bytes).
    static func codePointCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for b in bytes where b & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
