import CKafka

extension RDKafkaClient {
    /// Creates the queue that receives librdkafka's log lines and forwards them to it.
    ///
    /// With `log.queue=true` librdkafka never calls the log callback from its own threads: it
    /// queues each line, and the lines come out only where this client serves the queue
    /// (``serveLogs(waitingMilliseconds:)``), on a thread of ours. rdkafka.h forbids calling
    /// librdkafka from a callback that is not forwarded this way.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refuses the forwarding (for example
    ///   `_NOT_CONFIGURED` when `log.queue` is not true); the queue is destroyed then.
    static func makeLogQueue(_ rk: OpaquePointer) throws(KafkaError) -> OpaquePointer {
        guard let queue = rd_kafka_queue_new(rk) else {
            throw KafkaError(context: "creating the Kafka log queue", code: .noError, message: "librdkafka returned no queue")
        }
        let err = rd_kafka_set_log_queue(rk, queue)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_queue_destroy(queue)
            throw KafkaError(context: "forwarding librdkafka's logs to a queue (log.queue must be true)", err: err)
        }
        return queue
    }

    /// Writes librdkafka's queued log lines to the client's logger, on the calling thread.
    ///
    /// Waits up to `waitingMilliseconds` for the first line (0: do not wait), then takes what is
    /// queued without waiting. Thread-safe. Returns the number of lines written.
    @discardableResult
    func serveLogs(waitingMilliseconds: Int32 = 0) -> Int {
        var served = 0
        var timeout = waitingMilliseconds
        while let event = rd_kafka_queue_poll(logQueue, timeout) {
            let line = KafkaLogEvent(event: event)
            rd_kafka_event_destroy(event)
            line?.emit(to: context.logger)
            served += 1
            timeout = 0
        }
        return served
    }
}
