import Foundation
import Testing
import WaitwatchConfig
import WaitwatchCore
import WaitwatchTesting

/// Feed freshness (SPEC section 2): `lastEventAt`, `trustsReporting` and `feedSilent` in every
/// record, exact against the brute force across partitions and the national merge, and the
/// `feed-silent` alert for exactly the feed that stops.
@Suite struct FeedFreshnessTests {
    static let base = CivilDay("2026-01-05")!

    /// RQW/SALT and RAJ/CAMHS send every day 0…45; RAJ/SALT sends days 0…10, stops, and
    /// resumes on day 30.
    static func events() -> [ReferralEvent] {
        var rajSALT = EventBuilder(trust: "RAJ", service: "SALT")
        var rqwSALT = EventBuilder(trust: "RQW", service: "SALT")
        var rajCAMHS = EventBuilder(trust: "RAJ", service: "CAMHS")
        var events: [ReferralEvent] = []
        for d in 0...45 {
            let day = base.advanced(by: Int32(d))
            if d <= 10 || d >= 30 { events.append(rajSALT.on(.referralReceived, "S\(d)", day: day, hour: 9 + d % 5)) }
            events.append(rqwSALT.on(.referralReceived, "Q\(d)", day: day, hour: 8))
            events.append(rajCAMHS.on(.referralReceived, "C\(d)", day: day, hour: 15))
        }
        return events
    }

    static let configuration = EngineConfiguration(trustsReportingDays: 10, feedSilentAfterDays: 7)

