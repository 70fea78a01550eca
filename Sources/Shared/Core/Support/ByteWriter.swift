/// Appends LEB128 varints and raw bytes (the encoding of ``AllContribution`` and of state
/// snapshots).
struct ByteWriter {
    var out: [UInt8] = []

    mutating func byte(_ b: UInt8) { out.append(b) }
    mutating func bytes(_ b: [UInt8]) { out.append(contentsOf: b) }
    mutating func bytes(_ b: ArraySlice<UInt8>) { out.append(contentsOf: b) }

    mutating func uvar(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Zig-zag signed varint.
    mutating func svar(_ value: Int64) {
        uvar(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A flag byte (0 = nil, 1 = present), then the value as a zig-zag varint.
    mutating func optionalSvar(_ value: Int64?) {
        if let v = value {
            byte(1)
            svar(v)
        } else {
            byte(0)
        }
    }

    /// Length (varint), then the bytes.
    mutating func blob(_ b: [UInt8]) {
        uvar(UInt64(b.count))
        out.append(contentsOf: b)
    }

    /// Length (varint), then the UTF-8 bytes.
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            uvar(UInt64(utf8.count))
            out.append(contentsOf: utf8)
        }
    }

    /// 8 bytes, little-endian.
    mutating func u64le(_ value: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    /// 4 bytes, little-endian.
    mutating func u32le(_ value: UInt32) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }
}
