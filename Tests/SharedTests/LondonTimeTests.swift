import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct LondonTimeTests {
    static let london = TimeZone(identifier: "Europe/London")!

    /// Foundation's answer: the Europe/London date of an instant, as a CivilDay.
    static func foundationDay(_ seconds: Int64) -> CivilDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return CivilDay(year: c.year!, month: c.month!, day: c.day!)!
    }

    static func check(_ seconds: Int64) {
        let t = Timestamp(secondsSinceEpoch: seconds)
        let offset = london.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(t.londonUTCOffsetSeconds == offset, "offset at \(t.rfc3339UTC)")
        #expect(CivilDay(londonDateOf: t) == foundationDay(seconds), "day of \(t.rfc3339UTC)")
    }

    @Test func workedExampleFromTheSpec() throws {
        let t = try Timestamp.parseRFC3339("2026-05-01T23:30:00Z")
        #expect(t.londonDay.description == "2026-05-02")
        #expect(try Timestamp.parseRFC3339("2026-05-01T09:00:00+01:00").londonDay.description == "2026-05-01")
        #expect(try Timestamp.parseRFC3339("2026-01-01T23:30:00Z").londonDay.description == "2026-01-01")
    }

    @Test func clockChangesAt0100UTC() throws {
        // 2026: BST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
        #expect(try Timestamp.parseRFC3339("2026-03-29T00:59:59Z").londonUTCOffsetSeconds == 0)
        #expect(try Timestamp.parseRFC3339("2026-03-29T01:00:00Z").londonUTCOffsetSeconds == 3600)
        #expect(try Timestamp.parseRFC3339("2026-10-25T00:59:59Z").londonUTCOffsetSeconds == 3600)
        #expect(try Timestamp.parseRFC3339("2026-10-25T01:00:00Z").londonUTCOffsetSeconds == 0)
    }

    @Test func everyClockChangeFrom1996To2040MatchesFoundation() {
        var date = Date(timeIntervalSince1970: 820_454_400)  // 1996-01-01T00:00:00Z
        let end = Date(timeIntervalSince1970: 2_240_611_200)  // 2041-01-01T00:00:00Z
        var transitions = 0
        while let next = Self.london.nextDaylightSavingTimeTransition(after: date), next < end {
            let s = Int64(next.timeIntervalSince1970)
            for delta: Int64 in [-3600, -60, -1, 0, 1, 60, 3600] { Self.check(s + delta) }
            transitions += 1
            date = next
        }
        #expect(transitions == 90)
    }

    @Test func manyInstantsFrom1996To2040MatchFoundation() {
        var rng = SplitMix64(seed: 0x5eed)
        let start: UInt64 = 820_454_400, span: UInt64 = 2_240_611_200 - 820_454_400
        for _ in 0..<20_000 {
            Self.check(Int64(start + rng.next() % span))
        }
        // Every local midnight and 23:30 UTC in a few whole years (date edges).
        for days in stride(from: 9496, to: 9496 + 3 * 366, by: 1) {
            Self.check(Int64(days) * 86_400 - 1)
            Self.check(Int64(days) * 86_400 + 23 * 3600 + 1800)
        }
    }

    @Test func instantsBefore1996UseFoundation() throws {
        // British Standard Time experiment: UTC+1 all year 1968-10-27 to 1971-10-31.
        #expect(try Timestamp.parseRFC3339("1970-01-01T23:30:00Z").londonDay.description == "1970-01-02")
        for s in stride(from: Int64(-1_000_000_000), to: 820_454_400, by: 7_777_777) { Self.check(s) }
        Self.check(820_454_399)
    }

    @Test func startOfDayIsLocalMidnight() throws {
        #expect(LondonTime.startOfDay(CivilDay("2026-05-02")!) == (try Timestamp.parseRFC3339("2026-05-01T23:00:00Z")))
        #expect(LondonTime.startOfDay(CivilDay("2026-01-02")!) == (try Timestamp.parseRFC3339("2026-01-02T00:00:00Z")))
        #expect(LondonTime.startOfDay(CivilDay("2026-03-29")!) == (try Timestamp.parseRFC3339("2026-03-29T00:00:00Z")))
        #expect(LondonTime.startOfDay(CivilDay("2026-03-30")!) == (try Timestamp.parseRFC3339("2026-03-29T23:00:00Z")))
        #expect(LondonTime.startOfDay(CivilDay("2026-10-25")!) == (try Timestamp.parseRFC3339("2026-10-24T23:00:00Z")))
        #expect(LondonTime.startOfDay(CivilDay("2026-10-26")!) == (try Timestamp.parseRFC3339("2026-10-26T00:00:00Z")))
        for d in Int32(9000)...Int32(9000 + 800) {
            let day = CivilDay(daysSinceEpoch: d)
            let start = LondonTime.startOfDay(day)
            #expect(start.londonDay == day)
            #expect(start.adding(seconds: -1).londonDay == day.advanced(by: -1))
        }
    }
}

/// A tiny deterministic generator for sampling instants.
