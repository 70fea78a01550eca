import CKafka
import Logging
import Synchronization

/// Per-client state reachable from librdkafka's callbacks through the `opaque` pointer.
///
/// Owned by ``RDKafkaClient``, which keeps it alive until after `rd_kafka_destroy`.
/// Callbacks only run inside our own `rd_kafka_poll`/`rd_kafka_consumer_poll`/`flush`
/// calls (logs do not use a callback: they go to a queue, see `RDKafkaClient.serveLogs`),
/// never on librdkafka's threads, but those calls may come from different threads, so
/// mutable state sits behind a Mutex.
final class ClientContext: @unchecked Sendable {
    let logger: Logger
    /// Delivery reports collected by the delivery callback, drained by the producer.
    let deliveries = Mutex<[DeliveryReport]>([])
    /// Called inside the rebalance callback, before librdkafka (un)assigns. Set once by the
    /// consumer before it subscribes and only invoked inside `rd_kafka_consumer_poll`/`close`
    /// on the consumer's own thread.
    let rebalanceHandler = RebalanceHandlerSlot()
    /// The last error reported through the error callback (cleared when read).
    let lastError = Mutex<KafkaError?>(nil)

    /// The group's rebalance protocol, from the configuration (consumers only).
    let rebalanceProtocol: RebalanceProtocol

    init(logger: Logger, rebalanceProtocol: RebalanceProtocol = .eager) {
        self.logger = logger
        self.rebalanceProtocol = rebalanceProtocol
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// librdkafka's syslog-style levels mapped onto swift-log's, one step quieter: librdkafka
/// retries connection failures itself and waitwatch reports what persists in its own words,
/// so its raw lines show from `--log-level notice` on.
func logLevel(syslog level: Int32) -> Logger.Level {
    switch level {
    case ...3: return .notice
    case 4: return .info
    default: return .debug
    }
}

/// The text of a NUL-terminated C buffer such as librdkafka's `errstr`.
func string(fromCBuffer buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
