/// What one poll of a ``KafkaConsumer`` produced.
public enum ConsumerEvent: Sendable {
    /// A message.
    case message(KafkaMessage)
    /// The consumer has read everything in this partition up to `nextOffset` for now.
    case partitionEOF(TopicPartition, nextOffset: Int64)
    /// An error for a partition (for example an offset out of range: data removed by
    /// retention before it was read) or for the client as a whole.
    case error(KafkaError, TopicPartition?)
}
