/// A partition of a topic.
public struct TopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A partition with an offset: a position to read from, or an offset to commit
/// (the offset of the next message to read, i.e. last processed + 1).
public struct TopicPartitionOffset: Sendable, Hashable {
    public var topicPartition: TopicPartition
    /// An offset, or one of the logical offsets ``beginning``, ``end``, ``stored``.
    public var offset: Int64

    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    /// Read from the oldest message the cluster still holds.
    public static let beginning: Int64 = -2
    /// Read only messages produced from now on.
    public static let end: Int64 = -1
    /// Read from the group's committed offset.
    public static let stored: Int64 = -1000
}

/// A change of the partitions assigned to this consumer by the group.
public enum RebalanceEvent: Sendable, Hashable {
    /// These partitions are now ours (with the cooperative protocol: in addition to the others).
    case assigned([TopicPartition])
    /// These partitions are taken from us; processing of them must stop before the handler returns.
    case revoked([TopicPartition])
    /// The partitions were lost without a clean revoke (session timed out, for example):
    /// their offsets can no longer be committed.
    case lost([TopicPartition])
}
