import CKafka
import Logging

/// An idempotent Kafka producer (`acks=all`) that reports the outcome of every message.
///
/// `produce` only enqueues; outcomes arrive as ``DeliveryReport``s from ``poll(timeoutMilliseconds:)``
/// and ``flush(timeoutMilliseconds:)``, which block and so belong on a dedicated thread, never on
/// the cooperative pool. The type is thread-safe.
public final class KafkaProducer: Sendable {
    let client: RDKafkaClient

    /// Creates the producer. Nothing is sent until the first message.
    ///
    /// - Throws: ``KafkaError`` for a bad setting, with librdkafka's message.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        client = try RDKafkaClient(kind: .producer, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { rk, message, _ in
                guard let rk, let message, let ctx = ClientContext.from(rd_kafka_opaque(rk)) else { return }
                let m = message.pointee
                let id = UInt64(UInt(bitPattern: m._private))
                let error: KafkaError? =
                    m.err == RD_KAFKA_RESP_ERR_NO_ERROR
                    ? nil
                    : KafkaError(
                        context: "delivering to \(String(cString: rd_kafka_topic_name(m.rkt)))", err: m.err)
                let report = DeliveryReport(id: id, partition: m.partition, offset: m.offset, error: error)
                ctx.deliveries.withLock { $0.append(report) }
            }
        }
    }

    /// The linked librdkafka version, e.g. `2.0.2`.
    public static var librdkafkaVersion: String { RDKafkaClient.librdkafkaVersion }

    /// Enqueues one message for delivery. Does not block.
    ///
    /// - Parameter id: the caller's correlation id, returned in the message's ``DeliveryReport``.
    /// - Throws: ``KafkaError``; ``KafkaError/isQueueFull`` means: poll, then try again.
    public func produce(_ message: OutgoingMessage, id: UInt64) throws(KafkaError) {
        let err: OpaquePointer? = message.topic.withCString { topic in
            withBytes(message.key) { key in
                withBytes(message.value) { value in
                    produce(
                        topic: topic, partition: message.partition, key: key, value: value, headers: message.headers,
                        timestamp: message.timestampMilliseconds, id: id)
                }
            }
        }
        if let err {
            throw KafkaError(context: "producing to \(message.topic)", consuming: err)
        }
    }

    /// Enqueues one message whose key and value are read in place: librdkafka copies them
    /// before this returns, so the caller's buffers (a line buffer, a reused encoding buffer)
    /// may be reused at once. No allocation per message here. Does not block.
    ///
    /// - Throws: ``KafkaError``; ``KafkaError/isQueueFull`` means: poll, then try again.
    public func produce(
        topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, id: UInt64
    ) throws(KafkaError) {
        let err: OpaquePointer? = topic.withCString { topicName in
            produce(topic: topicName, partition: partition, key: key, value: value, headers: [], timestamp: nil, id: id)
        }
        if let err {
            throw KafkaError(context: "producing to \(topic)", consuming: err)
        }
    }

    private func produce(
        topic: UnsafePointer<CChar>, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: [(name: String, value: [UInt8])], timestamp: Int64?, id: UInt64
    ) -> OpaquePointer? {
        // The argument array lives on the stack (no allocation per message); librdkafka copies
        // key and value (RD_KAFKA_MSG_F_COPY), so the caller's buffers may be reused at once.
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { (vus) -> OpaquePointer? in
            var n = 0
            func add(_ set: (inout rd_kafka_vu_t) -> Void) {
                var vu = rd_kafka_vu_t()
                set(&vu)
                vus.initializeElement(at: n, to: vu)
                n += 1
            }
            add {
                $0.vtype = RD_KAFKA_VTYPE_TOPIC
                $0.u.cstr = topic
            }
            if let partition {
                add {
                    $0.vtype = RD_KAFKA_VTYPE_PARTITION
                    $0.u.i32 = partition
                }
            }
            if let key {
                add {
                    $0.vtype = RD_KAFKA_VTYPE_KEY
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                    $0.u.mem.size = key.count
                }
            }
            if let value {
                add {
                    $0.vtype = RD_KAFKA_VTYPE_VALUE
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                    $0.u.mem.size = value.count
                }
            }
            if let timestamp {
                add {
                    $0.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                    $0.u.i64 = timestamp
                }
            }
            add {
                $0.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                $0.u.i = RD_KAFKA_MSG_F_COPY
            }
            add {
                $0.vtype = RD_KAFKA_VTYPE_OPAQUE
                $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
            }
            defer { vus.baseAddress!.deinitialize(count: n) }
            if headers.isEmpty {
                return rd_kafka_produceva(client.handle, vus.baseAddress, n)
            }
            // Single headers (VTYPE_HEADER) are copied by librdkafka into a list it owns, which
            // avoids the 2.0.2 double free of caller-owned header lists on failed produce.
            let names = headers.map { Array($0.name.utf8CString) }
            return withHeaderPointers(names: names, values: headers.map(\.value), index: 0, into: Array(vus[0..<n]))
        }
    }

    private func withHeaderPointers(
        names: [[CChar]], values: [[UInt8]], index: Int, into vus: [rd_kafka_vu_t]
    ) -> OpaquePointer? {
        if index == names.count {
            return rd_kafka_produceva(client.handle, vus, vus.count)
        }
        return names[index].withUnsafeBufferPointer { name in
            values[index].withUnsafeBytes { val in
                var vu = rd_kafka_vu_t()
                vu.vtype = RD_KAFKA_VTYPE_HEADER
                vu.u.header.name = name.baseAddress
                vu.u.header.val = val.baseAddress
                vu.u.header.size = val.count
                return withHeaderPointers(names: names, values: values, index: index + 1, into: vus + [vu])
            }
        }
    }

    /// Serves delivery callbacks for up to `timeoutMilliseconds` (0: do not wait) and returns
    /// the reports that arrived. Blocks: call from a dedicated thread.
    public func poll(timeoutMilliseconds: Int32) -> [DeliveryReport] {
        client.poll(timeoutMs: timeoutMilliseconds)
        return drainReports()
    }

    /// Waits until every enqueued message has a delivery report or the timeout passes,
    /// and returns the reports that arrived. Blocks: call from a dedicated thread.
    ///
    /// - Returns: the reports, and the number of messages still without one (0 when complete).
    public func flush(timeoutMilliseconds: Int32) -> (reports: [DeliveryReport], outstanding: Int) {
        _ = rd_kafka_flush(client.handle, timeoutMilliseconds)
        client.serveLogs()
        return (drainReports(), outstanding)
    }

    /// Messages enqueued or in flight without a delivery report yet.
    public var outstanding: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// The last error librdkafka reported through its error callback (for example "all brokers
    /// down"), cleared by reading it.
    public func takeLastClientError() -> KafkaError? {
        client.context.lastError.withLock { e in
            defer { e = nil }
            return e
        }
    }

    /// Partition counts of `topic` (from cluster metadata), or of every topic when nil.
    public func partitionCounts(topic: String?, timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> [String: Int] {
        try client.partitionCounts(topic: topic, timeoutMs: timeoutMilliseconds)
    }

    private func drainReports() -> [DeliveryReport] {
        client.context.deliveries.withLock { r in
            defer { r.removeAll(keepingCapacity: true) }
            return r
        }
    }
}

/// Calls `body` with the bytes of `array`, or with nil when there is no array.
func withBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
