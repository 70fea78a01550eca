import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

/// `waitwatch-worker inspect`: what is on a topic, at a glance.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read a topic to its end and summarise it (events by type and service, or any topic's keys).")

    @OptionGroup var options: KafkaOptions

    @Option(help: "Topic to read.")
    var topic: String = "referral-events"

    @Option(help: "Print this many messages as they are.")
    var sample: Int = 3

    func run() throws {
        let logger = options.makeLogger(label: "waitwatch.inspect")
        let scanner = TopicScanner(kafka: try options.configuration(), logger: logger)
        var total = 0
        var bytes = 0
        var partitions = Set<Int32>()
        var byKeyPrefix: [String: Int] = [:]
        var byType: [String: Int] = [:]
        var samples: [String] = []
        try scanner.scan(topic: topic, headers: true) { m in
            total += 1
            bytes += m.value?.count ?? 0
            partitions.insert(m.topicPartition.partition)
            let key = m.key.map { String(decoding: $0, as: UTF8.self) } ?? "(no key)"
            // For events the key is trust/service: count by service.
            let service = key.split(separator: "/").dropFirst().first.map(String.init) ?? key
            byKeyPrefix[service, default: 0] += 1
            if let v = m.value, let r = v.firstRange(of: Array(#""type":""#.utf8)) {
                let rest = v[r.upperBound...]
                if let end = rest.firstIndex(of: UInt8(ascii: "\"")) {
                    byType[String(decoding: rest[..<end], as: UTF8.self), default: 0] += 1
                }
            }
            if samples.count < sample {
                let text = m.value.map { String(decoding: $0, as: UTF8.self) } ?? "(tombstone)"
                let reason = m.header("reason").map { "  [reason: \(String(decoding: $0, as: UTF8.self))]" } ?? ""
                samples.append("\(m.topicPartition) @\(m.offset) \(key): \(text)\(reason)")
            }
        }
        Output.line("\(topic): \(grouped(total)) message(s), \(grouped(bytes)) bytes, \(partitions.count) partition(s) with data")
        if !byType.isEmpty {
            Output.line("by type:")
            for (k, v) in byType.sorted(by: { $0.value > $1.value }) {
                Output.line("  \(k.padding(toLength: 24, withPad: " ", startingAt: 0)) \(grouped(v))")
            }
        }
        Output.line("by service (second part of the key):")
        for (k, v) in byKeyPrefix.sorted(by: { $0.key < $1.key }) {
            Output.line("  \(k.padding(toLength: 24, withPad: " ", startingAt: 0)) \(grouped(v))")
        }
        if !samples.isEmpty {
            Output.line("first messages:")
            for s in samples { Output.line("  \(s)") }
        }
    }
}
