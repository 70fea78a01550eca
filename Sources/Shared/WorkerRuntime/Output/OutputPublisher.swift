import WaitwatchKafka

/// Where the ``OutputCollector`` sends messages: the worker's ``TrackedPublisher`` in
/// production, an in-memory fake in unit tests. Ids increase strictly in publish order.
package protocol OutputPublisher: AnyObject {
    /// Enqueues a message (never refuses: a message that cannot be taken is a failure).
    func publish(_ message: OutgoingMessage, id: UInt64)
    /// Enqueues a message whose key and value are copied before this returns.
    func publish(topic: String, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, id: UInt64)
    /// Whether every message with an id `<= id` has been reported delivered or failed.
    func allReported(through id: UInt64) -> Bool
    /// Messages enqueued and not reported yet.
    var pending: Int { get }
    /// The first delivery failure, if any.
    var firstFailure: KafkaError? { get }
    /// Serves delivery reports without waiting longer than `timeoutMilliseconds`.
    func poll(timeoutMilliseconds: Int32)
    /// Waits up to `timeoutMilliseconds` for every report; returns how many are still missing.
    @discardableResult func finish(timeoutMilliseconds: Int) -> Int
}

extension TrackedPublisher: OutputPublisher {
    package var firstFailure: KafkaError? { failures.first?.error }

    package func finish(timeoutMilliseconds: Int) -> Int {
        finish(timeoutMilliseconds: timeoutMilliseconds, progress: { _ in })
    }
}

/// Where alert lines go: the ``AlertLog`` in production, a list in unit tests.
package protocol AlertLineWriter: AnyObject {
    func write(_ line: String)
}

extension AlertLog: AlertLineWriter {}
