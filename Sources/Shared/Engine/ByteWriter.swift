/// Appends LEB128 varints and raw bytes.
struct ByteWriter {
    var out: [UInt8] = []

    mutating func byte(_ b: UInt8) { out.append(b) }
    mutating func bytes(_ b: [UInt8]) { out.append(contentsOf: b) }

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
}
