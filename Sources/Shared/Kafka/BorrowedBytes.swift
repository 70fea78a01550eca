/// Bytes of a consumed message (its key or value) read in place in librdkafka's memory, without
/// a copy: valid only inside the ``KafkaConsumer/pollBorrowed(max:timeoutMilliseconds:_:)`` call
/// that handed them out, because the message is destroyed when that call returns.
///
/// Every read checks that the message is still alive (one comparison with the consumer's
/// release counter): a ``BorrowedBytes`` kept past its batch traps with a clear message instead
/// of reading freed memory. Copy what must outlive the batch with ``copied()``.
///
/// Reads may come from several threads at once while the batch is being processed (the batch
/// is released only after its body returned), hence `@unchecked Sendable`.
public struct BorrowedBytes: @unchecked Sendable {
    private let base: UnsafeRawPointer?
    /// The number of bytes.
    public let count: Int
    private let generation: UInt64
    private let releases: UnsafePointer<UInt64>

    init(base: UnsafeRawPointer?, count: Int, generation: UInt64, releases: UnsafePointer<UInt64>) {
        self.base = base
        self.count = count
        self.generation = generation
        self.releases = releases
    }

    /// True while the message these bytes belong to has not been released.
    public var isAlive: Bool { releases.pointee == generation }

    /// Calls `body` with the bytes; they must not escape it. Traps if the message was released.
    @inline(__always)
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        precondition(isAlive, "a consumed message's bytes were read after the message was released (BorrowedBytes kept past its batch)")
        return try body(UnsafeRawBufferPointer(start: count == 0 ? nil : base, count: count))
    }

    /// A copy of the bytes that outlives the message (for dead letters and held events).
    public func copied() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

/// One message of a batch returned by ``KafkaConsumer/pollBorrowed(max:timeoutMilliseconds:_:)``,
/// its key and value read in place (see ``BorrowedBytes``).
public struct BorrowedMessage: Sendable {
    /// The topic's name (one shared string per topic, no copy per message).
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: BorrowedBytes?
    /// The payload; nil for a tombstone.
    public let value: BorrowedBytes?
    /// Message timestamp in milliseconds since the epoch, if the broker gave one.
    public let timestampMilliseconds: Int64?

    /// The topic and partition (builds a value: prefer ``topic`` and ``partition`` per message).
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

/// What one poll of a batch yields, in order; messages are borrowed (see ``BorrowedMessage``).
public enum BorrowedConsumerEvent: Sendable {
    case message(BorrowedMessage)
    /// The consumer has read everything in this partition up to `nextOffset` for now.
    case partitionEOF(TopicPartition, nextOffset: Int64)
    /// An error for a partition or for the client as a whole.
    case error(KafkaError, TopicPartition?)
}

extension BorrowedMessage {
    /// Calls `body` with the key and the value read in place (nil when absent); they must not
    /// escape it. Traps if the message was released.
    @inline(__always)
    public func withUnsafeKeyAndValue<R, E: Error>(
        _ body: (_ key: UnsafeRawBufferPointer?, _ value: UnsafeRawBufferPointer?) throws(E) -> R
    ) throws(E) -> R {
        switch (key, value) {
        case (nil, nil): return try body(nil, nil)
        case (let k?, nil): return try k.withUnsafeBytes { (k) throws(E) -> R in try body(k, nil) }
        case (nil, let v?): return try v.withUnsafeBytes { (v) throws(E) -> R in try body(nil, v) }
        case (let k?, let v?):
            return try k.withUnsafeBytes { (k) throws(E) -> R in try v.withUnsafeBytes { (v) throws(E) -> R in try body(k, v) } }
        }
    }
}
