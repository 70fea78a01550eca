import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Europe/London dates and the watermark rule.
@Suite struct EngineLondonTimeTests {
    private func t(_ text: String) throws -> Timestamp { try FixtureEvents.instant(text) }
    private func day(_ text: String) -> CivilDay { FixtureEvents.day(text) }

    @Test func anEventAt2330ZIsTheNextLondonDayInSummerButNotInWinter() throws {
        #expect(LondonTime.day(of: try t("2026-07-01T23:30:00Z")) == day("2026-07-02"))
        #expect(LondonTime.day(of: try t("2026-01-15T23:30:00Z")) == day("2026-01-15"))
        // Around the changes of 29 March and 25 October 2026 (01:00 UTC).
        #expect(LondonTime.day(of: try t("2026-03-28T23:30:00Z")) == day("2026-03-28"))
        #expect(LondonTime.day(of: try t("2026-03-29T23:30:00Z")) == day("2026-03-30"))
        #expect(LondonTime.day(of: try t("2026-10-24T23:30:00Z")) == day("2026-10-25"))
        #expect(LondonTime.day(of: try t("2026-10-25T23:30:00Z")) == day("2026-10-25"))
        // 1968–71 the UK kept GMT+1 all year (British Standard Time): this is 1 January in London.
        #expect(LondonTime.day(of: try t("1969-12-31T23:59:59Z")) == day("1970-01-01"))
        #expect(LondonTime.day(of: try t("2019-12-31T23:59:59Z")) == day("2019-12-31"))
    }

    @Test func theEngineDatesAReceiptAt2330ZInSummerOnTheNextDay() {
        var b = EventBuilder()
        var p = SinglePartition()
        let summer = b.next(.referralReceived, "S", at: "2026-07-01T23:30:00Z")
        let winter = b.next(.referralReceived, "W", at: "2026-01-15T23:30:00Z")
        #expect(summer.day == day("2026-07-02"))
        #expect(winter.day == day("2026-01-15"))
        p.ingest(winter, summer)
        p.advance(through: day("2026-07-02"))
        #expect(p.record(day("2026-07-01"))?.waiting.count == 1)
        #expect(p.record(day("2026-07-02"))?.waiting.count == 2)
        #expect(p.record(day("2026-07-02"))?.waiting.medianDays == 0)
    }

    @Test func londonDatesAgreeWithFoundationAcrossClockChanges() throws {
        for start in ["2025-03-29T00:00:00Z", "2025-10-25T00:00:00Z", "2026-03-28T00:00:00Z", "2027-10-30T00:00:00Z"] {
            let base = try t(start)
            for step in 0..<(4 * 24 * 4) {
                let instant = base.adding(seconds: Int64(step) * 900)
                #expect(LondonTime.day(of: instant) == FixtureEvents.londonDay(instant), "\(instant)")
                let justBefore = instant.adding(seconds: -1)
                #expect(LondonTime.day(of: justBefore) == FixtureEvents.londonDay(justBefore))
            }
        }
    }

    @Test func aLondonDayStartsAtLocalMidnight() throws {
        #expect(LondonTime.startOfDay(day("2026-07-02")) == (try t("2026-07-01T23:00:00Z")))
        #expect(LondonTime.startOfDay(day("2026-01-15")) == (try t("2026-01-15T00:00:00Z")))
        #expect(LondonTime.startOfDay(day("2026-03-29")) == (try t("2026-03-29T00:00:00Z")))
        #expect(LondonTime.startOfDay(day("2026-03-30")) == (try t("2026-03-29T23:00:00Z")))
        #expect(LondonTime.startOfDay(day("2026-10-25")) == (try t("2026-10-24T23:00:00Z")))
        #expect(LondonTime.startOfDay(day("2026-10-26")) == (try t("2026-10-26T00:00:00Z")))
    }

    @Test func dayDIsCompleteOnceTheWatermarkReachesTheStartOfDPlusOnePlusL() throws {
        // Summer: 2 July starts at 1 July 23:00Z; with L = 1 h, 1 July completes at 2 July 00:00Z.
        let exact = try t("2026-07-02T00:00:00Z")
        #expect(PartitionEngine.lastCompleteDay(watermark: exact, latenessSeconds: 3600) == day("2026-07-01"))
        #expect(
            PartitionEngine.lastCompleteDay(
                watermark: Timestamp(microsecondsSinceEpoch: exact.microsecondsSinceEpoch - 1), latenessSeconds: 3600)
                == day("2026-06-30"))
        // Winter: 16 January starts at 00:00Z.
        #expect(
            PartitionEngine.lastCompleteDay(watermark: try t("2026-01-16T01:00:00Z"), latenessSeconds: 3600)
                == day("2026-01-15"))
        #expect(
            PartitionEngine.lastCompleteDay(watermark: try t("2026-01-16T00:59:59Z"), latenessSeconds: 3600)
                == day("2026-01-14"))
        #expect(
            PartitionEngine.lastCompleteDay(watermark: try t("2026-01-16T00:00:00Z"), latenessSeconds: 0)
                == day("2026-01-15"))
    }

    @Test func civilDayTextRoundTrips() {
        for text in ["1970-01-01", "2026-05-06", "2024-02-29", "1969-12-31", "2000-03-01", "9999-12-31", "0001-01-01"] {
            #expect(CivilDay(text).map(\.description) == text)
        }
        #expect(CivilDay("2026-02-29") == nil)
        #expect(CivilDay("2026-13-01") == nil)
        #expect(CivilDay("2026-1-01") == nil)
        #expect(CivilDay("1970-01-02")?.daysSinceEpoch == 1)
    }
}
