/// How to reach a Kafka cluster: the bootstrap list and raw librdkafka settings.
///
/// `properties` are passed to librdkafka as they are (`security.protocol`, `sasl.*`,
/// `ssl.*`, ...): they come from the repeatable `--kafka KEY=VALUE` flag and are applied
/// after waitwatch's own defaults, so a user can override any of them.
public struct KafkaConfiguration: Sendable, Hashable {
    /// Comma-separated `host:port` list.
    public var brokers: String
    /// Raw librdkafka properties, applied last.
    public var properties: [String: String]

    public init(brokers: String, properties: [String: String] = [:]) {
        self.brokers = brokers
        self.properties = properties
    }

    /// Parses `KEY=VALUE` pairs as given on the command line.
    ///
    /// - Throws: ``KafkaConfigurationError`` naming the first malformed pair.
    public static func parseProperties(_ pairs: [String]) throws(KafkaConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw KafkaConfigurationError(message: "--kafka expects KEY=VALUE, got \"\(pair)\"")
            }
            result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return result
    }
}

// Secrets stay out of every printed form: a setting's description (operators' logs print the
// services they run, swift-service-lifecycle's debug lines among them), `String(reflecting:)`,
// `dump` and the description of anything holding a configuration.
extension KafkaConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `properties` with the value of every secret setting (``KafkaSecretSettings``) replaced.
    public var redactedProperties: [String: String] {
        properties.reduce(into: [:]) { $0[$1.key] = KafkaSecretSettings.isSecret($1.key) ? "<redacted>" : $1.value }
    }

    public var description: String {
        let settings = redactedProperties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "KafkaConfiguration(brokers: \(brokers), properties: [\(settings.joined(separator: ", "))])"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["brokers": brokers, "properties": redactedProperties], displayStyle: .struct)
    }
}

/// A malformed Kafka setting, with a one-line explanation.
public struct KafkaConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Producer settings on top of a ``KafkaConfiguration``.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    public var kafka: KafkaConfiguration
    /// Time librdkafka may take to deliver one message, retries included (`message.timeout.ms`).
    public var messageTimeoutMilliseconds: Int = 60_000
    /// How long to wait to fill batches (`linger.ms`).
    public var lingerMilliseconds: Int = 5
    /// Idempotent delivery (`enable.idempotence`, which implies `acks=all`).
    public var idempotent: Bool = true
    /// Produce requests in flight per broker connection
    /// (`max.in.flight.requests.per.connection`); nil keeps librdkafka's default (5).
    ///
    /// With more than one in flight, idempotent delivery relies on the broker refusing batches
    /// that arrive after a failed one (OUT_OF_ORDER_SEQUENCE_NUMBER): librdkafka then reports
    /// the failed batch delivered once a later one succeeds ("implicit ack"). Apache Kafka does;
    /// librdkafka 2.0.2's mock cluster does not check sequences, nor may every Kafka-compatible
    /// broker, and there that reports lost messages as delivered. One in flight never depends on it.
    public var maxInFlightRequests: Int?

    public init(kafka: KafkaConfiguration) {
        self.kafka = kafka
    }

    /// The librdkafka properties, defaults first and the user's passthrough last.
    var librdkafkaProperties: [(String, String)] {
        var p: [(String, String)] = [
            ("bootstrap.servers", kafka.brokers),
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("acks", "all"),
            ("message.timeout.ms", String(messageTimeoutMilliseconds)),
            ("linger.ms", String(lingerMilliseconds)),
            // Same key-to-partition mapping as the Java client, so other producers agree with us.
            ("partitioner", "murmur2_random"),
            ("queue.buffering.max.messages", "1000000"),
            ("batch.num.messages", "10000"),
            ("compression.type", "lz4"),
        ]
        if let maxInFlightRequests { p.append(("max.in.flight.requests.per.connection", String(maxInFlightRequests))) }
        p += kafka.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return p
    }
}

/// Consumer settings on top of a ``KafkaConfiguration``.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    public var kafka: KafkaConfiguration
    /// Consumer group id.
    public var groupID: String
    /// How long the group waits for a silent member before rebalancing
    /// (`session.timeout.ms`). 10 s: a killed worker's partitions move within ~10 s,
    /// while a GC-free Swift process never misses heartbeats for that long.
    public var sessionTimeoutMilliseconds: Int = 10_000
    /// Heartbeat interval (`heartbeat.interval.ms`), a third of the session timeout or less.
    public var heartbeatIntervalMilliseconds: Int = 1_000
    /// Report end of partition as an event (`enable.partition.eof`).
    public var partitionEOF: Bool = true
    /// What to do when a stored offset is out of range (`auto.offset.reset`):
    /// `error` lets the caller detect data it could not read.
    public var autoOffsetReset: String = "earliest"

    public init(kafka: KafkaConfiguration, groupID: String) {
        self.kafka = kafka
        self.groupID = groupID
    }

    var librdkafkaProperties: [(String, String)] {
        var p: [(String, String)] = [
            ("bootstrap.servers", kafka.brokers),
            ("group.id", groupID),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("enable.partition.eof", partitionEOF ? "true" : "false"),
            ("auto.offset.reset", autoOffsetReset),
            ("session.timeout.ms", String(sessionTimeoutMilliseconds)),
            ("heartbeat.interval.ms", String(heartbeatIntervalMilliseconds)),
            ("fetch.wait.max.ms", "100"),
            // Prefetch bounded by bytes only. librdkafka compares `queued.min.messages` with the
            // queue a partition forwards to, which for a group consumer is the one queue of all
            // its partitions: at the default (100,000) a worker holding 64 partitions stopped
            // fetching every 100,000 messages in all and waited for the broker threads' next
            // wake-up (0.3–0.4 s each time; docs/DESIGN.md, "Prefetch").
            ("queued.min.messages", "1000000"),
            ("queued.max.messages.kbytes", "65536"),
        ]
        p += kafka.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return p
    }
}
