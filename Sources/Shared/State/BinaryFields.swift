/// Fixed-width big-endian fields and length-prefixed blobs, for the worker's own envelopes
/// (state records and partition snapshots).
public struct BinaryFieldWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    public mutating func u32(_ v: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    public mutating func u64(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }

    /// A 4-byte length, then the bytes.
    public mutating func blob(_ b: some Collection<UInt8>) {
        u32(UInt32(b.count))
        bytes.append(contentsOf: b)
    }

    /// A presence byte, then the blob if present.
    public mutating func optionalBlob(_ b: [UInt8]?) {
        if let b {
            u8(1)
            blob(b)
        } else {
            u8(0)
        }
    }
}

/// Reads what ``BinaryFieldWriter`` writes; throws ``BinaryFieldError`` on truncation.
public struct BinaryFieldReader {
    private let data: [UInt8]
    private var position: Int

    public init(_ data: [UInt8], from position: Int = 0) {
        self.data = data
        self.position = position
    }

    public var isAtEnd: Bool { position == data.count }

    public mutating func u8() throws(BinaryFieldError) -> UInt8 {
        guard position < data.count else { throw BinaryFieldError() }
        defer { position += 1 }
        return data[position]
    }

    public mutating func u32() throws(BinaryFieldError) -> UInt32 {
        guard data.count - position >= 4 else { throw BinaryFieldError() }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(data[position + i]) }
        position += 4
        return v
    }

    public mutating func u64() throws(BinaryFieldError) -> UInt64 {
        guard data.count - position >= 8 else { throw BinaryFieldError() }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(data[position + i]) }
        position += 8
        return v
    }

    public mutating func i64() throws(BinaryFieldError) -> Int64 { Int64(bitPattern: try u64()) }

    public mutating func blob() throws(BinaryFieldError) -> [UInt8] {
        let n = Int(try u32())
        guard data.count - position >= n else { throw BinaryFieldError() }
        defer { position += n }
        return Array(data[position..<(position + n)])
    }

    /// The rest of the data.
    public mutating func rest() -> ArraySlice<UInt8> {
        defer { position = data.count }
        return data[position...]
    }

    public mutating func optionalBlob() throws(BinaryFieldError) -> [UInt8]? {
        try u8() == 0 ? nil : try blob()
    }
}

/// Truncated or malformed binary fields.
public struct BinaryFieldError: Error, CustomStringConvertible {
    public var description: String { "truncated or malformed data" }
}
