import ArgumentParser
import WaitwatchCore
import WaitwatchKafka
import WaitwatchCLI

/// `waitwatch-worker bench-stats-fill`: fills a statistics topic with synthetic records for
/// the `stats` benchmark (BENCHMARKS.md, scripts/bench-stats). Never for a real cluster.
struct BenchStatsFillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stats-fill",
        abstract: "Publish N synthetic statistics records (trusts × services × days) to a topic, for the stats benchmark.",
        discussion:
            "Keys are T0000…/{SALT,CAMHS,OT,PHYSIO,NDA}/{day}, plus RAJ as the first trust; the values are well-formed records. For the embedded cluster only."
    )

    @OptionGroup var options: KafkaOptions

    @Option(help: "Statistics topic.")
    var topic: String = "referral-wait-stats"

    @Option(help: "Records to publish.")
    var records: Int = 1_000_000

    @Option(help: "Days per key (the rest is spread over trusts).")
    var days: Int = 1000

    func run() throws {
        let logger = options.makeLogger(label: "waitwatch.bench-stats-fill")
        let publisher = TrackedPublisher(
            producer: try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: try options.configuration()), logger: logger))
        let services = ["SALT", "CAMHS", "OT", "PHYSIO", "NDA"]
        let start = CivilDay("2023-01-01")!
        var waiting = WaitStatsRecord.Waiting()
        var record = WaitStatsRecord(
            trust: "RAJ", service: "SALT", asOf: start, windowDays: 28, targetDays: 126, standardPct: 92, waiting: waiting,
            completed: .init(), received: 0, dna: 0, cancelledByProvider: 0, cancelledByPatient: 0, closed: 0, lateEvents: 0)
        var n = 0
        var trust = 0
        let clock = ContinuousClock.now
        while n < records {
            record.trust = trust == 0 ? "RAJ" : "T\(String(trust, radix: 10).leftPadded(4))"
            for service in services {
                record.service = service
                for d in 0..<days where n < records {
                    record.asOf = start.advanced(by: Int32(d))
                    waiting.count = 100 + (d * 7 + trust) % 900
                    waiting.medianDays = 40 + d % 60
                    waiting.p90Days = 120 + d % 90
                    waiting.p92Days = 130 + d % 90
                    waiting.maxDays = 400 + d % 200
                    waiting.withinTargetPctTenths = 700 + d % 300
                    waiting.bands = .init(
                        upTo1Week: 10, upTo2Weeks: 10, upTo4Weeks: 20, upTo12Weeks: waiting.count - 70, upTo18Weeks: 10, upTo52Weeks: 15,
                        over52Weeks: 5)
                    record.waiting = waiting
                    publisher.publish(OutgoingMessage(topic: topic, key: Array(record.key.utf8), value: record.jsonBytes()), id: UInt64(n))
                    n += 1
                }
            }
            trust += 1
        }
        let left = publisher.finish(timeoutMilliseconds: 300_000)
        guard left == 0, publisher.failures.isEmpty else {
            throw ValidationError("bench-stats-fill: \(publisher.failures.count) failed, \(left) unconfirmed of \(n)")
        }
        Output.error(
            "bench-stats-fill: \(n) records on \(topic) (\(trust) trusts × \(services.count) services × up to \(days) days) in \(ContinuousClock.now - clock)"
        )
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