    @Test(arguments: [1, 3, 4])
    func everyFieldMatchesTheBruteForceAcrossPartitionsAndTheNationalMerge(partitions: Int) {
        let events = Self.events()
        let run = StreamingRun(events, partitions: partitions, configuration: Self.configuration, redeliverContributions: true)
        let reference = ReferenceStatistics.compute(events, configuration: Self.configuration)
        #expect(reference.records.count == run.records.count)
        for r in reference.records { #expect(run.records[r.key] == r, "\(r.key)") }
    }

    @Test func aStoppedFeedIsSilentAfterTheConfiguredDaysAndNotBefore() throws {
        let run = StreamingRun(Self.events(), partitions: 3, configuration: Self.configuration)
        func day(_ d: Int) -> CivilDay { Self.base.advanced(by: Int32(d)) }
        // Its last event before the gap: day 10 at 09:00Z (hour 9 + 10 % 5).
        let tenth = try #require(run.record("RAJ", "SALT", day(16)))
        #expect(tenth.lastEventAt == Timestamp(secondsSinceEpoch: Int64(day(10).daysSinceEpoch) * 86_400 + 9 * 3600))
        #expect(!tenth.feedSilent && tenth.trustsReporting == 1)
        for d in 17...29 {
            let r = try #require(run.record("RAJ", "SALT", day(d)))
            #expect(r.feedSilent, "day \(d)")
            #expect(r.lastEventAt == tenth.lastEventAt)
            #expect(r.trustsReporting == (d <= 19 ? 1 : 0), "day \(d): last event on day 10, N = 10")
        }
        #expect(run.record("RAJ", "SALT", day(30))?.feedSilent == false)
        // Nationally: never silent (RQW sends), one trust reporting while RAJ is away.
        for d in 0...44 {
            let all = try #require(run.record("ALL", "SALT", day(d)))
            #expect(!all.feedSilent)
            #expect(all.trustsReporting == ((20...29).contains(d) ? 1 : 2), "day \(d)")
            #expect(all.lastEventAt.map { $0.londonDay } == day(d))
        }
        #expect(run.records.values.filter { $0.service == "CAMHS" }.allSatisfy { !$0.feedSilent && $0.trustsReporting == 1 })
    }

    @Test func feedSilentFiresForExactlyThatTrustAndServiceAndResolvesWhenEventsCome() throws {
        let run = StreamingRun(Self.events(), partitions: 3, configuration: Self.configuration)
        var alerts = AlertConfiguration()
        alerts.rules.feedSilent.afterDays = 7
        var evaluator = AlertEvaluator(configuration: alerts)
        let silent = evaluator.evaluate(run.log).filter { $0.rule == .feedSilent }
        #expect(silent.map(\.state) == [.firing, .resolved])
        #expect(silent.allSatisfy { $0.trust == "RAJ" && $0.service == "SALT" })
        let firing = try #require(silent.first)
        #expect(firing.asOf == Self.base.advanced(by: 17))
        #expect(firing.alertId == "feed-silent/RAJ/SALT/\(Self.base.advanced(by: 17))")
        #expect(firing.valueTenths == 70 && firing.thresholdTenths == 70)
        #expect(firing.message.contains("no events received for 7 days (last event \(Self.base.advanced(by: 10)))"), "\(firing.message)")
        #expect(silent.last?.asOf == Self.base.advanced(by: 30))
        #expect(silent.last?.alertId == firing.alertId)
    }

    @Test func theRecordCarriesTheFieldsInJSONAndReadsThemBack() throws {
        let run = StreamingRun(Self.events(), partitions: 1, configuration: Self.configuration)
        let r = try #require(run.record("RAJ", "SALT", Self.base.advanced(by: 20)))
        let text = r.jsonString()
        #expect(text.hasSuffix(#","lateEvents":0,"lastEventAt":"2026-01-15T09:00:00Z","trustsReporting":0,"feedSilent":true}"#), "\(text)")
        #expect(try JSONDecoder().decode(WaitStatsRecord.self, from: Data(text.utf8)) == r)
        // A record of an earlier version (no freshness) still reads.
        let old = text.replacingOccurrences(of: #","lastEventAt":"2026-01-15T09:00:00Z","trustsReporting":0,"feedSilent":true"#, with: "")
        let decoded = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(old.utf8))
        #expect(decoded.lastEventAt == nil && decoded.trustsReporting == 0 && !decoded.feedSilent)
    }

    @Test func aVersionOneContributionWithoutActivityStillReads() throws {
        let c = AllContribution(
            partition: 2, sequence: 5, throughDay: Self.base,
            sections: [AllContribution.Section(service: "SALT", firstDay: Self.base, lateEvents: 0, effects: [])])
        let v2 = c.encoded()
        #expect(v2.first == 2 && v2.last == 0, "an empty activity list is one 0 byte at the end of the section")
        let v1 = [UInt8(1)] + v2.dropFirst().dropLast()
        #expect(try AllContribution(decoding: v1) == c)
        var withActivity = c
        withActivity.sections[0].activity = [TrustActivity(trust: "RAJ", day: Self.base.daysSinceEpoch, at: 1_767_600_000_000_000)]
        #expect(try AllContribution(decoding: withActivity.encoded()) == withActivity)
    }

    @Test func theConfigurationNamesTheDaysAndRejectsOthersInOneLine() throws {
        let c = try WaitwatchConfiguration(yaml: "feedSilentAfter: 2w\ntrustsReportingDays: 7\n", source: "config.yaml")
        #expect(c.feedSilentAfterDays == 14 && c.trustsReportingDays == 7)
        #expect(c.alerts.rules.feedSilent.afterDays == 14)
        let days = try WaitwatchConfiguration(
            yaml: "feedSilentAfter: 21d\nalerts:\n  services:\n    SALT:\n      feed-silent: { severity: critical }\n",
            source: "config.yaml")
        #expect(days.alerts.settings(forService: "SALT").feedSilent == FeedSilentSettings(severity: .critical, afterDays: 21))
        #expect(days.alerts.settings(forService: "OT").feedSilent.afterDays == 21)
        for bad in ["0d", "3h", "x", "99999d"] {
            #expect {
                _ = try WaitwatchConfiguration(yaml: "feedSilentAfter: \(bad)\n", source: "config.yaml")
            } throws: { error in
                "\(error)" == "config.yaml: feedSilentAfter: must be a number of days such as 14d or 2w (1d to 3660d), got \"\(bad)\""
            }
        }
    }
}
