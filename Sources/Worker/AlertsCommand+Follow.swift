import ArgumentParser
import Foundation
import Logging
import WaitwatchCLI
import WaitwatchCore
import WaitwatchKafka

extension AlertsCommand {
    /// Whether `alert` passes `--trust`, `--service` and `--since`.
    func selects(_ alert: Alert) -> Bool {
        if let trust, alert.trust != trust { return false }
        if let service, alert.service != service { return false }
        if let since = since.flatMap({ CivilDay($0) }), alert.asOf < since { return false }
        return true
    }

    /// One alert as printed: the alert-log line, or with `--json` its record as on the topic.
    func printed(_ alert: Alert) -> String {
        json ? String(decoding: alert.jsonBytes(), as: UTF8.self) : alert.logLine
    }

    /// `--follow`: prints every new alert as the workers publish it, from the end of each
    /// partition as it was when the log was printed, until interrupted (Ctrl-C, SIGTERM). A
    /// transition re-published after a worker restart is printed once.
    func follow(kafka: KafkaConfiguration, logger: Logger, seen: inout Set<String>) throws {
        var config = KafkaConsumerConfiguration(kafka: kafka, groupID: "waitwatch-alerts-follow-\(UUID().uuidString)")
        config.partitionEOF = false
        let consumer = try KafkaConsumer(configuration: config, logger: logger)
        defer { try? consumer.close() }
        let count = try consumer.partitionCounts(topic: topic)[topic] ?? 0
        guard count > 0 else { throw ValidationError("topic \(topic) does not exist on the cluster at \(kafka.brokers)") }
        var start: [TopicPartitionOffset] = []
        for p in 0..<count {
            let tp = TopicPartition(topic: topic, partition: Int32(p))
            start.append(TopicPartitionOffset(tp, offset: try consumer.watermarks(of: tp).high))
        }
        try consumer.assign(start)
        Output.error("alerts: following \(topic) (Ctrl-C to stop)")
        let decoder = JSONDecoder()
        while true {
            guard case .message(let m)? = consumer.poll(timeoutMilliseconds: 500), let value = m.value,
                let alert = try? decoder.decode(Alert.self, from: Data(value))
            else { continue }
            guard selects(alert), seen.insert("\(alert.alertId)|\(alert.state.rawValue)").inserted else { continue }
            Output.line(printed(alert))
        }
    }
}
