/// A message to produce.
public struct OutgoingMessage: Sendable {
    public var topic: String
    /// An explicit partition, or nil to let the partitioner choose from the key.
    public var partition: Int32?
    public var key: [UInt8]?
    /// The payload; nil produces a tombstone.
    public var value: [UInt8]?
    /// Headers, in order (names need not be unique).
    public var headers: [(name: String, value: [UInt8])]
    /// The message timestamp (CreateTime) in milliseconds since the epoch, or nil for the time
    /// of producing. A replay or a simulation sets it to the event's time (SPEC section 1,
    /// "Implausible times").
    public var timestampMilliseconds: Int64?

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, headers: [(name: String, value: [UInt8])] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }
}

/// A message read from Kafka, copied out of librdkafka's buffers.
public struct KafkaMessage: Sendable {
    public var topicPartition: TopicPartition
    public var offset: Int64
    public var key: [UInt8]?
    /// The payload; nil for a tombstone.
    public var value: [UInt8]?
    /// Message timestamp in milliseconds since the epoch, if the broker gave one.
    public var timestampMilliseconds: Int64?
    /// Headers, when the consumer was asked to read them.
    public var headers: [(name: String, value: [UInt8])]

    public init(
        topicPartition: TopicPartition, offset: Int64, key: [UInt8]?, value: [UInt8]?, timestampMilliseconds: Int64?,
        headers: [(name: String, value: [UInt8])]
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
        self.headers = headers
    }

    /// The value of the first header with this name.
    public func header(_ name: String) -> [UInt8]? {
        headers.first { $0.name == name }?.value
    }
}
