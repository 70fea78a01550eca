import Foundation
import Testing
import WaitwatchAnalysis
import WaitwatchCore

/// Reading the compacted statistics topic: latest wins, selection before decoding, clear errors.
@Suite struct StatsCollectorTests {
    @Test func keysAreReadWithoutDecodingTheRecord() {
        let key = StatsKey(bytes: Array("RAJ/SALT/2026-03-01".utf8))
        #expect(key == StatsKey(trust: "RAJ", service: "SALT", day: CivilDay("2026-03-01")!))
        #expect(StatsKey(bytes: Array("E06000033/EHCNA/2024-02-29".utf8))?.day == CivilDay("2024-02-29"))
        for bad in ["RAJ/SALT", "RAJ/SALT/2026-02-30", "/SALT/2026-03-01", "RAJ//2026-03-01", "RAJ/SALT/2026-3-01", "RAJ/SALT/2026-03-01x"]
        {
            #expect(StatsKey(bytes: Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func theLatestRecordOfAKeyWinsAndATombstoneDeletesIt() throws {
        var collector = StatsCollector(selection: StatsSelection())
        let first = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-01", count: 1)
        let second = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-01", count: 2)
        let other = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-02", count: 3)
        for r in [first, other, second] { collector.add(key: Array(r.key.utf8), value: r.jsonBytes()) }
        collector.add(key: Array(other.key.utf8), value: nil)
        let answer = try collector.answer()
        #expect(answer.records == [second])
        #expect(answer.coverage == CivilDay("2026-05-01")!...CivilDay("2026-05-02")!)
    }

    @Test func aSeriesOfTheWorkedExampleIsSelectedByTrustServiceAndPeriod() throws {
        var collector = StatsCollector(
            selection: StatsSelection(trusts: ["RAJ"], services: ["SALT"], from: CivilDay("2026-05-02"), to: CivilDay("2026-05-05")))
        for r in try AnalysisTestRecords.workedExample() { collector.add(key: Array(r.key.utf8), value: r.jsonBytes()) }
        let answer = try collector.answer()
        #expect(answer.records.map(\.key) == ["RAJ/SALT/2026-05-02", "RAJ/SALT/2026-05-03", "RAJ/SALT/2026-05-04", "RAJ/SALT/2026-05-05"])
        #expect(collector.messagesRead == 27)
    }

    @Test func lastDaysCountsBackFromTheLatestDayAndNationalNeedsItsLevelWithATrust() throws {
        let records = try AnalysisTestRecords.workedExample()
        var collector = StatsCollector(
            selection: StatsSelection(trusts: ["RAJ"], services: ["SALT"], levels: [.trust, .national], lastDays: 2))
        for r in records { collector.add(key: Array(r.key.utf8), value: r.jsonBytes()) }
        #expect(
            try collector.answer().records.map(\.key) == [
                "ALL/SALT/2026-05-05", "ALL/SALT/2026-05-06", "RAJ/SALT/2026-05-05", "RAJ/SALT/2026-05-06",
            ])
        var national = StatsCollector(selection: StatsSelection(levels: [.national]))
        for r in records { national.add(key: Array(r.key.utf8), value: r.jsonBytes()) }
        #expect(try national.answer().records.allSatisfy { $0.trust == "ALL" })
        #expect(try national.answer().records.count == 11)
    }

    @Test func unknownServiceTrustAndDaysOutsideTheDataAreErrorsThatSayWhatTheDataHas() throws {
        let records = try AnalysisTestRecords.workedExample()
        func answer(_ selection: StatsSelection) -> AnalysisError? {
            var c = StatsCollector(selection: selection)
            for r in records { c.add(key: Array(r.key.utf8), value: r.jsonBytes()) }
            do {
                _ = try c.answer()
                return nil
            } catch { return error }
        }
        #expect(answer(StatsSelection(services: ["XYZ"]))?.description == "unknown service XYZ: the data has CAMHS, SALT")
        #expect(answer(StatsSelection(trusts: ["RXX"]))?.description == "no records for trust RXX: the data has RAJ, RQW")
        #expect(
            answer(StatsSelection(to: CivilDay("2027-01-01")))?.description
                == "no records for 2026-05-01 … 2027-01-01: data covers 2026-05-01 … 2026-05-06")
        #expect(answer(StatsSelection(from: CivilDay("2026-04-01")))?.description.hasSuffix("data covers 2026-05-01 … 2026-05-06") == true)
        #expect(answer(StatsSelection(services: ["SALT"], from: CivilDay("2026-05-02"))) == nil)
        #expect(StatsCollector(selection: StatsSelection()).answerError() == .noData(topic: "referral-wait-stats"))
    }

    @Test func pruningWithLastDaysKeepsOnlyWhatCanStillBeInThePeriod() throws {
        var collector = StatsCollector(selection: StatsSelection(lastDays: 3))
        var day = CivilDay("2020-01-01")!
        var expected: [String] = []
        for i in 0..<6000 {
            let r = AnalysisTestRecords.record("RAJ", "SALT", day.description, count: i)
            collector.add(key: Array(r.key.utf8), value: r.jsonBytes())
            if i >= 5997 { expected.append(r.key) }
            day = day.advanced(by: 1)
        }
        #expect(try collector.answer().records.map(\.key) == expected)
    }
}

extension StatsCollector {
    func answerError() -> AnalysisError? {
        do {
            _ = try answer()
            return nil
        } catch { return error }
    }
}
