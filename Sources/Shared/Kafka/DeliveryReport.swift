/// The outcome of producing one message, as reported by the cluster.
public struct DeliveryReport: Sendable, Hashable {
    /// The id the caller gave to ``KafkaProducer/produce(_:id:)``.
    public var id: UInt64
    /// Where the message was written (partition -1 when it was not).
    public var partition: Int32
    /// The offset it was written at (-1 when it was not).
    public var offset: Int64
    /// Why delivery failed, nil when the cluster acknowledged it.
    public var error: KafkaError?

    public init(id: UInt64, partition: Int32, offset: Int64, error: KafkaError?) {
        self.id = id
        self.partition = partition
        self.offset = offset
        self.error = error
    }
}
