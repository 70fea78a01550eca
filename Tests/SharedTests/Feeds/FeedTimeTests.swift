import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// Europe/London wall-clock times of the feeds, around the clock changes (FEEDS.md).
@Suite struct FeedTimeTests {
    @Test func repeatedHourMeansTheFirstOccurrence() {
        // 25 October 2026: clocks go back at 02:00 BST; 01:30 happens twice.
        #expect(FeedTime.parseCSV("2026-10-25 01:30")?.rfc3339UTC == "2026-10-25T00:30:00Z")
        #expect(FeedTime.parseHL7("202610250130")?.rfc3339UTC == "2026-10-25T00:30:00Z")
        #expect(FeedTime.parseCSV("2026-10-25 00:59:59")?.rfc3339UTC == "2026-10-24T23:59:59Z")
        #expect(FeedTime.parseCSV("2026-10-25 02:00")?.rfc3339UTC == "2026-10-25T02:00:00Z")
    }

    @Test func skippedHourMovesForwardOneHour() {
        // 29 March 2026: clocks go forward at 01:00 GMT; 01:00–01:59 do not exist.
        #expect(FeedTime.parseCSV("2026-03-29 01:30")?.rfc3339London == "2026-03-29T02:30:00+01:00")
        #expect(FeedTime.parseHL7("20260329010000")?.rfc3339London == "2026-03-29T02:00:00+01:00")
        #expect(FeedTime.parseCSV("2026-03-29 00:59")?.rfc3339UTC == "2026-03-29T00:59:00Z")
        #expect(FeedTime.parseCSV("2026-03-29 02:00")?.rfc3339UTC == "2026-03-29T01:00:00Z")
    }

    @Test func ordinaryTimesAndOffsets() {
        #expect(FeedTime.parseCSV("2026-07-01 09:00")?.rfc3339UTC == "2026-07-01T08:00:00Z")
        #expect(FeedTime.parseCSV("2026-01-10")?.rfc3339UTC == "2026-01-10T00:00:00Z")
        #expect(FeedTime.parseCSV("2026-07-01")?.rfc3339UTC == "2026-06-30T23:00:00Z")
        #expect(FeedTime.parseCSV("2026-07-01T09:00:00-04:00")?.rfc3339UTC == "2026-07-01T13:00:00Z")
        #expect(FeedTime.parseHL7("20260701090000+0000")?.rfc3339UTC == "2026-07-01T09:00:00Z")
        #expect(FeedTime.parseHL7("20260701090000.25-0130")?.rfc3339UTC == "2026-07-01T10:30:00.250Z")
        #expect(FeedTime.parseHL7("20260701")?.rfc3339UTC == "2026-06-30T23:00:00Z")
        #expect(FeedTime.parseFHIR("2026-07-01")?.rfc3339UTC == "2026-06-30T23:00:00Z")
        #expect(FeedTime.parseFHIR("2026-07-01T09:00:00+01:00")?.rfc3339UTC == "2026-07-01T08:00:00Z")
    }

    @Test(arguments: [
        "2026-02-30", "2026-13-01", "2026-07-01 24:00", "2026-07-01 09:60", "2026-07-01 9:00", "01/07/2026", "", "2026-07-01 09:00:00Zulu",
    ])
    func badCSVTimesAreRejected(_ text: String) {
        #expect(FeedTime.parseCSV(text) == nil)
    }

    @Test(arguments: [
        "20260230", "202607", "202607010", "20260701250000", "20260701090000+01", "20260701090000.12345", "2026-07-01",
        "20260701090000+2500",
    ])
    func badHL7TimesAreRejected(_ text: String) {
        #expect(FeedTime.parseHL7(text) == nil)
    }

    @Test(arguments: ["2026-07-01T09:00:00", "2026-07", "2026-02-29"])
    func badFHIRTimesAreRejected(_ text: String) {
        #expect(FeedTime.parseFHIR(text) == nil)
    }
}
