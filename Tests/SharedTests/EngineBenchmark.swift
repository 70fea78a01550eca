import Foundation
import Testing
import WaitwatchCore
import WaitwatchConfig
import WaitwatchSimulation
import WaitwatchTesting

/// A rough ingest throughput figure (no timing assertions): 1.2 million events, three rounds, on
/// request, `WAITWATCH_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter EngineBenchmark`;
/// in an ordinary test run a smoke run of 20,000 events, one round (never skipped).
struct EngineBenchmark {
    static let onRequest = ProcessInfo.processInfo.environment["WAITWATCH_BENCH"] != nil

    @Test func ingestThroughput() {
        let eventTotal = Self.onRequest ? 1_200_000 : 20_000
        // 220 trusts × SALT on one partition, ~9,600 events a day for ~125 days, in time order;
        // waiting lists grow to ~400,000 referrals (the worst case for the referral dictionaries).
        var rng = SplitMix64(seed: 42)
        var events: [ReferralEvent] = []
        events.reserveCapacity(eventTotal)
        let trusts = (0..<220).map { "T\(100 + $0)" }
        var open: [[Int]] = Array(repeating: [], count: 220)
        var t: Int64 = 1_767_225_600  // 2026-01-01
        var n = 0
        while events.count < eventTotal {
            t += 9
            n += 1
            let k = Int.random(in: 0..<220, using: &rng)
            let at = Timestamp(secondsSinceEpoch: t)
            let day = PartitionEngine.londonDay(of: at)
            if open[k].count < 50 || Int.random(in: 0..<3, using: &rng) == 0 {
                open[k].append(n)
                events.append(
                    ReferralEvent(
                        eventId: "e\(n)", type: .referralReceived, referralId: "R\(n)", trust: trusts[k], service: "SALT",
                        occurredAt: at, day: day))
            } else {
                let i = Int.random(in: 0..<open[k].count, using: &rng)
                let rid = open[k][i]
                let type: EventType = [.appointmentBooked, .appointmentDNA, .appointmentAttended][Int.random(in: 0..<3, using: &rng)]
                if type == .appointmentAttended {
                    open[k].swapAt(i, open[k].count - 1)
                    open[k].removeLast()
                }
                events.append(
                    ReferralEvent(
                        eventId: "e\(n)", type: type, referralId: "R\(rid)", trust: trusts[k], service: "SALT", occurredAt: at,
                        day: day, appointmentId: "A1"))
            }
        }
        for round in 0..<(Self.onRequest ? 3 : 1) {
            var engine = PartitionEngine(partition: 0)
            var deadLetters: [DeadLetter] = []
            var records = 0
            var advancing = Duration.zero
            let clock = ContinuousClock()
            let start = clock.now
            for i in events.indices {
                _ = engine.ingest(events[i], token: UInt64(i), deadLetters: &deadLetters)
                if i & 1023 == 0 {
                    let a = clock.now
                    if let advance = engine.advanceToWatermark() { records += advance.records.count }
                    advancing += clock.now - a
                }
            }
            let ingesting = (clock.now - start) - advancing
            let seconds = ingesting.inSeconds
            print(
                "round \(round): \(events.count) events in \(seconds) s = \(Int(Double(events.count) / seconds)) events/s "
                    + "(advance: \(advancing) for \(records) records; \(engine.referralCount) referrals)")
        }
    }
}
