import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// The simulator's own Europe/London calendar, against Foundation's time zone database.
@Suite struct SimulationCalendarTests {
    static func ts(_ text: String) -> Timestamp {
        let date = ISO8601DateFormatter().date(from: text)!
        return Timestamp(secondsSinceEpoch: Int64(date.timeIntervalSince1970))
    }

    @Test func civilDaysRoundTrip() {
        #expect(SimulationCalendar.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(SimulationCalendar.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(SimulationCalendar.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        for d in Int64(-800)...Int64(80_000) where d % 7 == 0 || d % 97 == 0 {
            let c = SimulationCalendar.civilFromDays(d)
            #expect(SimulationCalendar.daysFromCivil(year: c.year, month: c.month, day: c.day) == d)
        }
    }

    @Test func weekdays() {
        #expect(SimulationCalendar.weekday(CivilDay(daysSinceEpoch: 0)) == 4)  // Thursday
        #expect(SimulationCalendar.weekday(SimulationCalendar.civilDay(year: 2025, month: 4, day: 1)) == 2)  // Tuesday
        #expect(SimulationCalendar.lastSunday(year: 2025, month: 3) == SimulationCalendar.daysFromCivil(year: 2025, month: 3, day: 30))
        #expect(SimulationCalendar.lastSunday(year: 2025, month: 10) == SimulationCalendar.daysFromCivil(year: 2025, month: 10, day: 26))
    }

    @Test(arguments: [
        ("2025-03-30T00:59:59Z", "2025-03-30"),
        ("2025-03-29T23:30:00Z", "2025-03-29"),  // GMT
        ("2025-06-30T23:30:00Z", "2025-07-01"),  // BST
        ("2025-10-25T23:30:00Z", "2025-10-26"),  // still BST
        ("2025-10-26T23:30:00Z", "2025-10-26"),  // GMT again
        ("2025-12-31T23:59:59Z", "2025-12-31"),
        ("1969-12-31T23:00:00Z", "1969-12-31"),
    ])
    func londonDayAtTheEdges(instant: String, date: String) {
        let parts = date.split(separator: "-").map { Int($0)! }
        let expected = SimulationCalendar.civilDay(year: parts[0], month: parts[1], day: parts[2])
        #expect(SimulationCalendar.londonDay(of: Self.ts(instant)) == expected)
    }

    @Test func londonDayMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Europe/London"))
        // Every 47 minutes and 13 seconds across 2024–2027, hitting every hour of every day.
        var seconds: Int64 = 1_704_067_200
        while seconds < 1_830_297_600 {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = SimulationCalendar.civilDay(year: c.year!, month: c.month!, day: c.day!)
            #expect(SimulationCalendar.londonDay(of: Timestamp(secondsSinceEpoch: seconds)) == expected)
            seconds += 47 * 60 + 13
        }
    }

    @Test func localWorkingTimesConvertToTheRightInstant() {
        let summer = SimulationCalendar.civilDay(year: 2025, month: 7, day: 1)
        let winter = SimulationCalendar.civilDay(year: 2025, month: 12, day: 1)
        #expect(SimulationCalendar.timestamp(day: summer, localSecond: 9 * 3600) == Self.ts("2025-07-01T08:00:00Z"))
        #expect(SimulationCalendar.timestamp(day: winter, localSecond: 9 * 3600) == Self.ts("2025-12-01T09:00:00Z"))
        let springForward = SimulationCalendar.civilDay(year: 2025, month: 3, day: 30)
        #expect(SimulationCalendar.timestamp(day: springForward, localSecond: 9 * 3600) == Self.ts("2025-03-30T08:00:00Z"))
    }
}
