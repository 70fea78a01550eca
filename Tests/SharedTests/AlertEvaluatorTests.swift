import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Firing, resolving, idempotence and persistence of ``AlertEvaluator`` (SPEC section 3).
@Suite struct AlertEvaluatorTests {
    typealias R = AlertTestRecords

    /// Days from `start` with these percentages within target (tenths) for RAJ/CAMHS.
    static func standardSeries(_ tenths: [Int?], trust: String = "RAJ") -> [WaitStatsRecord] {
        tenths.enumerated().map { i, t in
            R.record(trust: trust, asOf: R.start.advanced(by: Int32(i)), count: t == nil ? 0 : 100, withinTenths: t)
        }
    }

    @Test func firesOnceWhileBreachedAndResolvesWithTheSameAlertId() {
        var evaluator = AlertEvaluator()
        let alerts = evaluator.evaluate(Self.standardSeries([950, 910, 900, 880, 930, 940]))
        #expect(alerts.map(\.state) == [.firing, .resolved])
        #expect(alerts.map(\.asOf) == [R.day("2026-04-02"), R.day("2026-04-05")])
        #expect(alerts.map(\.alertId) == ["waiting-standard/RAJ/CAMHS/2026-04-02", "waiting-standard/RAJ/CAMHS/2026-04-02"])
        #expect(alerts[1].valueTenths == 930)
        #expect(
            alerts[1].message == "Child and adolescent mental health services at RAJ: back within standard, 93.0% within the 4-week target")
        #expect(evaluator.firingAlertIds.isEmpty)
    }

    @Test func firesOnTheFirstRecordWhenThereIsNoHistory() {
        var evaluator = AlertEvaluator()
        #expect(evaluator.evaluate(R.record(withinTenths: 500)).map(\.alertId) == ["waiting-standard/RAJ/CAMHS/2026-04-01"])
    }

    @Test func firingAgainLaterGetsANewAlertId() {
        var evaluator = AlertEvaluator()
        let alerts = evaluator.evaluate(Self.standardSeries([900, 950, 900]))
        #expect(alerts.map(\.state) == [.firing, .resolved, .firing])
        #expect(
            alerts.map(\.alertId) == [
                "waiting-standard/RAJ/CAMHS/2026-04-01", "waiting-standard/RAJ/CAMHS/2026-04-01", "waiting-standard/RAJ/CAMHS/2026-04-03",
            ])
        #expect(evaluator.firingAlertIds == ["waiting-standard/RAJ/CAMHS/2026-04-03"])
    }

    @Test func resolvesWhenNobodyWaitsAnyMore() throws {
        var evaluator = AlertEvaluator()
        let alerts = evaluator.evaluate(Self.standardSeries([900, nil]))
        let resolve = try #require(alerts.last)
        #expect(resolve.state == .resolved)
        #expect(resolve.valueTenths == nil)
        #expect(resolve.message == "Child and adolescent mental health services at RAJ: back within standard, nobody is waiting")
        #expect(resolve.jsonString.contains(#""value":null,"threshold":92,"#))
    }

    @Test func rulesAreIndependentAndComeOutInRuleOrder() {
        var evaluator = AlertEvaluator()
        let fired = evaluator.evaluate(R.record(withinTenths: 100, over52: 2))
        #expect(fired.map(\.rule) == [.waitingStandard, .longWaiters])
        let next = evaluator.evaluate(R.record(asOf: R.start.advanced(by: 1), withinTenths: 950, over52: 2))
        #expect(next.map(\.rule) == [.waitingStandard])
        #expect(next.map(\.state) == [.resolved])
        #expect(evaluator.firingAlertIds == ["long-waiters/RAJ/CAMHS/2026-04-01"])
    }

    @Test func keysAreIndependentAndAllIsAKeyLikeAnyOther() {
        var evaluator = AlertEvaluator()
        let records = [
            R.record(trust: "RAJ", over52: 1), R.record(trust: "ALL", over52: 1), R.record(trust: "RQW", over52: 0),
            R.record(trust: "RAJ", service: "SALT", over52: 1),
        ]
        let alerts = evaluator.evaluate(records)
        #expect(
            alerts.map(\.alertId) == [
                "long-waiters/RAJ/CAMHS/2026-04-01", "long-waiters/ALL/CAMHS/2026-04-01", "long-waiters/RAJ/SALT/2026-04-01",
            ])
        #expect(alerts[1].message == "Child and adolescent mental health services nationally: 1 child has waited over 52 weeks")
    }

    @Test func allRecordsGrowthNationally() throws {
        var evaluator = AlertEvaluator()
        let alert = try #require(evaluator.evaluate(R.growth(from: 4480, to: 5120, trust: "ALL")).first)
        #expect(alert.alertId == "waiting-list-growth/ALL/NDA/2026-04-29")
        #expect(alert.valueTenths == 143)
        #expect(
            alert.message
                == "Neurodevelopmental (autism/ADHD) assessment nationally: the waiting list grew 14.3% in 28 days to 5,120 children (alert above 10%)"
        )
    }

    @Test func growthResolves() {
        var evaluator = AlertEvaluator()
        var records = R.counts(Array(repeating: 100, count: 28) + [120, 120])
        records += R.counts(Array(repeating: 130, count: 28)).map {
            var r = $0; r.asOf = r.asOf.advanced(by: 30); return r
        }
        let alerts = evaluator.evaluate(records)
        // Fires on day 28 (120 vs 100); day 56 compares 130 with day 28's 120 (+8.3 %): resolved.
        #expect(alerts.map(\.state) == [.firing, .resolved])
        #expect(alerts[1].asOf == R.start.advanced(by: 56))
        #expect(alerts[1].alertId == "waiting-list-growth/RAJ/NDA/2026-04-29")
        #expect(
            alerts[1].message
                == "Neurodevelopmental (autism/ADHD) assessment at RAJ: waiting-list growth back within 10%, 130 children waiting, 8.3% more than 28 days earlier"
        )
    }

    @Test func growthStaysFiringWhileUndecidedAndResolvesBelowTheMinimum() {
        var evaluator = AlertEvaluator()
        _ = evaluator.evaluate(R.growth(from: 100, to: 200))
        // Skip 40 days: no record 28 days before, so undecided, still firing.
        let later = R.record(service: "NDA", asOf: R.start.advanced(by: 70), count: 200)
        #expect(evaluator.evaluate(later).isEmpty)
        #expect(evaluator.firingAlertIds == ["waiting-list-growth/RAJ/NDA/2026-04-29"])
        // Fewer than 20 waiting: not breached whatever the history.
        let small = R.record(service: "NDA", asOf: R.start.advanced(by: 71), count: 19)
        #expect(
            evaluator.evaluate(small).map(\.message) == [
                "Neurodevelopmental (autism/ADHD) assessment at RAJ: waiting-list growth no longer alerting, 19 children waiting (alerts need at least 20)"
            ])
    }

    // MARK: Idempotence

    @Test func feedingTheSameRecordsTwiceFiresOnce() {
        var evaluator = AlertEvaluator()
        let records = Self.standardSeries([950, 900, 900, 950, 900])
        let first = evaluator.evaluate(records)
        #expect(first.count == 3)
        #expect(evaluator.evaluate(records).isEmpty)
        #expect(evaluator.evaluate(records.reversed()).isEmpty)
    }

    @Test func duplicateAndEarlierRecordsAreNotEvaluated() {
        var evaluator = AlertEvaluator()
        let day2 = R.record(asOf: R.start.advanced(by: 1), withinTenths: 900)
        #expect(evaluator.evaluate(day2).count == 1)
        #expect(evaluator.evaluate(day2).isEmpty)
        // An update of the same day (late events) that would be healthy: ignored too.
        #expect(evaluator.evaluate(R.record(asOf: R.start.advanced(by: 1), withinTenths: 990)).isEmpty)
        // An earlier day arriving late: ignored.
        #expect(evaluator.evaluate(R.record(asOf: R.start, withinTenths: 990)).isEmpty)
        #expect(evaluator.lastEvaluatedDay(trust: "RAJ", service: "CAMHS") == R.start.advanced(by: 1))
        #expect(evaluator.firingAlertIds == ["waiting-standard/RAJ/CAMHS/2026-04-02"])
    }

    @Test func republishedCountsUpdateTheGrowthHistory() {
        var evaluator = AlertEvaluator()
        var records = R.counts(Array(repeating: 100, count: 28))
        _ = evaluator.evaluate(records)
        // Day 0 re-published with 120 (late referrals): day 28's 130 is then +8.3 %, not +30 %.
        records[0].waiting.count = 120
        #expect(evaluator.evaluate(records[0]).isEmpty)
        #expect(evaluator.evaluate(R.record(service: "NDA", asOf: R.start.advanced(by: 28), count: 130)).isEmpty)
    }

    @Test func restartFromSnapshotAndReplayDoesNotFireAgain() throws {
        let records = Self.standardSeries([950, 900, 900, 900, 950, 950, 900, 900])
        var before = AlertEvaluator()
        let firstHalf = before.evaluate(records.prefix(4))
        #expect(firstHalf.map(\.state) == [.firing])
        let stored = try JSONEncoder().encode(before.snapshot)

        // A new process restores the snapshot and the engine re-publishes from the beginning.
        var after = AlertEvaluator(restoring: try JSONDecoder().decode(AlertSnapshot.self, from: stored))
        let secondRun = after.evaluate(records)
        #expect(secondRun.map(\.state) == [.resolved, .firing])
        #expect(secondRun.map(\.alertId) == ["waiting-standard/RAJ/CAMHS/2026-04-02", "waiting-standard/RAJ/CAMHS/2026-04-07"])

        // The same as one uninterrupted run.
        var uninterrupted = AlertEvaluator()
        #expect(uninterrupted.evaluate(records) == firstHalf + secondRun)
        #expect(uninterrupted.snapshot == after.snapshot)
    }

    @Test func restartWithoutASnapshotRepeatsFiringsWithTheSameAlertIds() {
        // Not persisting the state only repeats alerts; their ids still identify them.
        let records = Self.standardSeries([950, 900])
        var first = AlertEvaluator()
        var second = AlertEvaluator()
        #expect(first.evaluate(records) == second.evaluate(records))
    }

    // MARK: Snapshot

    @Test func snapshotRoundTripsThroughJSON() throws {
        var evaluator = AlertEvaluator()
        _ = evaluator.evaluate(R.growth(from: 100, to: 200))
        _ = evaluator.evaluate(R.record(trust: "ALL", over52: 3))
        _ = evaluator.evaluate(R.record(trust: "RQW", asOf: R.start.advanced(by: 3), withinTenths: 10))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(evaluator.snapshot)
        let decoded = try JSONDecoder().decode(AlertSnapshot.self, from: data)
        #expect(decoded == evaluator.snapshot)
        #expect(decoded.keyCount == 3)
        #expect(try encoder.encode(AlertEvaluator(restoring: decoded).snapshot) == data)
        #expect(
            decoded.firingAlertIds == [
                "long-waiters/ALL/CAMHS/2026-04-01", "waiting-list-growth/RAJ/NDA/2026-04-29", "waiting-standard/RQW/CAMHS/2026-04-04",
            ])
    }

    @Test func snapshotIsSmallAndReadable() throws {
        var evaluator = AlertEvaluator()
        _ = evaluator.evaluate(R.counts(Array(repeating: 100, count: 200)))
        _ = evaluator.evaluate(R.record(service: "NDA", asOf: R.start.advanced(by: 201), count: 200))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(evaluator.snapshot), as: UTF8.self)
        // Only the last W + 1 = 29 days of counts are kept, the skipped day as null.
        #expect(
            text == #"{"keys":[{"counts":["# + Array(repeating: "100", count: 27).joined(separator: ",")
                + #",null,200],"firing":{"waiting-list-growth":"2026-10-19"},"lastAsOf":"2026-10-19","service":"NDA","trust":"RAJ","windowDays":28}],"version":1}"#
        )
    }

    @Test func snapshotOfAnotherVersionIsRejected() {
        let json = Data(#"{"version":2,"keys":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AlertSnapshot.self, from: json) }
    }

    @Test func sameRecordsGiveTheSameAlertsAndState() {
        let records =
            R.counts((0..<120).map { 50 + ($0 * 37) % 41 }) + Self.standardSeries([900, 950, 900]) + [R.record(trust: "ALL", over52: 1)]
        var a = AlertEvaluator()
        var b = AlertEvaluator()
        #expect(a.evaluate(records) == b.evaluate(records))
        #expect(a.snapshot == b.snapshot)
        #expect(a == b)
    }

    // MARK: Configuration

    @Test func disabledRulesDoNotFire() {
        var configuration = AlertConfiguration()
        configuration.rules.longWaiters.enabled = false
        var evaluator = AlertEvaluator(configuration: configuration)
        #expect(evaluator.evaluate(R.record(over52: 5)).isEmpty)
    }

    @Test func perServiceSettingsApplyToThatServiceOnly() {
        var salt = AlertSettings()
        salt.longWaiters.severity = .warning
        salt.waitingStandard.enabled = false
        var evaluator = AlertEvaluator(configuration: AlertConfiguration(services: ["SALT": salt]))
        let alerts = evaluator.evaluate([
            R.record(service: "SALT", withinTenths: 100, over52: 1), R.record(service: "CAMHS", withinTenths: 100, over52: 1),
        ])
        #expect(
            alerts.map(\.alertId) == [
                "long-waiters/RAJ/SALT/2026-04-01", "waiting-standard/RAJ/CAMHS/2026-04-01", "long-waiters/RAJ/CAMHS/2026-04-01",
            ])
        #expect(alerts.map(\.severity) == [.warning, .warning, .critical])
    }

    @Test func disablingAFiringRuleWithdrawsItsAlert() {
        var evaluator = AlertEvaluator()
        _ = evaluator.evaluate(R.record(over52: 1))
        evaluator.configuration.rules.longWaiters.enabled = false
        let alerts = evaluator.evaluate(R.record(asOf: R.start.advanced(by: 1), over52: 1))
        #expect(alerts.map(\.state) == [.resolved])
        #expect(alerts.map(\.alertId) == ["long-waiters/RAJ/CAMHS/2026-04-01"])
        #expect(
            alerts.first?.message
                == "Child and adolescent mental health services at RAJ: long-waiters alert withdrawn, the rule is now disabled in the configuration"
        )
        #expect(evaluator.evaluate(R.record(asOf: R.start.advanced(by: 2), over52: 1)).isEmpty)
    }
}
