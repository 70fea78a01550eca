import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct StateRecordTests {
    let owner = StateOwner(kind: .input, partition: 7)

    func payload(_ n: Int, seed: UInt8) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed } }

    @Test func chunksAndManifestRoundTrip() throws {
        let records = StateRecord.records(
            owner: owner, snapshot: 3, payload: payload(2_500, seed: 1), position: 42, createdAtMilliseconds: 9, chunkSize: 1_000)
        #expect(records.count == 4)
        for r in records { #expect(StateRecord(decoding: r.encoded()) == r) }
        guard case .manifest(let m) = records.last else { Issue.record("the manifest is not last"); return }
        #expect(m.chunkCount == 3 && m.length == 2_500 && m.position == 42 && m.snapshot == 3)
        #expect(records.map(\.key) == ["input/7/1/0", "input/7/1/1", "input/7/1/2", "input/7/manifest"])
        let next = StateRecord.records(owner: owner, snapshot: 4, payload: [1], position: 43, createdAtMilliseconds: 9)
        #expect(next.map(\.key) == ["input/7/0/0", "input/7/manifest"])
    }

    @Test func otherBytesAreNotStateRecords() {
        #expect(StateRecord(decoding: Array("{\"not\":\"state\"}".utf8)) == nil)
        #expect(StateRecord(decoding: []) == nil)
        let r = StateRecord.records(owner: owner, snapshot: 1, payload: payload(10, seed: 0), position: 0, createdAtMilliseconds: 0)[0]
            .encoded()
        #expect(StateRecord(decoding: Array(r.dropLast(3))) == nil)
    }

    @Test func theLastCompleteSnapshotWins() {
        var a = SnapshotAssembler()
        let first = payload(3_000, seed: 1), second = payload(2_000, seed: 2)
        for r in StateRecord.records(owner: owner, snapshot: 1, payload: first, position: 10, createdAtMilliseconds: 0, chunkSize: 1_000) {
            a.add(r)
        }
        #expect(a.latest[owner]?.payload == first)
        for r in StateRecord.records(owner: owner, snapshot: 2, payload: second, position: 20, createdAtMilliseconds: 0, chunkSize: 1_000) {
            a.add(r)
        }
        #expect(a.latest[owner]?.payload == second)
        #expect(a.latest[owner]?.manifest.position == 20)
    }

    @Test func aSnapshotCutShortLeavesTheEarlierOne() {
        var a = SnapshotAssembler()
        let first = payload(3_000, seed: 1)
        for r in StateRecord.records(owner: owner, snapshot: 1, payload: first, position: 10, createdAtMilliseconds: 0, chunkSize: 1_000) {
            a.add(r)
        }
        // The writer died after two chunks of the next snapshot.
        for r in StateRecord.records(
            owner: owner, snapshot: 2, payload: payload(3_000, seed: 5), position: 20, createdAtMilliseconds: 0, chunkSize: 1_000
        ).prefix(2) { a.add(r) }
        #expect(a.latest[owner]?.manifest.snapshot == 1)
        #expect(a.latest[owner]?.payload == first)
    }

    @Test func missingOrMixedChunksAreReportedNotUsed() {
        var a = SnapshotAssembler()
        var records = StateRecord.records(
            owner: owner, snapshot: 1, payload: payload(3_000, seed: 1), position: 10, createdAtMilliseconds: 0, chunkSize: 1_000)
        records.remove(at: 0)  // removed by retention
        for r in records { a.add(r) }
        #expect(a.latest[owner] == nil)
        #expect(a.incomplete.map(\.snapshot) == [1])
        // Two writers of the same snapshot number: chunks mixed, the checksum tells.
        var b = SnapshotAssembler()
        let x = StateRecord.records(
            owner: owner, snapshot: 5, payload: payload(2_000, seed: 1), position: 1, createdAtMilliseconds: 0, chunkSize: 1_000)
        let y = StateRecord.records(
            owner: owner, snapshot: 5, payload: payload(2_000, seed: 9), position: 2, createdAtMilliseconds: 0, chunkSize: 1_000)
        for r in [x[0], y[1], x[2]] { b.add(r) }
        #expect(b.latest[owner] == nil)
        #expect(b.incomplete.count == 1)
    }

    /// What a compacted topic keeps (the newest record of each key, in log order) still holds
    /// a whole snapshot when the writer died half-way through the next one.
    @Test func compactionKeepsAWholeSnapshot() {
        var log: [StateRecord] = []
        for n in 1...5 {
            log += StateRecord.records(
                owner: owner, snapshot: UInt64(n), payload: payload(2_500 + n * 300, seed: UInt8(n)), position: Int64(n),
                createdAtMilliseconds: 0, chunkSize: 1_000)
        }
        log += StateRecord.records(
            owner: owner, snapshot: 6, payload: payload(4_000, seed: 6), position: 6, createdAtMilliseconds: 0, chunkSize: 1_000
        ).prefix(3)
        var lastIndex: [String: Int] = [:]
        for (i, r) in log.enumerated() { lastIndex[r.key] = i }
        let compacted = log.enumerated().filter { lastIndex[$0.element.key] == $0.offset }.map(\.element)
        var a = SnapshotAssembler()
        for r in compacted { a.add(r) }
        #expect(a.latest[owner]?.manifest.snapshot == 5)
        #expect(a.latest[owner]?.payload == payload(2_500 + 5 * 300, seed: 5))
    }

    @Test func ownersAreKeptApartAndFiltered() {
        let other = StateOwner(kind: .national, partition: 7)
        var a = SnapshotAssembler()
        a.wanted = { $0 == other }
        let mine = StateRecord.records(
            owner: owner, snapshot: 1, payload: payload(1_500, seed: 1), position: 1, createdAtMilliseconds: 0, chunkSize: 1_000)
        let theirs = StateRecord.records(
            owner: other, snapshot: 1, payload: payload(1_500, seed: 2), position: 2, createdAtMilliseconds: 0, chunkSize: 1_000)
        for (r, s) in zip(mine, theirs) { a.add(r); a.add(s) }
        #expect(a.latest[owner] == nil)
        #expect(a.latest[other]?.payload == payload(1_500, seed: 2))
        #expect(owner.keyPrefix != other.keyPrefix)
    }

    @Test func partitionPayloadRoundTripsAndRefusesDamage() throws {
        let snapshot = PartitionStateSnapshot(
            nextOffset: 12_345, state: payload(300, seed: 4), alerts: AlertSnapshot(),
            held: [.init(offset: 9, key: nil, value: [1, 2]), .init(offset: 3, key: Array("RAJ/SALT".utf8), value: [7])])
        let bytes = try snapshot.encoded()
        #expect(try PartitionStateSnapshot(decoding: bytes) == snapshot)
        #expect(snapshot.held.map(\.offset) == [3, 9])
        #expect(throws: StateSnapshotError.self) { try PartitionStateSnapshot(decoding: Array(bytes.dropLast(2))) }
        #expect(throws: StateSnapshotError.self) { try PartitionStateSnapshot(decoding: [99] + bytes.dropFirst()) }
        #expect(throws: StateSnapshotError.self) { try PartitionStateSnapshot(decoding: bytes + [0]) }
    }
}
