import PropertyBased
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// The streaming engine (several partitions + aggregator, advanced by watermark) agrees with the
/// brute-force ``ReferenceStatistics`` on random streams.
@Suite struct EnginePropertyTests {
    private func withoutLate(_ r: WaitStatsRecord?) -> WaitStatsRecord? {
        guard var r else { return nil }
        r.lateEvents = 0
        return r
    }

    @Test func streamingEngineMatchesTheReferenceOnRandomStreams() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = RandomScenario(seed: seed)
            let reference = ReferenceStatistics.compute(scenario.events, configuration: scenario.configuration)
            let run = StreamingRun(
                scenario.events, partitions: scenario.partitions, configuration: scenario.configuration,
                redeliverContributions: seed % 2 == 0)
            #expect(run.lastCensusDay == reference.lastCensusDay, "seed \(seed)")

            // Same dead letters (by input position and reason) and duplicates.
            let ours = run.deadLetters.map { "\($0.token) \($0.reason.code)" }.sorted()
            let theirs = reference.deadLetters.map { "\($0.index) \($0.reason.code)" }.sorted()
            #expect(ours == theirs, "seed \(seed)")
            let duplicates = run.outcomes.indices.filter { run.outcomes[$0] == .duplicate }
            #expect(duplicates == reference.duplicates.sorted(), "seed \(seed)")

            // Whatever was late: once everything has been read, the next record of every key
            // (and ALL) is the reference's for that day.
            guard let last = reference.lastCensusDay, let fresh = run.firstFreshDay else { return }
            var extended = run
            extended.extend(through: fresh)
            let referenceFresh = ReferenceStatistics.compute(
                scenario.events, configuration: scenario.configuration, lastDay: fresh
            ).records.filter { $0.asOf == fresh }
            #expect(
                Set(referenceFresh.map(\.key)) == Set(extended.records.values.filter { $0.asOf == fresh }.map(\.key)),
                "seed \(seed)")
            for r in referenceFresh {
                #expect(withoutLate(extended.records[r.key]) == r, "seed \(seed) key \(r.key)")
            }

            // With no late event anywhere, every record the reference computes was published
            // exactly so (and every record published was, except days after the last census day).
            let anyLate = run.engines.contains { $0.counters.late > 0 } || run.records.values.contains { $0.lateEvents > 0 }
            if !anyLate {
                for r in reference.records {
                    #expect(run.records[r.key] == r, "seed \(seed) key \(r.key)")
                }
                let referenceKeys = Set(reference.records.map(\.key))
                #expect(run.records.values.allSatisfy { referenceKeys.contains($0.key) || $0.asOf > last }, "seed \(seed)")
            }
        }
    }

    @Test func partitionCountDoesNotChangeTheRecords() async {
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = RandomScenario(seed: seed)
            var one = StreamingRun(scenario.events, partitions: 1, configuration: scenario.configuration)
            var three = StreamingRun(scenario.events, partitions: 3, configuration: scenario.configuration)
            // Compare a day both have computed from the complete state.
            guard let a = one.firstFreshDay, let b = three.firstFreshDay else { return }
            let day = max(a, b)
            one.extend(through: day)
            three.extend(through: day)
            let fresh = one.records.values.filter { $0.asOf == day }
            #expect(fresh.count == three.records.values.filter { $0.asOf == day }.count, "seed \(seed)")
            for r in fresh {
                #expect(withoutLate(three.records[r.key]) == withoutLate(r), "seed \(seed) key \(r.key)")
            }
        }
    }
}
