import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Each rule of SPEC section 3 at and around its boundary.
@Suite struct AlertRuleTests {
    typealias R = AlertTestRecords

    /// The transitions of a fresh evaluator fed one record.
    func alerts(_ record: WaitStatsRecord, configuration: AlertConfiguration = .init()) -> [Alert] {
        var evaluator = AlertEvaluator(configuration: configuration)
        return evaluator.evaluate(record)
    }

    func alerts(_ records: [WaitStatsRecord], configuration: AlertConfiguration = .init()) -> [Alert] {
        var evaluator = AlertEvaluator(configuration: configuration)
        return evaluator.evaluate(records)
    }

    // MARK: waiting-standard

    @Test func waitingStandardIsNotBreachedExactlyAtTheStandard() {
        #expect(alerts(R.record(withinTenths: 920)).isEmpty)
    }

    @Test func waitingStandardIsBreachedOneTenthBelowTheStandard() throws {
        let fired = alerts(R.record(withinTenths: 919))
        let alert = try #require(fired.first)
        #expect(fired.count == 1)
        #expect(alert.rule == .waitingStandard)
        #expect(alert.state == .firing)
        #expect(alert.valueTenths == 919)
        #expect(alert.thresholdTenths == 920)
        #expect(alert.severity == .warning)
    }

    @Test func waitingStandardIsNotBreachedWhenNobodyWaits() {
        #expect(alerts(R.record(count: 0, withinTenths: nil)).isEmpty)
    }

    @Test func waitingStandardUsesTheRecordsStandard() {
        // EHCNA's standard is 100 %: 99.9 % breaches it.
        #expect(alerts(R.record(service: "EHCNA", withinTenths: 999)).map(\.thresholdTenths) == [1000])
        #expect(alerts(R.record(service: "EHCNA", withinTenths: 1000)).isEmpty)
    }

    @Test func waitingStandardOverrideIsComparedInTenths() {
        var configuration = AlertConfiguration()
        configuration.rules.waitingStandard.standardPctTenths = 925
        #expect(alerts(R.record(withinTenths: 925), configuration: configuration).isEmpty)
        #expect(alerts(R.record(withinTenths: 924), configuration: configuration).map(\.thresholdTenths) == [925])
    }

    // MARK: long-waiters

    @Test func longWaitersAreNotBreachedWithNobodyOver52Weeks() {
        #expect(alerts(R.record(over18: 40, over52: 0)).isEmpty)
    }

    @Test func longWaitersAreBreachedWithOneOver52Weeks() throws {
        let alert = try #require(alerts(R.record(over52: 1)).first)
        #expect(alert.rule == .longWaiters)
        #expect(alert.state == .firing)
        #expect(alert.valueTenths == 10)
        #expect(alert.thresholdTenths == 0)
        #expect(alert.severity == .critical)
    }

    @Test(arguments: [(LongWaitWeeks.over18, 1), (.over52, 0), (.over104, 0)])
    func longWaitersWatchTheConfiguredBand(weeks: LongWaitWeeks, expected: Int) {
        var configuration = AlertConfiguration()
        configuration.rules.longWaiters.weeks = weeks
        #expect(alerts(R.record(over18: 5), configuration: configuration).count == expected)
    }

    // MARK: waiting-list-growth

    @Test func growthOfExactlyTenPercentIsNotBreached() {
        // 110 × 100 == 100 × 110
        #expect(alerts(R.growth(from: 100, to: 110)).isEmpty)
    }

    @Test func growthJustAboveTenPercentIsBreached() throws {
        let alert = try #require(alerts(R.growth(from: 100, to: 111)).first)
        #expect(alert.rule == .waitingListGrowth)
        #expect(alert.state == .firing)
        #expect(alert.asOf == R.start.advanced(by: 28))
        #expect(alert.valueTenths == 110)
        #expect(alert.thresholdTenths == 100)
        #expect(alert.severity == .warning)
    }

    @Test func growthIsExactWhereFloatingPointIsNot() {
        // 1000 → 1100 is exactly 10 %; 1101 is above it.
        #expect(alerts(R.growth(from: 1000, to: 1100)).isEmpty)
        #expect(alerts(R.growth(from: 1000, to: 1101)).count == 1)
    }

    @Test func growthNeedsTwentyWaitingNow() {
        #expect(alerts(R.growth(from: 10, to: 19)).isEmpty)
        #expect(alerts(R.growth(from: 10, to: 20)).map(\.rule) == [.waitingListGrowth])
    }

    @Test func growthNeedsTheRecordOfWDaysEarlier() {
        // 27 days of history only: no comparison yet, however steep the growth.
        #expect(alerts(R.counts(Array(repeating: 20, count: 27) + [500])).isEmpty)
        // A gap exactly W days back: still none.
        var records = R.growth(from: 20, to: 500)
        records.removeFirst()
        #expect(alerts(records).isEmpty)
    }

    @Test func growthComparesWithExactlyWDaysEarlier() {
        // Small 28 days ago, grown since but flat over the last days: still more than 10 % above.
        #expect(alerts(R.counts([100] + Array(repeating: 150, count: 28))).count == 1)
        // W = 7: compares with 7 days earlier.
        #expect(alerts(R.growth(from: 100, to: 111, windowDays: 7)).first?.message.contains("in 7 days") == true)
    }

    @Test func growthFromAnEmptyListFiresWithNoValue() throws {
        let alert = try #require(alerts(R.growth(from: 0, to: 25)).first)
        #expect(alert.valueTenths == nil)
        #expect(
            alert.message
                == "Neurodevelopmental (autism/ADHD) assessment at RAJ: the waiting list grew from none to 25 children in 28 days (alert above 10%)"
        )
    }

    @Test func growthThresholdsAreConfigurable() {
        var configuration = AlertConfiguration()
        configuration.rules.waitingListGrowth.percentTenths = 125
        configuration.rules.waitingListGrowth.minimumWaiting = 5
        #expect(alerts(R.growth(from: 8, to: 9), configuration: configuration).isEmpty)  // 12.5 %: not above
        #expect(alerts(R.growth(from: 1000, to: 1126), configuration: configuration).count == 1)
        #expect(alerts(R.growth(from: 4, to: 6), configuration: configuration).count == 1)  // 50 %, 6 ≥ 5
    }
}
