import Foundation
import WaitwatchCore
import WaitwatchTesting

/// Records for the analysis tests: the worked example's expected statistics, and hand-made ones.
enum AnalysisTestRecords {
    /// The 27 records of the SPEC worked example (Tests/Support/Fixtures/expected-stats.ndjson).
    static func workedExample() throws -> [WaitStatsRecord] {
        let decoder = JSONDecoder()
        return try FixtureEvents.lines("expected-stats.ndjson").map { try decoder.decode(WaitStatsRecord.self, from: Data($0.utf8)) }
    }

    /// A record with the given waiting list (bands must add up to `count` for realism; not checked).
    static func record(
        _ trust: String, _ service: String, _ day: String, count: Int, median: Int? = nil, bands: [Int] = [0, 0, 0, 0, 0, 0, 0],
        completed: Int = 0, received: Int = 0, withinTenths: Int? = nil
    ) -> WaitStatsRecord {
        var w = WaitStatsRecord.Waiting()
        w.count = count
        w.medianDays = median
        w.p90Days = median
        w.p92Days = median
        w.maxDays = median
        w.withinTargetPctTenths = withinTenths
        w.bands = .init(
            upTo1Week: bands[0], upTo2Weeks: bands[1], upTo4Weeks: bands[2], upTo12Weeks: bands[3],
            upTo18Weeks: bands[4], upTo52Weeks: bands[5], over52Weeks: bands[6])
        w.over52Weeks = bands[6]
        var c = WaitStatsRecord.Completed()
        c.count = completed
        c.medianDays = completed > 0 ? 10 : nil
        c.p92Days = completed > 0 ? 20 : nil
        return WaitStatsRecord(
            trust: trust, service: service, asOf: CivilDay(day)!, windowDays: 28, targetDays: 126, standardPct: 92,
            waiting: w, completed: c, received: received, dna: 0, cancelledByProvider: 0, cancelledByPatient: 0, closed: 0, lateEvents: 0)
    }

    /// The Kafka key and value of a record, as the worker publishes them.
    static func message(_ r: WaitStatsRecord) -> (key: [UInt8], value: [UInt8]) {
        (Array(r.key.utf8), r.jsonBytes())
    }
}
