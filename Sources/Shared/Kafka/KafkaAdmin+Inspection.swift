import CKafka

/// What the cluster's metadata says about its brokers and topics.
public struct ClusterLayout: Sendable, Hashable {
    /// The size of one topic as the cluster's metadata gives it.
    public struct Topic: Sendable, Hashable {
        /// Number of partitions.
        public var partitions: Int
        /// Replicas of the first partition (every partition has as many unless reassigned by hand).
        public var replicationFactor: Int
    }

    /// Brokers the metadata lists.
    public var brokerCount: Int
    /// Existing topics by name (internal ones such as `__consumer_offsets` included).
    public var topics: [String: Topic]
}

extension KafkaAdmin {
    /// The brokers and topics of the cluster, from one metadata request.
    public func layout(timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> ClusterLayout {
        var md: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(client.handle, 1, nil, &md, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md else {
            throw KafkaError(context: "reading cluster metadata", err: err)
        }
        defer { rd_kafka_metadata_destroy(md) }
        var topics: [String: ClusterLayout.Topic] = [:]
        for i in 0..<Int(md.pointee.topic_cnt) {
            let t = md.pointee.topics[i]
            guard t.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let replicas = t.partition_cnt > 0 ? Int(t.partitions[0].replica_cnt) : 0
            topics[String(cString: t.topic)] = ClusterLayout.Topic(partitions: Int(t.partition_cnt), replicationFactor: replicas)
        }
        return ClusterLayout(brokerCount: Int(md.pointee.broker_cnt), topics: topics)
    }

    /// The topic-level settings of `topics` (`DescribeConfigs`), by topic and key.
    ///
    /// Not every cluster answers: librdkafka's mock cluster has no `DescribeConfigs`, and a
    /// principal without `DescribeConfigs` permission is refused. Both throw.
    public func topicConfigs(_ topics: [String], timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> [String: [String: String]] {
        guard !topics.isEmpty else { return [:] }
        var errstr = [CChar](repeating: 0, count: 512)
        var resources: [OpaquePointer?] = topics.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
        defer { for r in resources { rd_kafka_ConfigResource_destroy(r) } }
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds, &errstr, errstr.count)
        rd_kafka_DescribeConfigs(client.handle, &resources, resources.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds + 1_000) else {
            throw KafkaError(context: "reading topic settings", code: .timedOut, message: "no answer from the cluster")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventErr = rd_kafka_event_error(event)
        guard eventErr == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let message = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(eventErr))
            throw KafkaError(context: "reading topic settings", code: KafkaError.Code(eventErr), message: message)
        }
        var result: [String: [String: String]] = [:]
        var count = 0
        guard let described = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event), &count) else {
            return [:]
        }
        for i in 0..<count {
            let resource = described[i]
            let name = String(cString: rd_kafka_ConfigResource_name(resource))
            let err = rd_kafka_ConfigResource_error(resource)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let message =
                    rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(err))
                throw KafkaError(context: "reading the settings of topic \(name)", code: KafkaError.Code(err), message: message)
            }
            var entryCount = 0
            var settings: [String: String] = [:]
            if let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) {
                for j in 0..<entryCount {
                    let entry = entries[j]
                    // Sensitive entries come back without a value; none of a topic's are.
                    guard let value = rd_kafka_ConfigEntry_value(entry) else { continue }
                    settings[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
                }
            }
            result[name] = settings
        }
        return result
    }
}
