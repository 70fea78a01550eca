import CKafka

/// An error from Kafka or from librdkafka, carrying librdkafka's own message.
///
/// `code` is librdkafka's `rd_kafka_resp_err_t` value by name (see ``Code``); `message` is the text librdkafka gives for it, plus the
/// context of what waitwatch was doing.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What waitwatch was doing, e.g. `producing to referral-events`.
    public var context: String
    /// librdkafka's error code, or ``Code/noError`` for configuration errors.
    public var code: Code
    /// librdkafka's message.
    public var message: String
    /// Whether librdkafka marks the error as fatal (the client must be recreated).
    public var isFatal: Bool

    public init(context: String, code: Code, message: String, isFatal: Bool = false) {
        self.context = context
        self.code = code
        self.message = message
        self.isFatal = isFatal
    }

    /// An error from a response code, with librdkafka's description of it.
    package init(context: String, err: rd_kafka_resp_err_t) {
        self.init(context: context, code: Code(err), message: String(cString: rd_kafka_err2str(err)))
    }

    /// An error from an `rd_kafka_error_t`, which this initializer destroys.
    init(context: String, consuming error: OpaquePointer) {
        self.init(
            context: context,
            code: Code(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0)
        rd_kafka_error_destroy(error)
    }

    /// librdkafka's symbolic name of the code, e.g. `_MSG_TIMED_OUT`.
    public var name: String { code.description }

    /// True for "the local queue is full": poll, then try again.
    public var isQueueFull: Bool { code == .queueFull }

    public var description: String { "\(context): \(message) (\(name))" }
}
