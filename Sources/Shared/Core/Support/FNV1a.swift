/// FNV-1a, the project's one stable hash (unlike `Hasher`, the same in every process and
/// build): checksums of snapshots and state records, receipt hashes of referrals, and the
/// internal partition of a service.
public enum FNV1a {
    /// 64-bit FNV-1a over `bytes[start..<end]` (all of them by default).
    public static func hash64(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { b in
            for i in start..<(end ?? b.count) {
                h ^= UInt64(b[i])
                h = h &* 0x0000_0100_0000_01b3
            }
        }
        return h
    }

    /// 64-bit FNV-1a over the UTF-8 of `s`.
    public static func hash64(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// 32-bit FNV-1a over the UTF-8 of `s` (the service → internal partition mapping, which
    /// must stay what running clusters already hold).
    public static func hash32(_ s: String) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        return h
    }
}
