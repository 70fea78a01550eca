import Logging

/// Publishes many messages and accounts for every one: delivered, or failed with a reason.
///
/// Wraps a ``KafkaProducer`` for bulk work on one dedicated thread (`send`, `simulate`):
/// ``publish(_:id:)`` waits (polling) while librdkafka's queue is full, and ``finish(timeoutMilliseconds:)``
/// waits for the last delivery reports. Not thread-safe: use from one thread.
public final class TrackedPublisher {
    public let producer: KafkaProducer
    /// Messages acknowledged by the cluster.
    public private(set) var delivered = 0
    /// Messages the cluster did not take, with the caller's id and the reason, in report order.
    public private(set) var failures: [(id: UInt64, error: KafkaError)] = []
    /// Messages handed to librdkafka.
    public private(set) var enqueued = 0
    private var sincePoll = 0
    /// With increasing ids: ids published and not reported yet, in publish order (from `head`).
    private var outstanding: [UInt64] = []
    private var head = 0
    /// Ids reported while an earlier one was still outstanding.
    private var reportedEarly = Set<UInt64>()
    private let tracksOrder: Bool

    /// - Parameter tracksOrder: the caller publishes strictly increasing ids and wants
    ///   ``allReported(through:)`` (a small cost per message).
    public init(producer: KafkaProducer, tracksOrder: Bool = false) {
        self.producer = producer
        self.tracksOrder = tracksOrder
    }

    /// Whether every message published with an id `<= id` has been reported (delivered or
    /// failed). Requires `tracksOrder`.
    public func allReported(through id: UInt64) -> Bool {
        precondition(tracksOrder, "allReported(through:) needs a TrackedPublisher that tracks order")
        return head == outstanding.count || outstanding[head] > id
    }

    /// Messages enqueued and not yet reported.
    public var pending: Int { enqueued - delivered - failures.count }

    /// Enqueues one message, polling for delivery reports while the local queue is full.
    /// A message librdkafka refuses outright (too large, topic not authorised, fatal producer
    /// error) is counted in ``failures`` with its reason, like a failed delivery.
    public func publish(_ message: OutgoingMessage, id: UInt64) {
        publish(id: id) { () throws(KafkaError) in try producer.produce(message, id: id) }
    }

    /// ``publish(_:id:)`` of a message whose key and value are read in place (librdkafka copies
    /// them before this returns: the buffers may be reused at once).
    public func publish(topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, id: UInt64) {
        publish(id: id) { () throws(KafkaError) in
            try producer.produce(topic: topic, partition: partition, key: key, value: value, id: id)
        }
    }

    private func publish(id: UInt64, _ produce: () throws(KafkaError) -> Void) {
        while true {
            do {
                try produce()
                if tracksOrder { outstanding.append(id) }
                enqueued += 1
                sincePoll += 1
                if sincePoll >= 1_000 {
                    sincePoll = 0
                    absorb(producer.poll(timeoutMilliseconds: 0))
                }
                return
            } catch  where error.isQueueFull {
                absorb(producer.poll(timeoutMilliseconds: 50))
            } catch {
                enqueued += 1
                failures.append((id, error))
                return
            }
        }
    }

    /// Serves delivery reports without waiting longer than `timeoutMilliseconds`.
    public func poll(timeoutMilliseconds: Int32 = 0) {
        absorb(producer.poll(timeoutMilliseconds: timeoutMilliseconds))
    }

    /// Waits until every enqueued message is reported or `timeoutMilliseconds` pass, calling
    /// `progress` about every second while waiting.
    ///
    /// - Returns: the number of messages still without a report (0 when complete).
    @discardableResult
    public func finish(timeoutMilliseconds: Int, progress: (TrackedPublisher) -> Void = { _ in }) -> Int {
        var waited = 0
        while pending > 0 && waited < timeoutMilliseconds {
            let (reports, _) = producer.flush(timeoutMilliseconds: 1_000)
            absorb(reports)
            waited += 1_000
            if pending > 0 { progress(self) }
        }
        return pending
    }

    private func absorb(_ reports: [DeliveryReport]) {
        for r in reports {
            if let e = r.error {
                failures.append((r.id, e))
            } else {
                delivered += 1
            }
            if tracksOrder { noteReported(r.id) }
        }
    }

    private func noteReported(_ id: UInt64) {
        guard head < outstanding.count, outstanding[head] == id else {
            reportedEarly.insert(id)
            return
        }
        head += 1
        while head < outstanding.count, reportedEarly.remove(outstanding[head]) != nil { head += 1 }
        if head == outstanding.count || head >= 65_536 {
            outstanding.removeFirst(head)
            head = 0
        }
    }
}
