/// Whose state a snapshot holds: an input partition's (engine, alerts, held messages) or a
/// national aggregator's (one partition of the internal contributions topic).
public struct StateOwner: Hashable, Sendable, CustomStringConvertible {
    public init(kind: Kind, partition: Int32) {
        self.kind = kind
        self.partition = partition
    }

    public enum Kind: UInt8, Sendable {
        case input = 1
        case national = 2
    }

    public var kind: Kind
    public var partition: Int32

    /// The prefix of its keys on the state topic.
    public var keyPrefix: String { kind == .input ? "input/\(partition)" : "national/\(partition)" }

    public var description: String { kind == .input ? "input partition \(partition)" : "national partition \(partition)" }

    /// The state topic partition its snapshots go to.
    public func statePartition(count: Int) -> Int32 { Int32(Int(partition) % max(1, count)) }
}
