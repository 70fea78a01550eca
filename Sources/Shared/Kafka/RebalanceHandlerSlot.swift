import Synchronization

/// Holds a consumer's rebalance handler: set once, before the consumer subscribes, then only read.
///
/// The handler is stored on the thread that subscribes and called inside librdkafka's rebalance
/// callback, which runs within `rd_kafka_consumer_poll`/`rd_kafka_consumer_close` on whichever
/// thread polls (``KafkaConsumer`` is used from one thread at a time). The releasing store of
/// `state` after the write and the acquiring load before the read order the two, so a reader sees
/// the whole handler or none; a second ``set(_:)`` is refused instead of racing with readers.
/// That ordering is the whole of the `@unchecked`: the handler itself is only ever called by the
/// consumer's owner's thread, synchronously inside the consumer's own calls.
final class RebalanceHandlerSlot: @unchecked Sendable {
    typealias Handler = (RebalanceEvent) -> [TopicPartitionOffset]

    private enum State: Int { case empty, setting, set }
    private let state = Atomic<Int>(State.empty.rawValue)
    private var handler: Handler?

    /// Stores `handler` if none was stored before; false (and nothing stored) otherwise.
    func set(_ handler: @escaping Handler) -> Bool {
        guard state.compareExchange(expected: State.empty.rawValue, desired: State.setting.rawValue, ordering: .relaxed).exchanged else {
            return false
        }
        self.handler = handler
        state.store(State.set.rawValue, ordering: .releasing)
        return true
    }

    /// The stored handler, or nil before ``set(_:)``.
    var value: Handler? {
        state.load(ordering: .acquiring) == State.set.rawValue ? handler : nil
    }
}
