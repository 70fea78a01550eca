import CKafka
import Logging

/// A Kafka group consumer with manual offset commits.
///
/// All calls block (up to their timeout) and must come from one dedicated thread at a time,
/// never from the cooperative pool. Rebalances are delivered to the handler given to
/// ``subscribe(topics:onRebalance:)`` inside ``poll(timeoutMilliseconds:)`` on that same thread,
/// before partitions are assigned or taken away, so the caller can save state and commit.
public final class KafkaConsumer {
    let client: RDKafkaClient
    private let logger: Logger
    private let readHeaders: Bool
    private var topicNameCache: (OpaquePointer?, String) = (nil, "")
    private var closed = false
    private var subscribed = false
    /// Topics whose partition leaders this client has asked for (see ``assign(_:)``).
    private var topicsWithKnownLeaders: Set<String> = []
    /// Counts released batches of ``pollBorrowed(max:timeoutMilliseconds:_:)``: a
    /// ``BorrowedBytes`` is alive while this still equals the count it was made under.
    private let releases: UnsafeMutablePointer<UInt64>
    /// The messages of the current borrowed batch (destroyed when it is released), and what
    /// the batch's body sees; both reused from batch to batch.
    private var borrowedMessages: [UnsafeMutablePointer<rd_kafka_message_t>] = []
    private var borrowedEvents: [BorrowedConsumerEvent] = []

