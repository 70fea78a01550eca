/// Reads what ``ByteWriter`` writes, throwing on truncation or overflow.
///
/// Its errors are ``BinaryDecodingError``s; state snapshots map them to
/// ``StateSnapshotError``.
struct ByteReader {
    private let data: [UInt8]
    private var position = 0

    init(_ data: [UInt8]) { self.data = data }

    var remaining: Int { data.count - position }

    mutating func byte() throws(BinaryDecodingError) -> UInt8 {
        guard position < data.count else { throw .truncated }
        defer { position += 1 }
        return data[position]
    }

    mutating func bytes(_ n: Int) throws(BinaryDecodingError) -> ArraySlice<UInt8> {
        guard n <= remaining else { throw .truncated }
        defer { position += n }
        return data[position..<(position + n)]
    }

    mutating func uvar() throws(BinaryDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift < 63 || b <= 1 else { throw .invalid("varint") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func uvarBounded(_ limit: UInt64, _ what: String) throws(BinaryDecodingError) -> UInt64 {
        let v = try uvar()
        guard v <= limit else { throw .invalid(what) }
        return v
    }

    mutating func svar() throws(BinaryDecodingError) -> Int64 {
        let u = try uvar()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func day(_ what: String) throws(BinaryDecodingError) -> CivilDay {
        guard let d = Int32(exactly: try svar()) else { throw .invalid(what) }
        return CivilDay(daysSinceEpoch: d)
    }

    /// Zig-zag varint that must fit an `Int32`.
    mutating func svar32(_ what: String) throws(BinaryDecodingError) -> Int32 {
        guard let v = Int32(exactly: try svar()) else { throw .invalid(what) }
        return v
    }

    /// What ``ByteWriter/optionalSvar(_:)`` writes.
    mutating func optionalSvar(_ what: String) throws(BinaryDecodingError) -> Int64? {
        switch try byte() {
        case 0: return nil
        case 1: return try svar()
        default: throw .invalid(what)
        }
    }

    /// What ``ByteWriter/optionalSvar(_:)`` writes, for a value that must fit an `Int32`.
    mutating func optionalSvar32(_ what: String) throws(BinaryDecodingError) -> Int32? {
        guard let v = try optionalSvar(what) else { return nil }
        guard let v32 = Int32(exactly: v) else { throw .invalid(what) }
        return v32
    }

    /// A count of items that each take at least one byte (so it cannot exceed what remains).
    mutating func count(_ what: String) throws(BinaryDecodingError) -> Int {
        let n = try uvar()
        guard n <= UInt64(remaining) else { throw .invalid(what) }
        return Int(n)
    }

    /// What ``ByteWriter/blob(_:)`` writes.
    mutating func blob() throws(BinaryDecodingError) -> [UInt8] {
        let n = try uvar()
        guard n <= UInt64(remaining) else { throw .truncated }
        return Array(try bytes(Int(n)))
    }

    /// What ``ByteWriter/string(_:)`` writes (valid UTF-8).
    mutating func string(_ what: String) throws(BinaryDecodingError) -> String {
        let n = try uvar()
        guard n <= UInt64(remaining) else { throw .truncated }
        guard let s = String(validating: try bytes(Int(n)), as: UTF8.self) else { throw .invalid(what) }
        return s
    }

    /// 8 bytes, little-endian.
    mutating func u64le() throws(BinaryDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(data[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    /// 4 bytes, little-endian.
    mutating func u32le() throws(BinaryDecodingError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(data[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }
}
