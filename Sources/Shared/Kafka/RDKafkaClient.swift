import CKafka
import Logging

/// The one type that owns an `rd_kafka_t` handle. Every other Kafka type goes through it.
///
/// Thread-safety: librdkafka handles are thread-safe; this class adds no mutable state of its own.
package final class RDKafkaClient: @unchecked Sendable {
    package enum Kind { case producer, consumer }

    package let handle: OpaquePointer
    /// The queue librdkafka writes its log lines to, served by ``serveLogs(waitingMilliseconds:)``.
    let logQueue: OpaquePointer
    let context: ClientContext
    let kind: Kind

    /// Creates a client from `properties`, installing waitwatch's callbacks.
    ///
    /// - Parameter configure: a chance to install extra callbacks on the configuration.
    package init(
        kind: Kind, properties: [(String, String)], logger: Logger,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        let conf = rd_kafka_conf_new()!
        var errstr = [CChar](repeating: 0, count: 512)
        // Logs go to a queue served on our threads (see `makeLogQueue`), never to a callback on
        // librdkafka's: `log.queue` comes last so that no passthrough setting can turn it off.
        // `log_level` first (a user's setting wins): lines the logger would drop are not queued.
        let properties = [("log_level", String(syslogThreshold(for: logger.logLevel)))] + properties + [("log.queue", "true")]
        for (key, value) in properties {
            let res = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if res != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                // librdkafka's message may quote the value: neither is shown for a secret.
                let secret = KafkaSecretSettings.isSecret(key)
                let text = string(fromCBuffer: errstr)
                throw KafkaError(
                    context: "Kafka setting \(key)=\(secret ? "(hidden)" : value)", code: .noError,
                    message: secret && text.contains(value) ? "librdkafka refused the value" : text)
            }
        }
        let context = ClientContext(logger: logger, rebalanceProtocol: RebalanceProtocol(configuration: conf))
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        // With `log.queue=true` librdkafka calls a log callback only for lines logged before the
        // client exists, on the calling thread; waitwatch never showed those. The callback
        // replaces librdkafka's default one, which would print them to standard error.
        rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, _ in
            guard let rk, let ctx = ClientContext.from(rd_kafka_opaque(rk)) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            let error = KafkaError(
                context: "Kafka client", code: KafkaError.Code(rawValue: err), message: text,
                isFatal: err == RD_KAFKA_RESP_ERR__FATAL.rawValue)
            ctx.lastError.withLock { $0 = error }
            // Transient connection errors are retried by librdkafka; they are logged at debug
            // level here and surfaced by the caller if they persist.
            let level: Logger.Level = error.isFatal ? .error : .debug
            ctx.logger.log(level: level, "Kafka client error: \(text)", metadata: ["code": "\(error.name)"])
        }
        configure(conf)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            // rd_kafka_new frees nothing on failure: the configuration is still ours.
            rd_kafka_conf_destroy(conf)
            throw KafkaError(context: "creating the Kafka client", code: .noError, message: string(fromCBuffer: errstr))
        }
        do {
            logQueue = try Self.makeLogQueue(rk)
        } catch {
            rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            throw error
        }
        self.handle = rk
        self.context = context
        self.kind = kind
    }

    /// Destroys the handle without any group work: a consumer must have been closed by its
    /// owner (``KafkaConsumer/close()``); one that was not just stops, and the group moves its
    /// partitions after the session timeout. librdkafka requires the log queue destroyed first.
    deinit {
        serveLogs()
        rd_kafka_queue_destroy(logQueue)
        rd_kafka_destroy_flags(handle, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
    }

    /// The version of the linked librdkafka, e.g. `2.0.2`.
    static var librdkafkaVersion: String { String(cString: rd_kafka_version_str()) }

    /// Serves queued callbacks (delivery reports, logs, errors) for up to `timeoutMs`.
    @discardableResult
    func poll(timeoutMs: Int32) -> Int32 {
        defer { serveLogs() }
        return rd_kafka_poll(handle, timeoutMs)
    }

    /// Fetches cluster metadata for one topic (nil: all topics) and returns partition counts.
    func partitionCounts(topic: String?, timeoutMs: Int32) throws(KafkaError) -> [String: Int] {
        defer { serveLogs() }
        var md: UnsafePointer<rd_kafka_metadata>?
        var err: rd_kafka_resp_err_t
        if let topic {
            guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
                // Read at once, on the thread of the failed call: the error is per thread.
                throw KafkaError(context: "reading metadata of topic \(topic)", err: rd_kafka_last_error())
            }
            err = rd_kafka_metadata(handle, 0, rkt, &md, timeoutMs)
            rd_kafka_topic_destroy(rkt)
        } else {
            err = rd_kafka_metadata(handle, 1, nil, &md, timeoutMs)
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md else {
            throw KafkaError(context: "reading cluster metadata", err: err)
        }
        defer { rd_kafka_metadata_destroy(md) }
        var result: [String: Int] = [:]
        for i in 0..<Int(md.pointee.topic_cnt) {
            let t = md.pointee.topics[i]
            guard t.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                if topic != nil {
                    throw KafkaError(context: "reading metadata of topic \(String(cString: t.topic))", err: t.err)
                }
                continue
            }
            result[String(cString: t.topic)] = Int(t.partition_cnt)
        }
        return result
    }

    /// The low and high watermark offsets of a partition, asking the broker.
    func queryWatermarks(topic: String, partition: Int32, timeoutMs: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        defer { serveLogs() }
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "querying offsets of \(topic)[\(partition)]", err: err)
        }
        return (low, high)
    }
}
