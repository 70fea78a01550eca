import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Measures decode + validate throughput; prints a number, asserts nothing about time.
///
/// In an ordinary test run it decodes a few thousand events (it must not be skipped, and it still
/// checks that every line decodes); for a figure, run it with a release build:
///
///     WAITWATCH_BENCH=1 swift test -c release --filter EventDecoderThroughput
struct EventDecoderThroughputTests {
    /// Typical events of about 175 bytes: 15-character ids, a London offset, one type-specific
    /// field on most of them.
    static let typicalLines: [[UInt8]] = (0..<1024).map { i in
        let serial = String(format: "%012d", 123_456 + i)
        let types = [
            #""type":"referral.received","priority":"routine","#,
            #""type":"appointment.attended","appointmentId":"A-\#(serial.suffix(9))","#,
            #""type":"appointment.booked","appointmentId":"A-\#(serial.suffix(9))","scheduledFor":"2026-06-01T10:30:00+01:00","#,
            #""type":"treatment.started","#,
        ]
        let json =
            #"{"eventId":"ev-\#(serial)",\#(types[i % 4])"referralId":"RAJ-\#(serial.suffix(10))","trust":"RAJ","service":"SALT","occurredAt":"2026-05-\#(String(format: "%02d", i % 28 + 1))T09:\#(String(format: "%02d", i % 60)):00+01:00"}"#
        return Array(json.utf8)
    }

    /// Heavier events of about 225 bytes: UUID event ids, a local referral id, London offsets.
    static let lines: [[UInt8]] = (0..<1024).map { i in
        let types = [
            #""type":"referral.received","#,
            #""type":"appointment.attended","appointmentId":"A\#(i)","#,
            #""type":"appointment.cancelled","appointmentId":"A\#(i)","cancelledBy":"patient","#,
        ]
        let id = UUID(uuidString: "8c3f5a2e-7d41-4b7a-9a55-\(String(format: "%012d", i))")!.uuidString.lowercased()
        let json =
            #"{"eventId":"\#(id)",\#(types[i % 3])"referralId":"RAJ-2026-\#(100_000 + i)","trust":"RAJ","service":"SALT","occurredAt":"2026-05-\#(String(format: "%02d", i % 28 + 1))T09:\#(String(format: "%02d", i % 60)):00+01:00","patientRef":"p\#(i)"}"#
        return Array(json.utf8)
    }

    /// The lines of the fixture file (the SPEC's worked example), about 150 bytes each.
    static func fixtureLines() throws -> [[UInt8]] {
        let url = try FixtureEvents.url("events.ndjson")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
    }

    /// CPU time of the calling thread, in seconds (immune to other processes' load).
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Decodes `eventCount` events in 20 trials and prints the best and the median trial in
    /// events per CPU-second of this thread (best-of-N because shared machines are noisy).
    static func measure(_ name: String, _ lines: [[UInt8]]) {
        let decoder = EventDecoder()
        let averageSize = lines.reduce(0) { $0 + $1.count } / lines.count
        let trials = 20
        let rounds = max(1, eventCount / trials / lines.count)
        var rates: [Double] = []
        for _ in 0..<trials {
            var accepted = 0
            let cpuStart = threadCPUSeconds()
            for _ in 0..<rounds {
                for line in lines {
                    switch decoder.decode(line) {
                    case .success(let event): accepted += event.eventId.isEmpty ? 0 : 1
                    case .failure: break
                    }
                }
            }
            let cpu = threadCPUSeconds() - cpuStart
            #expect(accepted == rounds * lines.count)
            rates.append(Double(rounds * lines.count) / cpu)
        }
        rates.sort()
        print(
            "EventDecoder [\(name)]: ~\(averageSize)-byte events, \(trials) trials of \(rounds * lines.count): best \(Int(rates.last ?? 0)) events/s, median \(Int(rates[trials / 2])) events/s per CPU-second"
        )
    }

    /// `WAITWATCH_BENCH` may give the number of events per measurement (default 2 million when it
    /// is set; without it, 20,480, a smoke run).
    static let eventCount: Int = {
        guard let bench = ProcessInfo.processInfo.environment["WAITWATCH_BENCH"] else { return 20_480 }
        return Int(bench) ?? 2_000_000
    }()

    @Test func decodeThroughput() throws {
        Self.measure("typical, 15-character ids", Self.typicalLines)
        Self.measure("UUID event ids + patientRef", Self.lines)
        Self.measure("fixture events.ndjson", try Self.fixtureLines())
    }
}
