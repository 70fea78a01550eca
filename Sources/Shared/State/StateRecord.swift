/// A message on the state topic. A snapshot is written as chunks (small enough for any broker's
/// message size limit), then a manifest naming the chunk count and a checksum of the whole: a
/// snapshot counts only once its manifest is read after all its chunks.
///
/// Keys are `{owner}/{slot}/{chunk}` and `{owner}/manifest`, where the slot alternates between
/// consecutive snapshots: on a compacted topic, writing snapshot n+1 never overwrites the chunks
/// of snapshot n, so a crash half-way through n+1 leaves n whole.
public enum StateRecord: Equatable {
    case chunk(owner: StateOwner, snapshot: UInt64, index: UInt32, count: UInt32, data: [UInt8])
    case manifest(StateManifest)

    public static let magic: [UInt8] = Array("WWS1".utf8)
    public static let chunkTag: UInt8 = 1
    public static let manifestTag: UInt8 = 2

    public var owner: StateOwner {
        switch self {
        case .chunk(let owner, _, _, _, _): owner
        case .manifest(let m): m.owner
        }
    }

    public var key: String {
        switch self {
        case .chunk(let owner, let snapshot, let index, _, _): "\(owner.keyPrefix)/\(snapshot % 2)/\(index)"
        case .manifest(let m): "\(m.owner.keyPrefix)/manifest"
        }
    }

    public func encoded() -> [UInt8] {
        var w = BinaryFieldWriter()
        for b in Self.magic { w.u8(b) }
        switch self {
        case .chunk(let owner, let snapshot, let index, let count, let data):
            w.u8(Self.chunkTag)
            Self.write(owner, snapshot, into: &w)
            w.u32(index)
            w.u32(count)
            w.blob(data)
        case .manifest(let m):
            w.u8(Self.manifestTag)
            Self.write(m.owner, m.snapshot, into: &w)
            w.u32(m.chunkCount)
            w.u64(m.length)
            w.u64(m.checksum)
            w.i64(m.position)
            w.i64(m.createdAtMilliseconds)
        }
        return w.bytes
    }

    private static func write(_ owner: StateOwner, _ snapshot: UInt64, into w: inout BinaryFieldWriter) {
        w.u8(owner.kind.rawValue)
        w.u32(UInt32(bitPattern: owner.partition))
        w.u64(snapshot)
    }

    /// Decodes a state record; nil for bytes that are not one (another format or a tombstone).
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count > Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return nil }
        var r = BinaryFieldReader(bytes, from: Self.magic.count)
        do {
            let tag = try r.u8()
            guard let kind = StateOwner.Kind(rawValue: try r.u8()) else { return nil }
            let owner = StateOwner(kind: kind, partition: Int32(bitPattern: try r.u32()))
            let snapshot = try r.u64()
            switch tag {
            case Self.chunkTag:
                self = .chunk(owner: owner, snapshot: snapshot, index: try r.u32(), count: try r.u32(), data: try r.blob())
            case Self.manifestTag:
                self = .manifest(StateManifest(
                    owner: owner, snapshot: snapshot, chunkCount: try r.u32(), length: try r.u64(), checksum: try r.u64(),
                    position: try r.i64(), createdAtMilliseconds: try r.i64()))
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// Splits a snapshot into its chunk records and manifest, in the order to write them.
    public static func records(owner: StateOwner, snapshot: UInt64, payload: [UInt8], position: Int64, createdAtMilliseconds: Int64, chunkSize: Int = 512 * 1024) -> [StateRecord] {
        let count = max(1, (payload.count + chunkSize - 1) / chunkSize)
        var out: [StateRecord] = []
        for i in 0..<count {
            let from = i * chunkSize
            let to = min(payload.count, from + chunkSize)
            out.append(.chunk(owner: owner, snapshot: snapshot, index: UInt32(i), count: UInt32(count), data: Array(payload[from..<to])))
        }
        out.append(.manifest(StateManifest(
            owner: owner, snapshot: snapshot, chunkCount: UInt32(count), length: UInt64(payload.count),
            checksum: checksum(payload), position: position, createdAtMilliseconds: createdAtMilliseconds)))
        return out
    }

    /// FNV-1a, 64 bits: detects chunks of two different writers mixed up.
    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
