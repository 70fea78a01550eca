import Foundation

/// The payload of a partition's snapshot on the state topic: the offset of the next message to
/// read, the state (a ``PartitionEngine`` snapshot for an input partition, an ``AllAggregator``
/// snapshot for a national one), the alert rules' state, and for an input partition the original
/// key and bytes of the events its engine holds (for their dead letters).
///
/// Layout: `version:u8 nextOffset:svar state:(uvar length, bytes) alerts:(uvar length, JSON)
/// heldCount:uvar` then per held message `offset:uvar hasKey:u8 [key:(uvar length, bytes)]
/// value:(uvar length, bytes)`.
public struct PartitionStateSnapshot: Sendable, Equatable {
    /// Original bytes of an event held for a referral not received yet.
    public struct HeldMessage: Sendable, Equatable {
        public var offset: UInt64
        public var key: [UInt8]?
        public var value: [UInt8]

        public init(offset: UInt64, key: [UInt8]?, value: [UInt8]) {
            self.offset = offset
            self.key = key
            self.value = value
        }
    }

    static let version: UInt8 = 1

    public var nextOffset: Int64
    public var state: [UInt8]
    public var alerts: AlertSnapshot
    public var held: [HeldMessage]

    public init(nextOffset: Int64, state: [UInt8], alerts: AlertSnapshot, held: [HeldMessage] = []) {
        self.nextOffset = nextOffset
        self.state = state
        self.alerts = alerts
        self.held = held.sorted { $0.offset < $1.offset }
    }

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var w = ByteWriter()
        w.out.reserveCapacity(state.count + 1_024)
        w.byte(Self.version)
        w.svar(nextOffset)
        w.blob(state)
        w.blob(Array(try encoder.encode(alerts)))
        w.uvar(UInt64(held.count))
        for h in held {
            w.uvar(h.offset)
            if let key = h.key {
                w.byte(1)
                w.blob(key)
            } else {
                w.byte(0)
            }
            w.blob(h.value)
        }
        return w.out
    }

    public init(decoding bytes: [UInt8]) throws(StateSnapshotError) {
        guard let version = bytes.first else { throw StateSnapshotError(.truncated) }
        guard version == Self.version else { throw StateSnapshotError(.unsupportedVersion(version)) }
        var r = ByteReader(bytes)
        var alertBytes: [UInt8] = []
        do throws(BinaryDecodingError) {
            _ = try r.byte()
            nextOffset = try r.svar()
            state = try r.blob()
            alertBytes = try r.blob()
            held = []
            for _ in 0..<(try r.count("held messages")) {
                let offset = try r.uvar()
                let key: [UInt8]? = try r.byte() == 0 ? nil : try r.blob()
                held.append(HeldMessage(offset: offset, key: key, value: try r.blob()))
            }
            guard r.remaining == 0 else { throw BinaryDecodingError.trailingBytes(r.remaining) }
        } catch {
            throw StateSnapshotError(reading: error)
        }
        do {
            alerts = try JSONDecoder().decode(AlertSnapshot.self, from: Data(alertBytes))
        } catch {
            throw StateSnapshotError(.corrupt("alert state: \(error)"))
        }
    }
}
