import Foundation
import Testing
import WaitwatchAnalysis
import WaitwatchCore

/// The series behind the charts, and the report's page (chromium opens it in the integration tests).
@Suite struct HTMLReportTests {
    @Test func aSeriesHasOneSlotPerDayWithGapsWhereAKeyHasNoRecord() throws {
        let records = try AnalysisTestRecords.workedExample()
        let period = CivilDay("2026-05-01")!...CivilDay("2026-05-06")!
        let series = StatsSeries(trust: "RQW", service: "SALT", period: period, records: records)
        #expect(series.slots.count == 6)
        #expect(series.slots[0] == nil)  // RQW's first record is 2026-05-02
        #expect(series.values { $0.waiting.count }.count == 6)
        #expect(series.last?.asOf == CivilDay("2026-05-06"))
        let groups = StatsSeries.all(records, period: period)
        #expect(groups.map(\.service) == ["CAMHS", "SALT"])
        #expect(groups[1].national?.trust == "ALL" && groups[1].trusts.map(\.trust) == ["RAJ", "RQW"])
    }

    @Test func thePageHasEverySeriesAsANonEmptyPathAndFetchesNothing() throws {
        let records = try AnalysisTestRecords.workedExample()
        let period = CivilDay("2026-05-01")!...CivilDay("2026-05-06")!
        let alert = Alert(
            alertId: "long-waiters/ALL/SALT/2026-05-03", rule: .longWaiters, trust: "ALL", service: "SALT", state: .firing,
            asOf: CivilDay("2026-05-03")!, valueTenths: 10, thresholdTenths: 0, severity: .critical, message: "SALT <nationally>: 1 child")
        let html = HTMLReport(records: records, alerts: [alert], period: period, names: AnalysisNames(), source: "test").html()
        for key in ["ALL/SALT", "RAJ/SALT", "RQW/SALT", "ALL/CAMHS", "RAJ/CAMHS"] {
            for metric in HTMLReport.lineMetrics {
                let marker = "data-series=\"\(key)/\(metric)\" d=\"M"
                #expect(html.contains(marker), "\(marker)")
            }
        }
        for band in WaitStatsRecord.Bands.names { #expect(html.contains("data-series=\"ALL/SALT/band/\(band)\" d=\"M")) }
        #expect(html.contains("data-series=\"alert/long-waiters/ALL/SALT\" d=\"M"))
        #expect(html.contains("SALT &lt;nationally&gt;: 1 child"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("@import"))
        #expect(html.contains("@page{size:A4"))
        // Deterministic: the same records give the same bytes.
        #expect(
            html == HTMLReport(records: records.reversed(), alerts: [alert], period: period, names: AnalysisNames(), source: "test").html())
    }

    @Test func aLongAlertsTimelineIsSplitIntoChartsThatFitAPage() throws {
        let period = CivilDay("2026-01-01")!...CivilDay("2026-03-31")!
        let alerts = (0..<80).map { i in
            Alert(
                alertId: "long-waiters/T\(1000 + i)/SALT/2026-02-01", rule: .longWaiters, trust: "T\(1000 + i)", service: "SALT",
                state: .firing,
                asOf: CivilDay("2026-02-01")!, valueTenths: 10, thresholdTenths: 0, severity: .critical, message: "m")
        }
        let html = HTMLReport(records: [], alerts: alerts, period: period, names: AnalysisNames(), source: "test").html()
        #expect(html.components(separatedBy: "<b>Alerts firing</b>").count - 1 == 3)
        #expect(html.contains("(73–80 of 80)"))
        #expect(html.components(separatedBy: "data-series=\"alert/long-waiters/").count - 1 == 80)
    }

    @Test func theSchemasShippedInDocsAreTheOnesThePrograms() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let stats = try String(contentsOf: root.appendingPathComponent("docs/schema/referral-wait-stats.schema.json"), encoding: .utf8)
        let alerts = try String(contentsOf: root.appendingPathComponent("docs/schema/referral-wait-alerts.schema.json"), encoding: .utf8)
        #expect(stats == RecordSchemas.stats + "\n")
        #expect(alerts == RecordSchemas.alerts + "\n")
        for schema in [RecordSchemas.stats, RecordSchemas.alerts] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
            #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        }
    }
}
