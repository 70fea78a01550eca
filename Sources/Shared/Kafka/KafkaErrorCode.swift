import CKafka

extension KafkaError {
    /// A librdkafka error code (`rd_kafka_resp_err_t`) by name: negative for errors raised by
    /// librdkafka itself, positive for the broker's error codes.
    ///
    /// Code outside the binding compares errors with these names (`error.code == .partitionEOF`,
    /// ``KafkaError/isUnreachable``), never with librdkafka's numbers. Codes without a name here
    /// still compare and print (``KafkaError/name``) as librdkafka's.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// librdkafka's numeric value of the code.
        public let rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ err: rd_kafka_resp_err_t) {
            self.init(rawValue: err.rawValue)
        }

        /// No librdkafka code: a bad setting, or an error of waitwatch's own about Kafka.
        public static let noError = Code(RD_KAFKA_RESP_ERR_NO_ERROR)
        /// The consumer reached the end of a partition (`_PARTITION_EOF`): an event, not a failure.
        public static let partitionEOF = Code(RD_KAFKA_RESP_ERR__PARTITION_EOF)
        /// A broker connection failed (`_TRANSPORT`).
        public static let transport = Code(RD_KAFKA_RESP_ERR__TRANSPORT)
        /// No broker could be reached (`_ALL_BROKERS_DOWN`).
        public static let allBrokersDown = Code(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        /// An operation did not finish in time (`_TIMED_OUT`).
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// A broker's host name could not be resolved.
        public static let resolve = Code(RD_KAFKA_RESP_ERR__RESOLVE)
        /// A message was not delivered within `message.timeout.ms` (`_MSG_TIMED_OUT`).
        public static let messageTimedOut = Code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        /// librdkafka's local produce queue is full (`_QUEUE_FULL`): poll, then try again.
        public static let queueFull = Code(RD_KAFKA_RESP_ERR__QUEUE_FULL)
        /// The client hit a fatal error and must be recreated (`_FATAL`).
        public static let fatal = Code(RD_KAFKA_RESP_ERR__FATAL)
        /// The broker does not know the topic or partition (`UNKNOWN_TOPIC_OR_PART`).
        public static let unknownTopicOrPartition = Code(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)

        /// librdkafka's symbolic name of the code, e.g. `_MSG_TIMED_OUT`.
        public var description: String {
            String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: rawValue)))
        }
    }

    /// True when the cluster could not be reached or did not answer in time: the connection
    /// failed, no broker was up, or a request or message timed out.
    public var isUnreachable: Bool {
        [Code.transport, .allBrokersDown, .resolve, .timedOut, .messageTimedOut].contains(code)
    }
}
