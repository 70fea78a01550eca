import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct CivilDayTests {
    @Test func epochIsDayZero() {
        #expect(CivilDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CivilDay(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        #expect(CivilDay(year: 2026, month: 5, day: 1)?.daysSinceEpoch == 20_574)
    }

    @Test func civilConversionsInvertEachOtherOverFourCenturies() {
        var expected = (year: 1800, month: 1, day: 1)
        var days = CivilCalendar.daysFromCivil(year: 1800, month: 1, day: 1)
        while expected.year < 2200 {
            let got = CivilCalendar.civilFromDays(days)
            #expect(got == expected)
            #expect(CivilCalendar.daysFromCivil(year: got.year, month: got.month, day: got.day) == days)
            // Step the expected date by one day by hand.
            if expected.day < CivilCalendar.daysInMonth(year: expected.year, month: expected.month) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
            days += 1
        }
    }

    @Test func weekdays() {
        #expect(CivilDay(year: 1970, month: 1, day: 1)?.weekday == 4)  // Thursday
        #expect(CivilDay(year: 2026, month: 3, day: 29)?.weekday == 0)  // Sunday
        #expect(CivilDay(year: 1969, month: 12, day: 28)?.weekday == 0)
        #expect(CivilCalendar.lastSunday(year: 2026, month: 10) == CivilDay(year: 2026, month: 10, day: 25).map { Int($0.daysSinceEpoch) })
    }

    @Test func formatsAsYearMonthDay() {
        #expect(CivilDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CivilDay(year: 2026, month: 5, day: 2)?.description == "2026-05-02")
        #expect(CivilDay(year: 987, month: 12, day: 31)?.description == "0987-12-31")
        var buffer = Array("asOf=".utf8)
        CivilDay(daysSinceEpoch: 20_574).appendISO8601(to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "asOf=2026-05-01")
    }

    @Test(arguments: ["2026-05-02", "2024-02-29", "0000-01-01", "9999-12-31", "1969-07-20"])
    func parsesWhatItFormats(text: String) throws {
        let day = try #require(CivilDay(text))
        #expect(day.description == text)
    }

    @Test(arguments: [
        "", "2026-5-02", "2026-05-2", "2026/05/02", "2026-02-29", "2026-13-01", "2026-00-10",
        "2026-05-00", "2026-05-02T", " 2026-05-02", "20260502", "2026-05-32", "２０２６-05-02",
    ])
    func rejectsMalformedDates(text: String) {
        #expect(CivilDay(text) == nil)
    }

    @Test func rejectsImpossibleComponents() {
        #expect(CivilDay(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDay(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDay(year: 2026, month: 1, day: 0) == nil)
    }
}
