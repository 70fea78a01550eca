/// Rebuilds snapshots from state records read in log order and keeps, per owner, the last one
/// that is complete (every chunk present, checksum right). Pure: the Kafka reading is in
/// ``StateStore``.
public struct SnapshotAssembler {
    public init() {}

    public struct Snapshot: Sendable {
        public var manifest: StateManifest
        public var payload: [UInt8]
    }

    private struct BuildKey: Hashable {
        var owner: StateOwner
        var snapshot: UInt64
    }

    private var building: [BuildKey: [UInt32: [UInt8]]] = [:]
    /// The last complete snapshot of each owner.
    public private(set) var latest: [StateOwner: Snapshot] = [:]
    /// Manifests whose chunks were missing or damaged (removed by retention, or two writers).
    public private(set) var incomplete: [StateManifest] = []

    /// Only owners this returns true for are kept (the others' chunks are not held in memory).
    public var wanted: (StateOwner) -> Bool = { _ in true }

    public mutating func add(_ record: StateRecord) {
        guard wanted(record.owner) else { return }
        switch record {
        case .chunk(let owner, let snapshot, let index, _, let data):
            building[BuildKey(owner: owner, snapshot: snapshot), default: [:]][index] = data
        case .manifest(let m):
            let key = BuildKey(owner: m.owner, snapshot: m.snapshot)
            let chunks = building.removeValue(forKey: key) ?? [:]
            // Earlier snapshots of this owner can no longer complete usefully.
            for k in building.keys where k.owner == m.owner && k.snapshot < m.snapshot { building[k] = nil }
            var payload: [UInt8] = []
            payload.reserveCapacity(Int(m.length))
            for i in 0..<m.chunkCount {
                guard let c = chunks[i] else {
                    incomplete.append(m)
                    return
                }
                payload += c
            }
            guard payload.count == m.length, StateRecord.checksum(payload) == m.checksum else {
                incomplete.append(m)
                return
            }
            latest[m.owner] = Snapshot(manifest: m, payload: payload)
        }
    }
}
