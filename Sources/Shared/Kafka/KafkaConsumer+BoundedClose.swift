import Dispatch
import Foundation
import Synchronization

extension KafkaConsumer {
    /// How a ``close(waitingAtMost:)`` ended.
    public enum CloseOutcome: Sendable, Equatable {
        /// The consumer left its group and is closed.
        case closed
        /// librdkafka had not finished within the deadline; see ``close(waitingAtMost:)``.
        case stillClosing
    }

    /// ``close()``, waiting at most `deadline` for it.
    ///
    /// librdkafka's close can block for ever in rare races: the revoke it serves answers with a
    /// request to the group's thread that has no timeout, and that request can go unanswered
    /// while the group is being torn down (confluentinc/librdkafka#4041, #4884). A worker that
    /// has already published and snapshotted everything should not hang on it, so the close runs
    /// on a thread of its own. On ``CloseOutcome/stillClosing`` it goes on there, keeping this
    /// consumer alive (destroying it would wait for the same thing): do not use the consumer
    /// again, and end the process; the group moves its partitions after its session timeout at
    /// the latest. The rebalance handler may still run on that thread then, so by the time this
    /// is called it must have nothing left to do that the caller's thread also touches.
    public func close(waitingAtMost deadline: Duration) throws(KafkaError) -> CloseOutcome {
        let closing = ClosingConsumer(self)
        let thread = Thread { closing.close() }
        thread.name = "waitwatch-consumer-close"
        thread.start()
        switch closing.wait(deadline) {
        case nil: return .stillClosing
        case .success?: return .closed
        case .failure(let error)?: throw error
        }
    }
}

/// A consumer handed to the thread that closes it, and the result handed back. The caller gives
/// the consumer up when it starts the thread (it uses it again only after ``wait(_:)`` returned
/// a result, which the semaphore orders after the close), so the consumer is used by one thread
/// at a time, as ``KafkaConsumer`` requires: that is the whole of the `@unchecked`.
private final class ClosingConsumer: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let result = Mutex<Result<Void, KafkaError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ consumer: KafkaConsumer) { self.consumer = consumer }

    func close() {
        let outcome: Result<Void, KafkaError>
        do throws(KafkaError) {
            try consumer.close()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        result.withLock { $0 = outcome }
        done.signal()
    }

    /// The close's result, or nil if it has not finished within `deadline`.
    func wait(_ deadline: Duration) -> Result<Void, KafkaError>? {
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) * 1e-18
        guard done.wait(timeout: .now() + max(0, seconds)) == .success else { return nil }
        return result.withLock { $0 }
    }
}
