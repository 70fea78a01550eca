import WaitwatchCore

/// The decoders of what the worker reads back from its internal topics: snapshots, state
/// records, national contributions, and the engine and aggregator states inside snapshots.
/// Whatever they accept must encode again and decode to the same value (no silent loss).
enum SnapshotFuzz {
    /// The configuration the seed snapshots were taken with (the default catalogue).
    static let configuration = EngineConfiguration()

    static func partitionStateSnapshot(_ bytes: [UInt8]) {
        guard let snapshot = try? PartitionStateSnapshot(decoding: bytes) else { return }
        guard let encoded = try? snapshot.encoded() else {
            return FuzzCheck.require(false, "a decoded snapshot cannot be encoded")
        }
        FuzzCheck.require((try? PartitionStateSnapshot(decoding: encoded)) == snapshot, "snapshot does not survive a round trip")
    }

    static func stateRecord(_ bytes: [UInt8]) {
        guard let record = StateRecord(decoding: bytes) else { return }
        FuzzCheck.require(StateRecord(decoding: record.encoded()) == record, "state record does not survive a round trip")
    }

    static func allContribution(_ bytes: [UInt8]) {
        guard let contribution = try? AllContribution(decoding: bytes) else { return }
        FuzzCheck.require(
            (try? AllContribution(decoding: contribution.encoded())) == contribution,
            "contribution does not survive a round trip")
    }

    static func engineRestore(_ bytes: [UInt8]) {
        guard let engine = try? PartitionEngine(restoring: bytes, partition: 0, configuration: configuration) else { return }
        let once = engine.snapshotBytes()
        guard let again = try? PartitionEngine(restoring: once, partition: 0, configuration: configuration) else {
            return FuzzCheck.require(false, "a restored engine's snapshot cannot be restored")
        }
        FuzzCheck.require(again.snapshotBytes() == once, "engine snapshot does not survive a round trip")
    }

    static func aggregatorRestore(_ bytes: [UInt8]) {
        guard let aggregator = try? AllAggregator(restoring: bytes, configuration: configuration) else { return }
        let once = aggregator.snapshotBytes()
        guard let again = try? AllAggregator(restoring: once, configuration: configuration) else {
            return FuzzCheck.require(false, "a restored aggregator's snapshot cannot be restored")
        }
        FuzzCheck.require(again.snapshotBytes() == once, "aggregator snapshot does not survive a round trip")
    }
}
