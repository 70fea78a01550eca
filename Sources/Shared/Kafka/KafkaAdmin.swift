import CKafka
import Logging

/// Creates topics through Kafka's admin API.
///
/// Some clusters refuse this (no permission, or no admin API as in librdkafka's mock cluster):
/// callers treat ``TopicCreationOutcome/failed(_:)`` as a warning when the topic may exist already.
/// Calls block: use a dedicated thread.
public final class KafkaAdmin: Sendable {
    let client: RDKafkaClient

    public init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        var props: [(String, String)] = [("bootstrap.servers", configuration.brokers)]
        props += configuration.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        client = try RDKafkaClient(kind: .producer, properties: props, logger: logger)
    }

    /// Creates each topic, reporting per topic whether it was created, already existed, or failed.
    public func createTopics(_ topics: [TopicSpecification], timeoutMilliseconds: Int32 = 15_000) -> [String: TopicCreationOutcome] {
        var outcomes: [String: TopicCreationOutcome] = [:]
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
        for spec in topics {
            guard let t = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errstr, errstr.count)
            else {
                outcomes[spec.name] = .failed(
                    KafkaError(context: "creating topic \(spec.name)", code: .noError, message: string(fromCBuffer: errstr)))
                continue
            }
            for (key, value) in spec.topicConfigs {
                _ = rd_kafka_NewTopic_set_config(t, key, value)
            }
            newTopics.append(t)
        }
        guard !newTopics.isEmpty else { return outcomes }
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds, &errstr, errstr.count)
        rd_kafka_CreateTopics(client.handle, &newTopics, newTopics.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds + 1_000) else {
            for spec in topics where outcomes[spec.name] == nil {
                outcomes[spec.name] = .failed(
                    KafkaError(context: "creating topic \(spec.name)", code: .timedOut, message: "no answer from the cluster"))
            }
            return outcomes
        }
        defer { rd_kafka_event_destroy(event) }
        let eventErr = rd_kafka_event_error(event)
        if eventErr != RD_KAFKA_RESP_ERR_NO_ERROR {
            let message = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            for spec in topics where outcomes[spec.name] == nil {
                outcomes[spec.name] = .failed(
                    KafkaError(context: "creating topic \(spec.name)", code: KafkaError.Code(eventErr), message: message))
            }
            return outcomes
        }
        let result = rd_kafka_event_CreateTopics_result(event)
        var count = 0
        if let results = rd_kafka_CreateTopics_result_topics(result, &count) {
            for i in 0..<count {
                let r = results[i]
                let name = String(cString: rd_kafka_topic_result_name(r))
                let err = rd_kafka_topic_result_error(r)
                switch err {
                case RD_KAFKA_RESP_ERR_NO_ERROR: outcomes[name] = .created
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcomes[name] = .alreadyExists
                default:
                    let msg = rd_kafka_topic_result_error_string(r).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(err))
                    outcomes[name] = .failed(KafkaError(context: "creating topic \(name)", code: KafkaError.Code(err), message: msg))
                }
            }
        }
        return outcomes
    }
}
