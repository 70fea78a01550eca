import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// National `ALL` records from contributions of several partition engines.
@Suite struct EngineNationalTests {
    let d = FixtureEvents.day("2026-01-19")

    @Test func allIsTheUnionOfTrustsOnDifferentPartitionEnginesNotAnAverage() {
        var raj = EventBuilder(trust: "RAJ")
        var rqw = EventBuilder(trust: "RQW")
        var p0 = SinglePartition(partition: 0)
        var p1 = SinglePartition(partition: 1)
        // RAJ: three waiting 10 days. RQW: one waiting 0 days, one completed in 4 days.
        for i in 0..<3 { p0.ingest(raj.on(.referralReceived, "R\(i)", day: d - 10)) }
        p1.ingest(
            rqw.on(.referralReceived, "Q0", day: d), rqw.on(.referralReceived, "Q1", day: d - 12),
            rqw.on(.appointmentAttended, "Q1", day: d - 8))
        var all = AllAggregator(partitionCount: 2)
        p0.advance(through: d)
        var published: [WaitStatsRecord] = []
        for c in p0.contributions { published += all.receive(c).records }
        #expect(published.isEmpty)  // partition 1 has not reported yet
        p1.advance(through: d)
        for c in p1.contributions { published += all.receive(c).records }
        let byKey = Dictionary(uniqueKeysWithValues: published.map { ($0.key, $0) })
        let national = byKey["ALL/SALT/\(d.description)"]
        #expect(national?.waiting.count == 4)
        #expect(national?.waiting.medianDays == 10)  // [0, 10, 10, 10], rank 2
        #expect(national?.waiting.maxDays == 10)
        #expect(national?.completed.count == 1)
        #expect(national?.completed.medianDays == 4)
        #expect(national?.received == 5)
        // ALL starts on the earliest first day of any trust (RQW's d − 12).
        #expect(published.map(\.asOf).min() == d - 12)
        #expect(published.count == 13)
        #expect(all.completeThrough == d)
        // Trust records are the parts.
        #expect(p0.record("RAJ", "SALT", d)?.waiting.medianDays == 10)
        #expect(p1.record("RQW", "SALT", d)?.waiting.medianDays == 0)
    }

    @Test func contributionsAreIdempotentPerPartitionSequence() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(b.on(.referralReceived, "R", day: d - 1))
        p.advance(through: d - 1)
        p.ingest(b.on(.referralReceived, "S", day: d))
        p.advance(through: d)
        var all = AllAggregator(partitionCount: 1)
        let first = all.receive(p.contributions[0])
        #expect(first.outcome == .applied)
        #expect(all.receive(p.contributions[0]).outcome == .duplicate)
        let second = all.receive(p.contributions[1])
        #expect(second.outcome == .applied)
        #expect(all.receive(p.contributions[0]).outcome == .duplicate)
        #expect(all.receive(p.contributions[1]).outcome == .duplicate)
        #expect(second.records.first?.waiting.count == 2)
        // Out of order: held behind the missing one, then both applied in order.
        var reordered = AllAggregator(partitionCount: 1)
        let early = reordered.receive(p.contributions[1])
        #expect(early.outcome == .held)
        #expect(early.records.isEmpty)
        #expect(reordered.heldCount == 1)
        let late = reordered.receive(p.contributions[0])
        #expect(late.outcome == .applied)
        #expect(reordered.heldCount == 0)
        #expect(late.records.map(\.asOf) == [d - 1, d])
        #expect(late.records.last?.waiting.count == 2)
        // A gap that will not fill is applied only when asked, and reported.
        var gapped = AllAggregator(partitionCount: 1)
        #expect(gapped.receive(p.contributions[1]).outcome == .held)
        let forced = gapped.applyHeld()
        #expect(forced.missing == 1)
        #expect(gapped.heldCount == 0)
        // A partition outside the count is refused until the count grows.
        var small = AllAggregator(partitionCount: 1)
        var q = SinglePartition(partition: 1)
        q.ingest(b.on(.referralReceived, "Z", day: d))
        q.advance(through: d)
        #expect(small.receive(q.contributions[0]).outcome == .unknownPartition)
        small.setPartitionCount(2)
        #expect(small.receive(q.contributions[0]).records.isEmpty)  // partition 0 silent
        let released = small.receive(p.contributions[0]).records + small.receive(p.contributions[1]).records
        #expect(released.map(\.asOf) == [d - 1, d])
        #expect(released.last?.waiting.count == 3)
    }

    @Test func lateEventsReachAllAsCorrections() {
        var b = EventBuilder()
        var p = SinglePartition()
        var all = AllAggregator(partitionCount: 1)
        p.ingest(b.on(.referralReceived, "R", day: d - 3))
        p.advance(through: d)
        p.ingest(b.on(.appointmentDNA, "R", day: d - 2))
        p.advance(through: d + 1)
        var records: [WaitStatsRecord] = []
        for c in p.contributions { records += all.receive(c).records }
        #expect(records.count == 5)
        #expect(records.first { $0.asOf == d }?.dna == 0)
        #expect(records.last?.dna == 1)
        #expect(records.last?.lateEvents == 1)
        #expect(p.record(d + 1)?.lateEvents == 1)
    }

    @Test func contributionsRoundTripThroughTheirBinaryEncoding() throws {
        let c = AllContribution(
            partition: 5, sequence: 42, throughDay: d,
            sections: [
                .init(
                    service: "SALT", firstDay: d - 400, lateEvents: 3,
                    effects: [
                        StatisticsEffect(kind: .received, on: d - 400, count: 2),
                        StatisticsEffect(kind: .completed, on: d, receivedOn: d - 400),
                        StatisticsEffect(kind: .leftList, on: d + 1, receivedOn: d - 3, count: 7),
                        StatisticsEffect(kind: .cancelledByPatient, on: d + 1),
                    ]),
                .init(service: "CAMHS", firstDay: nil, lateEvents: 0, effects: []),
            ])
        let bytes = c.encoded()
        #expect(bytes.first == AllContribution.currentVersion)
        #expect(bytes.count <= 48)
        #expect(try AllContribution(decoding: bytes) == c)
        #expect(throws: BinaryDecodingError.truncated) { try AllContribution(decoding: Array(bytes.dropLast())) }
        #expect(throws: BinaryDecodingError.trailingBytes(1)) { try AllContribution(decoding: bytes + [0]) }
        var wrongVersion = bytes
        wrongVersion[0] = 9
        #expect(throws: BinaryDecodingError.unsupportedVersion(9)) { try AllContribution(decoding: wrongVersion) }
    }

    @Test func contributionsCoalesceEffects() {
        var b = EventBuilder()
        var p = SinglePartition()
        for i in 0..<100 { p.ingest(b.on(.referralReceived, "R\(i)", day: d)) }
        p.advance(through: d)
        let section = p.contributions.first?.sections.first
        #expect(section?.effects == [StatisticsEffect(kind: .received, on: d, count: 100)])
        #expect(section?.firstDay == d)
        // 24 bytes of effects, plus the feed's activity: one (trust, day, newest time).
        #expect(section?.activity.count == 1)
        #expect((p.contributions.first?.encoded().count ?? 99) <= 40)
        // Nothing new: an empty progress marker.
        p.advance(through: d + 1)
        #expect(p.contributions.last?.sections.isEmpty == true)
        #expect(p.contributions.last?.sequence == 2)
    }
}
