import Foundation
import Testing
@testable import WaitwatchCore
import WaitwatchTesting

/// ICB and region roll-up records (`ICB:{code}`, `REGION:{code}`): merged from the partitions'
/// effects exactly as `ALL` is. The random-stream comparisons with the reference and the restore
/// tests cover them too (``RandomScenario`` maps organisations for odd seeds).
@Suite struct EngineRollupTests {
    let d = FixtureEvents.day("2026-01-19")
    static let mapping = OrganisationRollups([
        "RAJ": .init(icb: "QH8", region: "Y61"), "RQW": .init(icb: "QM7", region: "Y61"),
        "RXA": .init(icb: "QYG", region: "Y62"),
    ])

    @Test func rollUpsAreTheUnionOfTheirOrganisationsAcrossPartitionsNotAnAverage() throws {
        let configuration = EngineConfiguration(rollups: Self.mapping)
        var raj = EventBuilder(trust: "RAJ")
        var rqw = EventBuilder(trust: "RQW")
        var rxa = EventBuilder(trust: "RXA")
        var p0 = SinglePartition(configuration: configuration, partition: 0)
        var p1 = SinglePartition(configuration: configuration, partition: 1)
        // RAJ (QH8, Y61): three waiting 10 days. RQW (QM7, Y61): one waiting 0 days, one
        // completed in 4 days. RXA (QYG, Y62): one waiting 30 days.
        for i in 0..<3 { p0.ingest(raj.on(.referralReceived, "R\(i)", day: d - 10)) }
        p1.ingest(
            rqw.on(.referralReceived, "Q0", day: d), rqw.on(.referralReceived, "Q1", day: d - 12),
            rqw.on(.appointmentAttended, "Q1", day: d - 8), rxa.on(.referralReceived, "X0", day: d - 30))
        var all = AllAggregator(configuration: configuration, partitionCount: 2)
        p0.advance(through: d)
        p1.advance(through: d)
        var published: [WaitStatsRecord] = []
        for c in p0.contributions + p1.contributions {
            published += all.receive(try AllContribution(decoding: c.encoded())).records
        }
        let byKey = Dictionary(uniqueKeysWithValues: published.map { ($0.key, $0) })
        let region = try #require(byKey["REGION:Y61/SALT/\(d)"])
        #expect(region.level == .region)
        #expect(region.waiting.count == 4)
        #expect(region.waiting.medianDays == 10)  // [0, 10, 10, 10], rank 2: not the mean of 10 and 0
        #expect(region.completed.count == 1 && region.completed.medianDays == 4)
        #expect(region.received == 5)
        #expect(byKey["ICB:QH8/SALT/\(d)"]?.waiting.count == 3)
        #expect(byKey["ICB:QM7/SALT/\(d)"]?.waiting.medianDays == 0)
        #expect(byKey["REGION:Y62/SALT/\(d)"]?.waiting.maxDays == 30)
        #expect(byKey["ALL/SALT/\(d)"]?.waiting.count == 5)
        // A roll-up starts on its organisations' earliest first day, like ALL.
        #expect(published.filter { $0.trust == "REGION:Y61" }.map(\.asOf).min() == d - 12)
        #expect(published.filter { $0.trust == "ICB:QH8" }.map(\.asOf).min() == d - 10)
        #expect(Set(published.map(\.trust)) == ["ALL", "ICB:QH8", "ICB:QM7", "ICB:QYG", "REGION:Y61", "REGION:Y62"])
    }

    @Test func withoutAMappingNothingChanges() {
        var b = EventBuilder()
        var plain = SinglePartition()
        plain.ingest(b.on(.referralReceived, "R", day: d))
        plain.advance(through: d)
        // The contribution keeps the encoding of before roll-ups; so do the fingerprints.
        #expect(plain.contributions.first?.encoded().first == AllContribution.currentVersion)
        #expect(plain.contributions.first?.sections.allSatisfy { $0.area == nil } == true)
        #expect(EngineConfiguration().fingerprint != EngineConfiguration(rollups: Self.mapping).fingerprint)
        var withRollups = SinglePartition(configuration: EngineConfiguration(rollups: Self.mapping))
        withRollups.ingest(b.on(.referralReceived, "S", day: d))
        withRollups.advance(through: d)
        #expect(withRollups.contributions.first?.encoded().first == AllContribution.rollupVersion)
        #expect(withRollups.contributions.first?.sections.compactMap(\.area) == ["ICB:QH8", "REGION:Y61"])
    }

    @Test func aSnapshotTakenWithAnotherMappingIsRefused() {
        var b = EventBuilder()
        var p = SinglePartition(configuration: EngineConfiguration(rollups: Self.mapping))
        p.ingest(b.on(.referralReceived, "R", day: d))
        let bytes = p.engine.snapshotBytes()
        #expect(throws: StateSnapshotError.self) {
            _ = try PartitionEngine(restoring: bytes, partition: 0, configuration: EngineConfiguration())
        }
        #expect(throws: Never.self) {
            _ = try PartitionEngine(restoring: bytes, partition: 0, configuration: EngineConfiguration(rollups: Self.mapping))
        }
        var other = Self.mapping
        other.memberships["RAJ"] = .init(icb: "QM7", region: "Y61")
        do {
            _ = try PartitionEngine(restoring: bytes, partition: 0, configuration: EngineConfiguration(rollups: other))
            Issue.record("restored under another mapping")
        } catch {
            #expect(error.description.contains("organisation roll-up mapping"))
        }
    }

    @Test func recordsSayTheirLevelAndItMustAgreeWithTheTrust() throws {
        let base = try #require(FixtureEvents.lines("expected-stats.ndjson").first)
        var record = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(base.utf8))
        for (trust, level) in [("RAJ", "trust"), ("ICB:QH8", "icb"), ("REGION:Y61", "region"), ("ALL", "national")] {
            record.trust = trust
            let json = record.jsonString()
            #expect(json.hasPrefix("{\"trust\":\"\(trust)\",\"level\":\"\(level)\","), "\(json)")
            #expect(try JSONDecoder().decode(WaitStatsRecord.self, from: Data(json.utf8)) == record)
        }
        let wrong = record.jsonString().replacingOccurrences(of: "\"level\":\"national\"", with: "\"level\":\"trust\"")
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(wrong.utf8)) }
    }

    @Test func theReferenceRollsUpByTheMapping() throws {
        let events = try FixtureEvents.load("events.ndjson")
        let mapping = OrganisationRollups(["RAJ": .init(icb: "QH8", region: "Y61"), "RQW": .init(icb: "QM7", region: "Y61")])
        let result = ReferenceStatistics.compute(events, configuration: EngineConfiguration(rollups: mapping))
        let plain = ReferenceStatistics.compute(events)
        // The region holds both organisations of the worked example: it equals ALL but for its name.
        for r in plain.records where r.trust == "ALL" {
            var region = r
            region.trust = "REGION:Y61"
            #expect(result.records.contains(region), "\(region.key)")
        }
        #expect(plain.records.allSatisfy(result.records.contains))
        let run = StreamingRun(events, partitions: 3, configuration: EngineConfiguration(rollups: mapping), redeliverContributions: true)
        for r in result.records {
            var published = run.records[r.key]
            published?.lateEvents = 0
            #expect(published == r, "\(r.key)")
        }
        #expect(run.records.count == result.records.count)
    }
}
