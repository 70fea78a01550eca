import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// SPEC worked example (`Fixtures/events.ndjson` → `Fixtures/expected-stats.ndjson`).
@Suite struct EngineWorkedExampleTests {
    /// Expected records by key, as JSON values.
    private func expected() throws -> [String: NSDictionary] {
        var out: [String: NSDictionary] = [:]
        for line in try FixtureEvents.lines("expected-stats.ndjson") {
            let object = try FixtureEvents.jsonObject(line)
            let key = "\(object["trust"] ?? "")/\(object["service"] ?? "")/\(object["asOf"] ?? "")"
            out[key] = object
        }
        return out
    }

    /// Our records by key, as JSON values without `lateEvents` (the fixture omits it).
    private func asJSON(_ records: some Sequence<WaitStatsRecord>) throws -> [String: NSDictionary] {
        var out: [String: NSDictionary] = [:]
        for r in records {
            let object = try FixtureEvents.jsonObject(r.jsonString())
            guard let copy = object.mutableCopy() as? NSMutableDictionary else { continue }
            #expect(copy["lateEvents"] as? Int == 0)
            copy.removeObject(forKey: "lateEvents")
            #expect(out[r.key] == nil, "record \(r.key) published twice")
            out[r.key] = copy
        }
        return out
    }

    private func compare(_ actual: [String: NSDictionary], _ expected: [String: NSDictionary]) {
        #expect(actual.count == 27)
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(actual[key] == value, "record \(key)")
        }
    }

    @Test func streamingEngineOnOnePartitionReproducesTheExample() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let run = StreamingRun(events, partitions: 1)
        #expect(run.deadLetters.isEmpty)
        #expect(run.lastCensusDay == FixtureEvents.day("2026-05-06"))
        compare(try asJSON(run.log), try expected())
    }

    @Test func streamingEngineOnThreePartitionsReproducesTheExample() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let run = StreamingRun(events, partitions: 3, redeliverContributions: true)
        compare(try asJSON(run.log), try expected())
    }

    @Test func replayWithoutWatermarkAdvancesReproducesTheExample() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let run = StreamingRun(events, partitions: 2, advanceWithWatermark: false)
        compare(try asJSON(run.log), try expected())
    }

    @Test func referenceStatisticsReproducesTheExample() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let result = ReferenceStatistics.compute(events)
        #expect(result.deadLetters.isEmpty)
        #expect(result.duplicates.isEmpty)
        compare(try asJSON(result.records), try expected())
    }

    @Test func referenceSamplingKeepsEveryNthDayBackFromTheLast() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let full = ReferenceStatistics.compute(events)
        let sampled = ReferenceStatistics.compute(events, sampleEvery: 3)
        let last = try #require(full.lastCensusDay)
        let expected = full.records.filter { (last.daysSinceEpoch - $0.asOf.daysSinceEpoch) % 3 == 0 }
        #expect(sampled.records == expected)
        #expect(sampled.records.count < full.records.count)
        #expect(sampled.records.contains { $0.asOf == last })
        #expect(sampled.firstDays == full.firstDays)
        // Every key has one record per day from its first day through the last.
        var days: [String: Int] = [:]
        for r in full.records { days["\(r.trust)/\(r.service)", default: 0] += 1 }
        for (key, first) in full.firstDays { #expect(days[key] == Int(last.daysSinceEpoch - first.daysSinceEpoch) + 1) }
    }

    @Test func encoderWritesTheExampleLinesByteForByte() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let run = StreamingRun(events, partitions: 1)
        let ours = Set(run.log.map { $0.jsonString().replacingOccurrences(of: ",\"lateEvents\":0,", with: ",") })
        let theirs = Set(try FixtureEvents.lines("expected-stats.ndjson"))
        #expect(ours == theirs)
    }

    @Test func recordsDecodeBackToTheSameValues() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let run = StreamingRun(events, partitions: 1)
        for r in run.log {
            let decoded = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(r.jsonBytes()))
            #expect(decoded == r)
        }
        for line in try FixtureEvents.lines("expected-stats.ndjson") {
            let decoded = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(line.utf8))
            #expect(run.records[decoded.key] == decoded)
        }
    }
}