    /// Creates the consumer; it joins the group on ``subscribe(topics:onRebalance:)``.
    ///
    /// - Parameter readHeaders: copy message headers into ``KafkaMessage/headers`` (costs time).
    public init(configuration: KafkaConsumerConfiguration, logger: Logger, readHeaders: Bool = false) throws(KafkaError) {
        self.logger = logger
        self.readHeaders = readHeaders
        releases = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        releases.initialize(to: 0)
        client = try RDKafkaClient(kind: .consumer, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let partitions else { return }
                KafkaConsumer.rebalance(rk: rk, err: err, partitions: partitions, context: ClientContext.from(opaque))
            }
        }
        // Serve logs, errors and rebalances from the consumer queue: one poll serves all.
        rd_kafka_poll_set_consumer(client.handle)
    }

    /// No group work here (no close, commit or unassign): the owner closes the consumer on
    /// every path (``close()``). A consumer that joined a group and was not closed only stops;
    /// the group moves its partitions after the session timeout, which this warns about.
    deinit {
        if subscribed && !closed {
            logger.warning("a Kafka consumer was released without being closed: its partitions stay idle until the group's session timeout")
        }
        releases.deallocate()
    }

    /// Joins the group for `topics`.
    ///
    /// - Parameter onRebalance: called on the polling thread when partitions are assigned,
    ///   revoked or lost. For an assignment it may return starting offsets for some of the
    ///   partitions (others start at the group's committed offset).
    public func subscribe(
        topics: [String], onRebalance: @escaping (RebalanceEvent) -> [TopicPartitionOffset] = { _ in [] }
    ) throws(KafkaError) {
        guard client.context.rebalanceHandler.set(onRebalance) else {
            throw KafkaError(
                context: "subscribing to \(topics.joined(separator: ","))", code: .noError,
                message: "this consumer has subscribed already: use one consumer per subscription")
        }
        subscribed = true
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for t in topics { rd_kafka_topic_partition_list_add(list, t, RD_KAFKA_PARTITION_UA) }
        let err = rd_kafka_subscribe(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "subscribing to \(topics.joined(separator: ","))", err: err)
        }
    }

    /// Reads partitions directly, outside any group (for tools and tests).
    ///
    /// The partitions' leaders are learnt first (one metadata request per topic not asked
    /// before): librdkafka otherwise looks the starting offsets up before it knows the
    /// leaders and retries only after 500 ms, which every restore and topic scan paid once.
    public func assign(_ partitions: [TopicPartitionOffset]) throws(KafkaError) {
        for topic in Set(partitions.map(\.topicPartition.topic)) where !topicsWithKnownLeaders.contains(topic) {
            // Best effort: without an answer librdkafka finds the leaders itself, later.
            if (try? client.partitionCounts(topic: topic, timeoutMs: 2_000)) != nil { topicsWithKnownLeaders.insert(topic) }
        }
        let list = PartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_assign(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "assigning partitions", err: err)
        }
    }

    /// Waits up to `timeoutMilliseconds` for the next event; nil when none came.
    public func poll(timeoutMilliseconds: Int32) -> ConsumerEvent? {
        defer { client.serveLogs() }
        guard let msg = rd_kafka_consumer_poll(client.handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(msg) }
        return event(from: msg.pointee, raw: msg)
    }

    /// Appends up to `max` events to `events`, waiting up to `timeoutMilliseconds` for the first.
    public func poll(into events: inout [ConsumerEvent], max: Int, timeoutMilliseconds: Int32) {
        defer { client.serveLogs() }
        var timeout = timeoutMilliseconds
        for _ in 0..<max {
            guard let msg = rd_kafka_consumer_poll(client.handle, timeout) else { return }
            events.append(event(from: msg.pointee, raw: msg))
            rd_kafka_message_destroy(msg)
            timeout = 0
        }
    }

    /// Polls up to `max` events (waiting up to `timeoutMilliseconds` for the first) and hands
    /// them to `body` *borrowed*: keys and values are read in place in librdkafka's memory, with
    /// no copy and no allocation per message. The messages are destroyed when `body` returns, so
    /// nothing borrowed may be kept (a ``BorrowedBytes`` read afterwards traps); copy what must
    /// outlive the batch. `body` is called once, also with an empty batch when nothing came. It
    /// may hand the events to other threads as long as they are done before it returns.
    public func pollBorrowed<R, E: Error>(
        max: Int, timeoutMilliseconds: Int32, _ body: (_ events: [BorrowedConsumerEvent]) throws(E) -> R
    ) throws(E) -> R {
        defer { client.serveLogs() }
        var timeout = timeoutMilliseconds
        let generation = releases.pointee
        for _ in 0..<max {
            guard let msg = rd_kafka_consumer_poll(client.handle, timeout) else { break }
            borrowedMessages.append(msg)
            borrowedEvents.append(borrowedEvent(from: msg, generation: generation))
            timeout = 0
        }
        defer {
            // First end the borrowed views' validity, then free what they pointed to.
            releases.pointee &+= 1
            for msg in borrowedMessages { rd_kafka_message_destroy(msg) }
            borrowedMessages.removeAll(keepingCapacity: true)
            borrowedEvents.removeAll(keepingCapacity: true)
        }
        return try body(borrowedEvents)
    }

    private func borrowedEvent(from raw: UnsafeMutablePointer<rd_kafka_message_t>, generation: UInt64) -> BorrowedConsumerEvent {
        let m = raw.pointee
        guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR, let rkt = m.rkt else {
            switch event(from: m, raw: raw) {
            case .partitionEOF(let tp, let next): return .partitionEOF(tp, nextOffset: next)
            case .error(let error, let tp): return .error(error, tp)
            case .message(let message):
                // A message without a topic: not expected from a consumer; read as an error.
                return .error(
                    KafkaError(context: "reading", code: .noError, message: "a message without a topic"), message.topicPartition)
            }
        }
        var tstype = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(raw, &tstype)
        let releases = UnsafePointer(self.releases)
        return .message(
            BorrowedMessage(
                topic: topicName(rkt), partition: m.partition, offset: m.offset,
                key: m.key.map { BorrowedBytes(base: UnsafeRawPointer($0), count: m.key_len, generation: generation, releases: releases) },
                value: m.payload.map {
                    BorrowedBytes(base: UnsafeRawPointer($0), count: m.len, generation: generation, releases: releases)
                },
                timestampMilliseconds: tstype == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : ts))
    }

    private func event(from m: rd_kafka_message_t, raw: UnsafeMutablePointer<rd_kafka_message_t>) -> ConsumerEvent {
        let tp: TopicPartition? = m.rkt.map { rkt in TopicPartition(topic: topicName(rkt), partition: m.partition) }
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF, let tp {
            return .partitionEOF(tp, nextOffset: m.offset)
        }
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            var text = String(cString: rd_kafka_err2str(m.err))
            if let p = m.payload, m.len > 0 {
                text = String(decoding: UnsafeRawBufferPointer(start: p, count: m.len), as: UTF8.self)
            }
            let where_ = tp.map { " \($0.description) at offset \(m.offset)" } ?? ""
            return .error(KafkaError(context: "reading\(where_)", code: KafkaError.Code(m.err), message: text), tp)
        }
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) }
        var tstype = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(raw, &tstype)
        var headers: [(name: String, value: [UInt8])] = []
        if readHeaders {
            var hdrs: OpaquePointer?
            if rd_kafka_message_headers(raw, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs {
                var idx = 0
                var name: UnsafePointer<CChar>?
                var val: UnsafeRawPointer?
                var size = 0
                while rd_kafka_header_get_all(hdrs, idx, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                    let bytes = val.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                    headers.append((name.map { String(cString: $0) } ?? "", bytes))
                    idx += 1
                }
            }
        }
        return .message(
            KafkaMessage(
                topicPartition: tp ?? TopicPartition(topic: "", partition: m.partition), offset: m.offset,
                key: key, value: value, timestampMilliseconds: tstype == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : ts,
                headers: headers))
    }

    private func topicName(_ rkt: OpaquePointer?) -> String {
        if topicNameCache.0 == rkt { return topicNameCache.1 }
        let name = String(cString: rd_kafka_topic_name(rkt))
        topicNameCache = (rkt, name)
        return name
    }

    /// Commits offsets (each the next offset to read) and waits for the broker's answer.
    public func commit(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let list = PartitionList.make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_commit(client.handle, list, 0)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "committing offsets", err: err)
        }
        for (tpo, perr) in PartitionList.read(list) where perr != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(context: "committing offset \(tpo.offset) of \(tpo.topicPartition)", err: perr)
        }
    }

    /// The group's committed offsets for these partitions (`stored`/-1001 when none).
    public func committed(_ partitions: [TopicPartition], timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> [TopicPartition: Int64]
    {
        let list = PartitionList.make(partitions.map { TopicPartitionOffset($0, offset: 0) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_committed(client.handle, list, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "reading committed offsets", err: err)
        }
        var result: [TopicPartition: Int64] = [:]
        for (tpo, _) in PartitionList.read(list) { result[tpo.topicPartition] = tpo.offset }
        return result
    }

    /// Moves the read position of assigned partitions (asynchronously: the next poll reads from there).
    public func seek(_ positions: [TopicPartitionOffset]) throws(KafkaError) {
        guard !positions.isEmpty else { return }
        let list = PartitionList.make(positions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        // Timeout 0: asynchronous seek (2.0.2 miscomputes the timeout of a synchronous one).
        if let error = rd_kafka_seek_partitions(client.handle, list, 0) {
            throw KafkaError(context: "seeking", consuming: error)
        }
    }

    /// Stops fetching from these partitions until ``resume(_:)``.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: true)
    }

    /// Fetches again from paused partitions.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try pauseOrResume(partitions, pause: false)
    }

    private func pauseOrResume(_ partitions: [TopicPartition], pause: Bool) throws(KafkaError) {
        guard !partitions.isEmpty else { return }
        let list = PartitionList.make(partitions.map { TopicPartitionOffset($0, offset: 0) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = pause ? rd_kafka_pause_partitions(client.handle, list) : rd_kafka_resume_partitions(client.handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: pause ? "pausing partitions" : "resuming partitions", err: err)
        }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.handle, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError(context: "reading the assignment", err: err)
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return PartitionList.read(list).map(\.0.topicPartition)
    }

    /// The low and high watermark offsets of a partition, asking the broker.
    public func watermarks(of tp: TopicPartition, timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> (low: Int64, high: Int64) {
        try client.queryWatermarks(topic: tp.topic, partition: tp.partition, timeoutMs: timeoutMilliseconds)
    }

    /// Partition counts of `topic` (from cluster metadata), or of every topic when nil.
    public func partitionCounts(topic: String?, timeoutMilliseconds: Int32 = 10_000) throws(KafkaError) -> [String: Int] {
        try client.partitionCounts(topic: topic, timeoutMs: timeoutMilliseconds)
    }

    /// The group member id given by the coordinator (empty before joining).
    public var memberID: String {
        guard let p = rd_kafka_memberid(client.handle) else { return "" }
        defer { rd_kafka_mem_free(client.handle, p) }
        return String(cString: p)
    }

    /// Leaves the group: revokes partitions through the rebalance handler, then closes.
    /// Blocks until done.
    public func close() throws(KafkaError) {
        guard !closed else { return }
        closed = true
        let err = rd_kafka_consumer_close(client.handle)
        client.serveLogs()
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "closing the consumer", err: err)
        }
    }

    static func rebalance(
        rk: OpaquePointer, err: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, context: ClientContext?
    ) {
        let tps = PartitionList.read(partitions).map(\.0.topicPartition)
        // From the configuration, never `rd_kafka_rebalance_protocol` (see ``RebalanceProtocol``).
        let cooperative = context?.rebalanceProtocol == .cooperative
        let handler = context?.rebalanceHandler.value
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            let overrides = handler?(.assigned(tps)) ?? []
            for o in overrides {
                if let tp = rd_kafka_topic_partition_list_find(partitions, o.topicPartition.topic, o.topicPartition.partition) {
                    tp.pointee.offset = o.offset
                }
            }
            if cooperative {
                if let e = rd_kafka_incremental_assign(rk, partitions) {
                    context?.logger.error("assigning partitions failed: \(KafkaError(context: "assign", consuming: e))")
                }
            } else {
                let e = rd_kafka_assign(rk, partitions)
                if e != RD_KAFKA_RESP_ERR_NO_ERROR {
                    context?.logger.error("assigning partitions failed: \(KafkaError(context: "assign", err: e))")
                }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            _ = handler?(lost ? .lost(tps) : .revoked(tps))
            if cooperative {
                if let e = rd_kafka_incremental_unassign(rk, partitions) {
                    context?.logger.error("unassigning partitions failed: \(KafkaError(context: "unassign", consuming: e))")
                }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
        default:
            context?.logger.error("rebalance failed: \(KafkaError(context: "rebalance", err: err))")
            _ = handler?(.lost(tps))
            _ = rd_kafka_assign(rk, nil)
        }
    }
}
