import CKafka

/// Conversions between Swift partition values and `rd_kafka_topic_partition_list_t`.
/// Lists never leave the call that made them.
enum PartitionList {
    /// Makes a list; the caller destroys it with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ items: [TopicPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(max(items.count, 1)))!
        for item in items {
            let tp = rd_kafka_topic_partition_list_add(list, item.topicPartition.topic, item.topicPartition.partition)!
            tp.pointee.offset = item.offset
        }
        return list
    }

    /// Reads a list's partitions, offsets and per-partition errors.
    static func read(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [(TopicPartitionOffset, rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { i in
            let e = list.pointee.elems[i]
            return (TopicPartitionOffset(TopicPartition(topic: String(cString: e.topic), partition: e.partition), offset: e.offset), e.err)
        }
    }
}
