import CKafka

extension KafkaConsumer {
    /// The low and high watermark offsets of a partition as last seen in a fetch response
    /// (`rd_kafka_get_watermark_offsets`): no request to the broker, so it is cheap enough for
    /// every turn of a loop. Nil until the partition has been fetched from.
    public func cachedWatermarks(of tp: TopicPartition) -> (low: Int64, high: Int64)? {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_get_watermark_offsets(client.handle, tp.topic, tp.partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return (low, high)
    }
}
