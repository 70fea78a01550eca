import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime
#endif

/// `waitwatch-worker bench-engine`: the statistics engine alone, without Kafka.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-engine",
        abstract: "Measure the statistics engine alone: memory per waiting referral, and events/s with and without JSON decoding.",
        discussion: """
            Builds N waiting referrals (referral.received events over 220 trusts × 7 services) in one \
            partition engine and reports resident-memory growth per waiting referral (the events \
            themselves are made beforehand, so the growth is the engine's), then replays a simulated feed through decode + \
            ingest + publishing records on one core. Prints figures; asserts nothing.
            """)

    @Option(help: "Waiting referrals to build for the memory figure.")
    var referrals: Int = 1_000_000

    @Option(help: "Simulated events for the throughput figure.")
    var events: Int = 1_000_000

    func run() throws {
        try memory()
        throughput()
    }

    /// Resident memory of this process (Linux `/proc/self/statm`), 0 elsewhere.
    private func heapBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `count` referral.received events over 220 trusts × 7 services, 50 per second of event
    /// time from 2026-01-01 (none completes, so every referral stays waiting).
    static func waitingReferrals(_ count: Int, trustCount: Int = 220) -> [ReferralEvent] {
        let services = ServiceCatalogue.default.services.map(\.code)
        let trusts = (0..<trustCount).map { String(format: "R%03d", $0) }
        var made: [ReferralEvent] = []
        made.reserveCapacity(count)
        let start = Timestamp(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01
        for i in 0..<count {
            let t = trusts[i % trusts.count]
            let s = services[(i / trusts.count) % services.count]
            let at = start.adding(seconds: Int64(i / 50))
            made.append(
                ReferralEvent(
                    eventId: "e\(i)", type: .referralReceived, referralId: "\(t)-\(i)", trust: t, service: s,
                    occurredAt: at, day: CivilDay(londonDateOf: at), priority: .routine))
        }
        return made
    }

    private func memory() throws {
        let made = Self.waitingReferrals(referrals)
        var engine = PartitionEngine(partition: 0)
        var dead: [DeadLetter] = []
        let before = heapBytes()
        for e in made { _ = engine.ingest(e, token: 0, deadLetters: &dead) }
        let after = heapBytes()
        let perReferral = Double(after - before) / Double(referrals)
        Output.line(
            "memory: \(grouped(referrals)) waiting referrals (ids of 9–13 characters) over \(grouped(engine.keyCount)) keys: \(grouped(after - before)) resident bytes, \(Int(perReferral.rounded())) bytes per waiting referral (includes the 7-day eventId deduplication memory)"
        )
        withExtendedLifetime(engine) {}
    }

    private func throughput() {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(events)
        let encoder = EventEncoder()
        var decoded: [ReferralEvent] = []
        decoded.reserveCapacity(events)
        guard let simulation = try? ReferralSimulation(SimulationConfiguration(seed: 1, trusts: 25, days: 730)) else { return }
        for e in simulation.prefix(events) {
            lines.append(encoder.encode(e))
            decoded.append(e)
        }
        let decoder = EventDecoder()
        let clock = ContinuousClock()

        var engine = PartitionEngine(partition: 0)
        var dead: [DeadLetter] = []
        var records = 0
        var t0 = clock.now
        for e in decoded {
            dead.removeAll(keepingCapacity: true)
            _ = engine.ingest(e, token: 0, deadLetters: &dead)
            if let a = engine.advanceToWatermark() { records += a.records.count }
        }
        var d = clock.now - t0
        let ingestOnly = Double(decoded.count) / d.inSeconds

        engine = PartitionEngine(partition: 0)
        records = 0
        var bytes = 0
        t0 = clock.now
        for line in lines {
            guard case .success(let e) = decoder.decode(line) else { continue }
            dead.removeAll(keepingCapacity: true)
            _ = engine.ingest(e, token: 0, deadLetters: &dead)
            if let a = engine.advanceToWatermark() {
                for r in a.records { bytes += r.jsonBytes().count }
                records += a.records.count
            }
        }
        d = clock.now - t0
        let full = Double(lines.count) / d.inSeconds
        Output.line(
            "engine: \(grouped(lines.count)) simulated events on one core: ingest + advance \(grouped(Int(ingestOnly))) events/s; decode JSON + ingest + advance + encode \(grouped(records)) records \(grouped(Int(full))) events/s"
        )
    }
}
