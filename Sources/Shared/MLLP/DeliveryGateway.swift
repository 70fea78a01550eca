import Foundation
import NIOCore
import Synchronization
import WaitwatchKafka

/// Hands messages to a ``KafkaProducer`` and completes a promise per group of messages when
/// the cluster has acknowledged all of them (the producer's delivery reports), or one failed.
///
/// This is what makes an MLLP `AA` honest: a group's promise succeeds only after every one of
/// its messages has a successful delivery report (`acks=all`, idempotent producer). A message
/// librdkafka refuses at once (queue full, fatal error) or cannot deliver within the
/// producer's `message.timeout.ms` fails its group. One dedicated thread polls the producer,
/// so no event loop ever blocks on librdkafka. Thread-safe.
public final class DeliveryGateway: Sendable {
    /// How a group of messages ended.
    public enum Outcome: Sendable, Hashable {
        /// Every message was acknowledged by the cluster.
        case delivered
        /// At least one was not; the reason is one line (librdkafka's, no message content).
        case failed(String)
    }

    private struct Waiter {
        var remaining: Int
        var failure: String?
        let promise: EventLoopPromise<Outcome>
    }

    private struct State {
        var nextId: UInt64 = 1
        var groups: [UInt64: Waiter] = [:]
        var groupOfMessage: [UInt64: UInt64] = [:]
        var stopDeadline: ContinuousClock.Instant?
    }

    /// The producer (owned: closed with the gateway's thread).
    public let producer: KafkaProducer
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the polling thread.
    public init(producer: KafkaProducer) {
        self.producer = producer
        let thread = Thread { [self] in pollUntilStopped() }
        thread.name = "waitwatch-mllp-deliveries"
        thread.start()
    }

    /// Groups of messages handed over and not yet resolved.
    public var inFlight: Int { state.withLock { $0.groups.count } }

    /// Produces `messages` and completes `promise` once all are acknowledged or one failed.
    /// An empty group succeeds at once.
    public func publish(_ messages: [OutgoingMessage], promise: EventLoopPromise<Outcome>) {
        guard !messages.isEmpty else { return promise.succeed(.delivered) }
        let ids: [UInt64]? = state.withLock { s in
            guard s.stopDeadline == nil else { return nil }
            let group = s.nextId
            let ids = (0..<messages.count).map { group + UInt64($0) }
            s.nextId += UInt64(messages.count)
            s.groups[group] = Waiter(remaining: messages.count, failure: nil, promise: promise)
            for id in ids { s.groupOfMessage[id] = group }
            return ids
        }
        guard let ids else { return promise.succeed(.failed("the receiver is shutting down")) }
        for (id, message) in zip(ids, messages) {
            do {
                try producer.produce(message, id: id)
            } catch {
                resolve(
                    id, failure: error.isQueueFull ? "the producer's queue is full (the cluster is slow or unavailable)" : error.description
                )
            }
        }
    }

    /// Stops taking messages and waits (blocking) until every group is resolved or `timeout`
    /// passes; groups still open then fail ("shutting down"), so that no caller waits forever.
    ///
    /// - Returns: the number of groups that were still unresolved at the deadline.
    @discardableResult
    public func stop(timeout: Duration) -> Int {
        state.withLock { $0.stopDeadline = .now + timeout }
        finished.wait()
        let open = state.withLock { s in
            defer { s.groups.removeAll(); s.groupOfMessage.removeAll() }
            return Array(s.groups.values)
        }
        for waiter in open { waiter.promise.succeed(.failed("the receiver shut down before the cluster acknowledged the message")) }
        return open.count
    }

    private func pollUntilStopped() {
        while true {
            for report in producer.poll(timeoutMilliseconds: 50) {
                resolve(report.id, failure: report.error.map { "not acknowledged by the cluster: \($0.description)" })
            }
            let (deadline, open) = state.withLock { ($0.stopDeadline, $0.groups.count) }
            if let deadline, open == 0 || ContinuousClock.now >= deadline { break }
        }
        finished.signal()
    }

    private func resolve(_ id: UInt64, failure: String?) {
        let done: (EventLoopPromise<Outcome>, Outcome)? = state.withLock { s in
            guard let group = s.groupOfMessage.removeValue(forKey: id), var waiter = s.groups[group] else { return nil }
            waiter.remaining -= 1
            if waiter.failure == nil { waiter.failure = failure }
            guard waiter.remaining == 0 else {
                s.groups[group] = waiter
                return nil
            }
            s.groups[group] = nil
            return (waiter.promise, waiter.failure.map(Outcome.failed) ?? .delivered)
        }
        if let (promise, outcome) = done { promise.succeed(outcome) }
    }
}
