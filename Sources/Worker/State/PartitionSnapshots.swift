import Foundation
import Shared

/// What a snapshot of an input partition holds: the engine, the alert rules' state, the
/// original bytes of held events (for their dead letters), the contribution numbering (inside
/// the engine) and the offset of the next message to read.
struct InputPartitionSnapshot {
    static let version: UInt8 = 1

    var nextOffset: Int64
    var engine: [UInt8]
    var alerts: AlertSnapshot
    var held: [(offset: UInt64, key: [UInt8]?, value: [UInt8])]

    init(of input: InputPartition) throws {
        guard let next = input.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        nextOffset = next
        engine = input.engine.snapshotBytes()
        alerts = input.alerts.snapshot
        held = input.heldMessages.sorted { $0.key < $1.key }.map { ($0.key, $0.value.key, $0.value.value) }
    }

    func encoded() throws -> [UInt8] {
        var w = BinaryFieldWriter(capacity: engine.count + 1_024)
        w.u8(Self.version)
        w.i64(nextOffset)
        w.blob(engine)
        w.blob(try Self.alertEncoder.encode(alerts))
        w.u32(UInt32(held.count))
        for h in held {
            w.u64(h.offset)
            w.optionalBlob(h.key)
            w.blob(h.value)
        }
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var r = BinaryFieldReader(bytes)
        let version = try r.u8()
        guard version == Self.version else { throw SnapshotPayloadError("input snapshot version \(version) is not supported") }
        nextOffset = try r.i64()
        engine = try r.blob()
        alerts = try JSONDecoder().decode(AlertSnapshot.self, from: Data(try r.blob()))
        let n = Int(try r.u32())
        held = []
        for _ in 0..<n {
            held.append((try r.u64(), try r.optionalBlob(), try r.blob()))
        }
    }

    /// The partition this snapshot describes, ready to continue at ``nextOffset``.
    func restore(partition: Int32, settings: WorkerSettings) throws -> InputPartition {
        let input = InputPartition(partition: partition, configuration: settings.engine, alerts: settings.alerts)
        input.engine = try PartitionEngine(restoring: engine, partition: Int(partition), configuration: settings.engine)
        input.alerts = AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts)
        input.nextOffset = nextOffset
        for h in held { input.heldMessages[h.offset] = (h.key, h.value) }
        return input
    }

    static var alertEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }
}

/// What a snapshot of a national aggregator holds: the aggregator (with every input
/// partition's applied contribution number), the alert rules' state for `ALL`, and the offset of
/// the next internal message to read.
struct NationalPartitionSnapshot {
    static let version: UInt8 = 1

    var nextOffset: Int64
    var aggregator: [UInt8]
    var alerts: AlertSnapshot

    init(of slot: ContributionPartition) throws {
        guard let next = slot.nextOffset else { throw SnapshotPayloadError("the partition has not read anything yet") }
        nextOffset = next
        aggregator = slot.aggregator.snapshotBytes()
        alerts = slot.alerts.snapshot
    }

    func encoded() throws -> [UInt8] {
        var w = BinaryFieldWriter(capacity: aggregator.count + 1_024)
        w.u8(Self.version)
        w.i64(nextOffset)
        w.blob(aggregator)
        w.blob(try InputPartitionSnapshot.alertEncoder.encode(alerts))
        return w.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var r = BinaryFieldReader(bytes)
        let version = try r.u8()
        guard version == Self.version else { throw SnapshotPayloadError("national snapshot version \(version) is not supported") }
        nextOffset = try r.i64()
        aggregator = try r.blob()
        alerts = try JSONDecoder().decode(AlertSnapshot.self, from: Data(try r.blob()))
    }

    func restore(settings: WorkerSettings) throws -> ContributionPartition {
        let slot = ContributionPartition(
            aggregator: try AllAggregator(restoring: aggregator, configuration: settings.engine),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue, restoring: alerts))
        slot.nextOffset = nextOffset
        return slot
    }
}

struct SnapshotPayloadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
