import CKafka
import Logging

/// One line of librdkafka's log, copied out of its log queue on the thread that serves it.
///
/// librdkafka writes its log lines to a queue (`log.queue=true`, see ``RDKafkaClient``)
/// instead of calling back from its own threads; ``RDKafkaClient/serveLogs(waitingMilliseconds:)``
/// turns each queued line into this value and hands it to swift-log on the caller's thread.
struct KafkaLogEvent: Sendable, Hashable {
    /// librdkafka's syslog-style level (0 emergency … 7 debug).
    var syslogLevel: Int32
    /// librdkafka's facility, e.g. `FAIL` or `REQTMOUT`.
    var facility: String
    /// The line as librdkafka wrote it.
    var message: String

    /// Copies a log event out of librdkafka's event; nil for any other kind of event.
    init?(event: OpaquePointer) {
        guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_LOG else { return nil }
        var facility: UnsafePointer<CChar>?
        var text: UnsafePointer<CChar>?
        var level: Int32 = 7
        guard rd_kafka_event_log(event, &facility, &text, &level) == 0 else { return nil }
        self.init(syslogLevel: level, facility: facility.map { String(cString: $0) } ?? "", message: text.map { String(cString: $0) } ?? "")
    }

    init(syslogLevel: Int32, facility: String, message: String) {
        self.syslogLevel = syslogLevel
        self.facility = facility
        self.message = message
    }

    /// Writes the line to `logger` at the level ``logLevel(syslog:)`` maps it to.
    func emit(to logger: Logger) {
        logger.log(level: logLevel(syslog: syslogLevel), "librdkafka: \(message)", metadata: ["facility": "\(facility)"])
    }
}

/// The librdkafka `log_level` (syslog-style) below which nothing would reach `level` after
/// ``logLevel(syslog:)``: lines that would be dropped are not even queued.
func syslogThreshold(for level: Logger.Level) -> Int32 {
    switch level {
    case .trace, .debug: return 7
    case .info: return 4
    case .notice: return 3
    case .warning, .error, .critical: return 0
    }
}
