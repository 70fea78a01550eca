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

    /// `magic tag:u8 ownerKind:u8 ownerPartition:svar snapshot:uvar`, then for a chunk
    /// `index:uvar count:uvar data:(uvar length, bytes)`, for a manifest `chunkCount:uvar
    /// length:uvar checksum:u64le position:svar createdAtMilliseconds:svar`.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.bytes(Self.magic)
        switch self {
        case .chunk(let owner, let snapshot, let index, let count, let data):
            w.out.reserveCapacity(data.count + 32)
            w.byte(Self.chunkTag)
            Self.write(owner, snapshot, into: &w)
            w.uvar(UInt64(index))
            w.uvar(UInt64(count))
            w.blob(data)
        case .manifest(let m):
            w.byte(Self.manifestTag)
            Self.write(m.owner, m.snapshot, into: &w)
            w.uvar(UInt64(m.chunkCount))
            w.uvar(m.length)
            w.u64le(m.checksum)
            w.svar(m.position)
            w.svar(m.createdAtMilliseconds)
        }
        return w.out
    }

    private static func write(_ owner: StateOwner, _ snapshot: UInt64, into w: inout ByteWriter) {
        w.byte(owner.kind.rawValue)
        w.svar(Int64(owner.partition))
        w.uvar(snapshot)
    }

    /// Decodes a state record; nil for bytes that are not one (another format or a tombstone).
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count > Self.magic.count, bytes.starts(with: Self.magic) else { return nil }
        var r = ByteReader(bytes)
        do throws(BinaryDecodingError) {
            _ = try r.bytes(Self.magic.count)
            let tag = try r.byte()
            guard let kind = StateOwner.Kind(rawValue: try r.byte()) else { return nil }
            let owner = StateOwner(kind: kind, partition: try r.svar32("partition"))
            let snapshot = try r.uvar()
            switch tag {
            case Self.chunkTag:
                let index = try r.uvarBounded(UInt64(UInt32.max), "chunk index")
                let count = try r.uvarBounded(UInt64(UInt32.max), "chunk count")
                self = .chunk(owner: owner, snapshot: snapshot, index: UInt32(index), count: UInt32(count), data: try r.blob())
            case Self.manifestTag:
                let count = try r.uvarBounded(UInt64(UInt32.max), "chunk count")
                self = .manifest(
                    StateManifest(
                        owner: owner, snapshot: snapshot, chunkCount: UInt32(count), length: try r.uvar(), checksum: try r.u64le(),
                        position: try r.svar(), createdAtMilliseconds: try r.svar()))
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// Splits a snapshot into its chunk records and manifest, in the order to write them.
    public static func records(
        owner: StateOwner, snapshot: UInt64, payload: [UInt8], position: Int64, createdAtMilliseconds: Int64, chunkSize: Int = 512 * 1024
    ) -> [StateRecord] {
        let count = max(1, (payload.count + chunkSize - 1) / chunkSize)
        var out: [StateRecord] = []
        for i in 0..<count {
            let from = i * chunkSize
            let to = min(payload.count, from + chunkSize)
            out.append(.chunk(owner: owner, snapshot: snapshot, index: UInt32(i), count: UInt32(count), data: Array(payload[from..<to])))
        }
        out.append(
            .manifest(
                StateManifest(
                    owner: owner, snapshot: snapshot, chunkCount: UInt32(count), length: UInt64(payload.count),
                    checksum: checksum(payload), position: position, createdAtMilliseconds: createdAtMilliseconds)))
        return out
    }

    /// The manifest's checksum of a payload (64-bit FNV-1a): detects chunks of two different
    /// writers mixed up.
    public static func checksum(_ bytes: [UInt8]) -> UInt64 { FNV1a.hash64(bytes) }
}
