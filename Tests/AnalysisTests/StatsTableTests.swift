import Foundation
import Testing
import WaitwatchAnalysis
import WaitwatchCore

/// The long format, the monthly publication layout and small-number suppression.
@Suite struct StatsTableTests {
    let names = AnalysisNames(catalogue: .default, organisations: ["RAJ": "Mid and South Essex NHS Foundation Trust"])

    @Test func longFormatHasEveryFieldOfTheRecordAndNames() throws {
        let records = try AnalysisTestRecords.workedExample()
        let table = StatsTable.long(records, names: names)
        #expect(table.rows.count == 27)
        #expect(
            table.columns.contains("waiting.bands.52+") && table.columns.contains("lateEvents") && table.columns.contains("waiting.p90Days")
        )
        // Every row's JSON object carries the record's values under the json_normalize names.
        let objects = table.jsonObjects().map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        for (record, object) in zip(records, objects) {
            let original = try JSONSerialization.jsonObject(with: Data(record.jsonBytes())) as! [String: Any]
            var flat: [String: Any] = [:]
            func flatten(_ o: [String: Any], _ prefix: String) {
                for (k, v) in o {
                    if let nested = v as? [String: Any] { flatten(nested, prefix + k + ".") } else { flat[prefix + k] = v }
                }
            }
            flatten(original, "")
            #expect(Set(flat.keys).isSubset(of: Set(object.keys)))
            for (k, v) in flat { #expect("\(v)" == "\(object[k]!)", "\(k)") }
            #expect(object["serviceName"] as? String == ServiceCatalogue.default[record.service]?.name)
        }
        let raj = try #require(objects.first { $0["trust"] as? String == "RAJ" })
        #expect(raj["trustName"] as? String == "Mid and South Essex NHS Foundation Trust")
        #expect(raj["level"] as? String == "trust")
        #expect(objects.first { $0["trust"] as? String == "RQW" }?["trustName"] is NSNull)
        #expect(objects.first { $0["trust"] as? String == "ALL" }?["trustName"] as? String == "England")
    }

    @Test func csvHasAHeaderQuotesNamesWithCommasAndLeavesNullsEmpty() throws {
        let r = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-01", count: 0)
        let lines = StatsTable.long([r], names: AnalysisNames(organisations: ["RAJ": "A, \"B\" Trust"])).csvLines()
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("asOf,level,trust,trustName,service,serviceName,windowDays"))
        #expect(
            lines[1].hasPrefix(
                "2026-05-01,trust,RAJ,\"A, \"\"B\"\" Trust\",SALT,Speech and language therapy (children and young people),28,126,92,0,,,,,,"
            ))
    }

    @Test func withinTargetIsADecimalWithOneDigit() {
        let r = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-01", count: 3, median: 4, withinTenths: 667)
        let line = StatsTable.long([r], names: names).selecting(["waiting.withinTargetPct"]).jsonObjects()
        #expect(line == [#"{"waiting.withinTargetPct":66.7}"#])
        let hundred = AnalysisTestRecords.record("RAJ", "SALT", "2026-05-01", count: 3, median: 4, withinTenths: 1000)
        #expect(StatsTable.long([hundred], names: names).selecting(["waiting.withinTargetPct"]).csvLines()[1] == "100.0")
    }

    @Test func suppressionWithholdsSmallCountsAndWhatIsDerivedFromThemButNotZero() {
        let s = SmallNumberSuppression(threshold: 8)
        #expect(s.count(0) == .int(0) && s.count(1) == .suppressed && s.count(7) == .suppressed && s.count(8) == .int(8))
        let small = AnalysisTestRecords.record(
            "RAJ", "SALT", "2026-05-01", count: 5, median: 30, bands: [0, 0, 5, 0, 0, 0, 0], completed: 3, received: 12, withinTenths: 1000)
        let big = AnalysisTestRecords.record(
            "RQW", "SALT", "2026-05-01", count: 40, median: 30, bands: [10, 10, 2, 18, 0, 0, 0], completed: 9, received: 0,
            withinTenths: 1000)
        let table = StatsTable.long([small, big], names: names, suppression: s)
            .selecting([
                "waiting.count", "waiting.medianDays", "waiting.withinTargetPct", "waiting.bands.0-1", "waiting.bands.2-4",
                "completed.count", "completed.medianDays", "received",
            ])
        #expect(table.rows[0].map(\.plain) == ["*", "*", "*", "0", "*", "*", "*", "12"])
        #expect(table.rows[1].map(\.plain) == ["40", "30", "100.0", "10", "*", "9", "10", "0"])
        #expect(table.jsonObjects()[0].hasPrefix(#"{"waiting.count":"*","waiting.medianDays":"*""#))
        #expect(SmallNumberSuppression.none.count(1) == .int(1))
    }

    @Test func monthlyViewTakesMonthEndsWithBandsAsColumnsNationalFirst() {
        var records: [WaitStatsRecord] = []
        for day in ["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-28", "2024-02-28", "2024-02-29"] {
            records.append(AnalysisTestRecords.record("RAJ", "SALT", day, count: 28, bands: [1, 2, 3, 4, 5, 6, 7]))
            records.append(AnalysisTestRecords.record("ALL", "SALT", day, count: 56, bands: [2, 4, 6, 8, 10, 12, 14]))
        }
        let table = StatsTable.monthly(records, names: names, suppression: SmallNumberSuppression(threshold: 3))
        #expect(
            table.columns == [
                "period", "censusDay", "level", "orgCode", "orgName", "service", "serviceName", "totalWaiting",
                "0-1 weeks", "1-2 weeks", "2-4 weeks", "4-12 weeks", "12-18 weeks", "18-52 weeks", "52+ weeks",
            ])
        #expect(
            table.rows.map { $0[0].plain + " " + $0[3].plain } == [
                "2024-02 ALL", "2024-02 RAJ", "2026-01 ALL", "2026-01 RAJ", "2026-02 ALL", "2026-02 RAJ",
            ])
        #expect(
            table.rows[1].map(\.plain) == [
                "2024-02", "2024-02-29", "trust", "RAJ", "Mid and South Essex NHS Foundation Trust", "SALT",
                "Speech and language therapy (children and young people)", "28", "*", "*", "3", "4", "5", "6", "7",
            ])
        #expect(table.rows[0][4].plain == "England")
    }

    @Test func jsonFormatIsOneArrayThatParses() throws {
        let table = StatsTable.long(try AnalysisTestRecords.workedExample(), names: names)
        let text = table.lines(.json).joined(separator: "\n")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 27)
        #expect(StatsTable(columns: ["a"], rows: []).lines(.json) == ["[]"])
    }
}
