import NIOCore
import Synchronization

/// What every connection of one server shares: the draining flag, ACKs still owed, the
/// counters and the open channels (to close them at the end of a drain). Thread-safe.
final class MLLPServerState: Sendable {
    private struct Values {
        var draining = false
        var owed = 0
        var counters = MLLPCounters()
        var channels: [ObjectIdentifier: any Channel] = [:]
        var nextControlId: UInt64 = 1
    }

    private let values = Mutex(Values())

    var isDraining: Bool { values.withLock { $0.draining } }
    var owed: Int { values.withLock { $0.owed } }
    var counters: MLLPCounters { values.withLock { $0.counters } }

    func startDraining() { values.withLock { $0.draining = true } }

    func count(_ body: (inout MLLPCounters) -> Void) { values.withLock { body(&$0.counters) } }

    /// One more message whose ACK is not written yet.
    func owe() { values.withLock { $0.owed += 1 } }

    /// An ACK written (or its connection gone); counts its code.
    func paid(_ code: HL7AcknowledgementCode) {
        values.withLock { v in
            v.owed -= 1
            switch code {
            case .accept: v.counters.accepted += 1
            case .error: v.counters.errors += 1
            case .reject: v.counters.rejected += 1
            }
        }
    }

    /// A unique MSH-10 for our next ACK: `WW` and a prefix for this run, then a counter.
    func nextControlId(prefix: String) -> String {
        let n = values.withLock { v in
            defer { v.nextControlId += 1 }
            return v.nextControlId
        }
        return "WW\(prefix)\(n)"
    }

    func register(_ channel: any Channel) {
        values.withLock { $0.channels[ObjectIdentifier(channel)] = channel }
    }

    func unregister(_ channel: any Channel) {
        _ = values.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var openChannels: [any Channel] { values.withLock { Array($0.channels.values) } }
}
