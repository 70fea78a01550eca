import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct TimestampRFC3339Tests {
    static func micros(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int64 = 0) -> Int64 {
        Int64(CivilCalendar.daysFromCivil(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s) * 1_000_000 + us
    }

    static let good: [(String, Int64)] = [
        ("2026-05-01T09:00:00+01:00", micros(2026, 5, 1, 8, 0, 0)),
        ("2026-05-01T23:30:00Z", micros(2026, 5, 1, 23, 30, 0)),
        ("2026-05-01t23:30:00z", micros(2026, 5, 1, 23, 30, 0)),
        ("2026-05-01 23:30:00Z", micros(2026, 5, 1, 23, 30, 0)),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("2026-05-01T08:00:00.5Z", micros(2026, 5, 1, 8, 0, 0, 500_000)),
        ("2026-05-01T08:00:00.123456789Z", micros(2026, 5, 1, 8, 0, 0, 123_456)),
        ("2026-05-01T08:00:00.1234569Z", micros(2026, 5, 1, 8, 0, 0, 123_456)),
        ("2026-05-01T08:00:00.000001-00:00", micros(2026, 5, 1, 8, 0, 0, 1)),
        ("2026-05-01T00:30:00-05:30", micros(2026, 5, 1, 6, 0, 0)),
        ("2026-05-01T00:00:00+23:59", micros(2026, 4, 30, 0, 1, 0)),
        ("2024-02-29T12:00:00Z", micros(2024, 2, 29, 12, 0, 0)),
        ("2000-02-29T12:00:00Z", micros(2000, 2, 29, 12, 0, 0)),
        ("2016-12-31T23:59:60Z", micros(2016, 12, 31, 23, 59, 59, 999_999)),
        ("2016-12-31T23:59:60.5Z", micros(2016, 12, 31, 23, 59, 59, 999_999)),
        ("0000-01-01T00:00:00Z", micros(0, 1, 1, 0, 0, 0)),
        ("9999-12-31T23:59:59Z", micros(9999, 12, 31, 23, 59, 59)),
    ]

    @Test(arguments: good)
    func parsesValidTimestamps(text: String, expected: Int64) throws {
        #expect(try Timestamp.parseRFC3339(text).microsecondsSinceEpoch == expected)
        #expect(try Timestamp.parseRFC3339(Array(text.utf8)).microsecondsSinceEpoch == expected)
    }

    static let bad: [(String, RFC3339Error)] = [
        ("", .empty),
        ("2026-05-01T09:00:00", .missingOffset),
        ("2026-05-01T09:00:00.25", .missingOffset),
        ("2026-05-01", .missingTime),
        ("2026-05-01X09:00:00Z", .expectedTimeSeparator(position: 11)),
        ("2026-5-01T09:00:00Z", .expectedDigit(position: 7)),
        ("2026/05/01T09:00:00Z", .expectedCharacter(UInt8(ascii: "-"), position: 5)),
        ("2026-05-01T09:00Z", .expectedCharacter(UInt8(ascii: ":"), position: 17)),
        ("2026-05-01T09:00:00.Z", .emptyFraction(position: 21)),
        ("2026-05-01T09:00:00+0100", .expectedCharacter(UInt8(ascii: ":"), position: 23)),
        ("2026-05-01T09:00:00+01", .expectedCharacter(UInt8(ascii: ":"), position: 23)),
        ("2026-05-01T09:00:00Z ", .trailingCharacters(position: 21)),
        ("2026-05-01T09:00:00+01:00Z", .trailingCharacters(position: 26)),
        ("2026-13-01T09:00:00Z", .monthOutOfRange(13)),
        ("2026-00-01T09:00:00Z", .monthOutOfRange(0)),
        ("2026-02-29T09:00:00Z", .dayOutOfRange(day: 29, year: 2026, month: 2)),
        ("1900-02-29T09:00:00Z", .dayOutOfRange(day: 29, year: 1900, month: 2)),
        ("2026-04-31T09:00:00Z", .dayOutOfRange(day: 31, year: 2026, month: 4)),
        ("2026-04-00T09:00:00Z", .dayOutOfRange(day: 0, year: 2026, month: 4)),
        ("2026-04-01T24:00:00Z", .hourOutOfRange(24)),
        ("2026-04-01T23:60:00Z", .minuteOutOfRange(60)),
        ("2026-04-01T23:59:61Z", .secondOutOfRange(61)),
        ("2026-04-01T23:59:59+24:00", .offsetOutOfRange(hours: 24, minutes: 0)),
        ("2026-04-01T23:59:59+01:60", .offsetOutOfRange(hours: 1, minutes: 60)),
        ("+2026-04-01T23:59:59Z", .expectedDigit(position: 1)),
        // Found by fuzzing: valid local times whose UTC date has no four-digit year.
        ("0000-01-01T09:00:00+11:00", .outsideYears0000To9999),
        ("9999-12-31T23:00:00-05:00", .outsideYears0000To9999),
    ]

    @Test(arguments: bad)
    func rejectsInvalidTimestamps(text: String, expected: RFC3339Error) {
        #expect(throws: expected) { try Timestamp.parseRFC3339(text) }
    }

    @Test func theUTCRangeIsTheYears0000To9999() {
        #expect(RFC3339.utcSeconds.lowerBound == CivilCalendar.daysFromCivil(year: 0, month: 1, day: 1) * 86_400)
        #expect(RFC3339.utcSeconds.upperBound == CivilCalendar.daysFromCivil(year: 10_000, month: 1, day: 1) * 86_400)
    }

    /// Found by fuzzing: London's offset before 1847 (−0:01:15) puts the first minute of
    /// 0000-01-01 UTC in the year −1, which has no RFC 3339 form; that instant is written in UTC.
    @Test func aLondonTimeWithNoFourDigitYearIsWrittenInUTC() throws {
        let first = try Timestamp.parseRFC3339("0000-01-01T00:00:30Z")
        #expect(first.rfc3339London == "0000-01-01T00:00:30+00:00")
        #expect(try Timestamp.parseRFC3339(first.rfc3339London) == first)
        let later = try Timestamp.parseRFC3339("0000-01-01T00:01:30Z")
        #expect(later.rfc3339London.hasPrefix("0000-01-01T00:0"), "\(later.rfc3339London)")
        #expect(try Timestamp.parseRFC3339(later.rfc3339London) == later)
    }

    @Test func errorDescriptionsAreOneLine() {
        #expect(RFC3339Error.monthOutOfRange(13).description == "month 13 is not 1–12")
        #expect(RFC3339Error.dayOutOfRange(day: 29, year: 2026, month: 2).description == "day 29 does not exist in 2026-02")
        #expect(RFC3339Error.missingOffset.description == "no UTC offset; add Z or ±HH:MM")
        for (_, error) in Self.bad { #expect(!error.description.contains("\n")) }
    }

    @Test func formatsUTC() throws {
        #expect(Timestamp(microsecondsSinceEpoch: 0).rfc3339UTC == "1970-01-01T00:00:00Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).rfc3339UTC == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(microsecondsSinceEpoch: 1_500_000).rfc3339UTC == "1970-01-01T00:00:01.500Z")
        #expect(try Timestamp.parseRFC3339("2026-05-01T09:00:00+01:00").rfc3339UTC == "2026-05-01T08:00:00Z")
        var buffer: [UInt8] = []
        try Timestamp.parseRFC3339("2026-05-01T09:00:00Z").appendRFC3339(to: &buffer, utcOffsetSeconds: -19_800)
        #expect(String(decoding: buffer, as: UTF8.self) == "2026-05-01T03:30:00-05:30")
    }

    @Test func formatsLondonLocalTimeWithOffset() throws {
        #expect(try Timestamp.parseRFC3339("2026-05-01T08:00:00Z").rfc3339London == "2026-05-01T09:00:00+01:00")
        #expect(try Timestamp.parseRFC3339("2026-01-10T09:00:00Z").rfc3339London == "2026-01-10T09:00:00+00:00")
        #expect(try Timestamp.parseRFC3339("2026-05-01T23:30:00Z").rfc3339London == "2026-05-02T00:30:00+01:00")
        // 1970 was inside the British Standard Time experiment: UTC+1 all year.
        #expect(try Timestamp.parseRFC3339("1970-01-01T00:00:00Z").rfc3339London == "1970-01-01T01:00:00+01:00")
    }

    @Test func formattingRoundTrips() throws {
        let samples: [Int64] = [0, -1, 1, 999, 1000, 1_777_622_400_123_456, -86_400_000_001, 253_402_300_799_999_999]
        for micros in samples {
            let t = Timestamp(microsecondsSinceEpoch: micros)
            #expect(try Timestamp.parseRFC3339(t.rfc3339UTC) == t)
            #expect(try Timestamp.parseRFC3339(t.rfc3339London) == t)
        }
    }
}
