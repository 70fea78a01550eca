/// Reads what ``ByteWriter`` writes, throwing on truncation or overflow.
struct ByteReader {
    private let data: [UInt8]
    private var position = 0

    init(_ data: [UInt8]) { self.data = data }

    var remaining: Int { data.count - position }

    mutating func byte() throws(ContributionDecodingError) -> UInt8 {
        guard position < data.count else { throw .truncated }
        defer { position += 1 }
        return data[position]
    }

    mutating func bytes(_ n: Int) throws(ContributionDecodingError) -> ArraySlice<UInt8> {
        guard n <= remaining else { throw .truncated }
        defer { position += n }
        return data[position..<(position + n)]
    }

    mutating func uvar() throws(ContributionDecodingError) -> UInt64 {
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

    mutating func uvarBounded(_ limit: UInt64, _ what: String) throws(ContributionDecodingError) -> UInt64 {
        let v = try uvar()
        guard v <= limit else { throw .invalid(what) }
        return v
    }

    mutating func svar() throws(ContributionDecodingError) -> Int64 {
        let u = try uvar()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func day(_ what: String) throws(ContributionDecodingError) -> CivilDay {
        guard let d = Int32(exactly: try svar()) else { throw .invalid(what) }
        return CivilDay(daysSinceEpoch: d)
    }
}
