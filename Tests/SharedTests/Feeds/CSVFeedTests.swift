import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// The FEEDS.md CSV extract: RFC 4180 reading, column mapping, located rejections.
@Suite struct CSVFeedTests {
    static let header =
        "ORG_ID_PROVIDER,SERVICE_CODE,SERVICE_REQUEST_ID,RECORD_TYPE,EVENT_DATE_TIME,CARE_CONTACT_ID,CONTACT_STATUS,SCHEDULED_DATE_TIME,PATIENT_ID"

    func one(_ row: String) -> [FeedRejection] {
        FeedSamples.rejections(.csv, Self.header + "\n" + row + "\n")
    }

    @Test func quotingFollowsRFC4180() throws {
        let records = CSVReader(Array("\u{FEFF}a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\r\n\r\nlast,\"\",".utf8)).records()
        #expect(records.count == 3)
        #expect(try records[0].fields.get() == ["a", "b,1", "say \"hi\""])
        #expect(records[0].line == 1)
        #expect(try records[1].fields.get() == ["multi\nline", "", "x"])
        #expect(records[1].line == 2)
        #expect(records[2].line == 5)
        #expect(try records[2].fields.get() == ["last", "", ""])
        let oldMac = CSVReader(Array("a,b\r\rc,d\r".utf8)).records()
        #expect(oldMac.map(\.line) == [1, 3])
        #expect(try oldMac[1].fields.get() == ["c", "d"])
    }

    @Test func columnsAreMatchedCaseInsensitivelyInAnyOrderAndUnknownOnesIgnored() {
        let text =
            "event_date_time,Record_Type,extra,service_request_id,SERVICE_CODE,org_id_provider,priority\n2026-05-01 10:00,REFERRAL,whatever,R-1,SALT,RAJ,2\n"
        let events = FeedSamples.events(.csv, text)
        #expect(events.count == 1)
        #expect(events.first?.priority == .urgent)
        #expect(events.first?.occurredAt.rfc3339UTC == "2026-05-01T09:00:00Z")
    }

    @Test func csdsAttendanceCodes() {
        let rows = [
            "5": EventType.appointmentAttended, "6": .appointmentAttended, "3": .appointmentDNA, "7": .appointmentDNA,
            "2": .appointmentCancelled, "4": .appointmentCancelled,
        ]
        for (code, type) in rows {
            let events = FeedSamples.events(.csv, Self.header + "\nRAJ,SALT,R-1,CONTACT,2026-05-01 10:00,C-1,\(code),,\n")
            #expect(events.map(\.type) == [type], "code \(code)")
            if code == "2" { #expect(events.first?.cancelledBy == .patient) }
            if code == "4" { #expect(events.first?.cancelledBy == .provider) }
        }
    }

    @Test func rejectionsNameLineAndColumn() {
        #expect(one("RAJ,XYZ,R-1,REFERRAL,2026-05-01").map(\.location) == ["line 2, column SERVICE_CODE"])
        #expect(one("RAJ,XYZ,R-1,REFERRAL,2026-05-01").first?.code == "unknown-service")
        #expect(one("RAJ,SALT,R-1,REFERRAL,2026-02-30 10:00").map(\.location) == ["line 2, column EVENT_DATE_TIME"])
        #expect(one("RAJ,SALT,R-1,REFERRAL,2026-05-01 25:00").first?.code == "bad-timestamp")
        #expect(one("RAJ,SALT,R-1,TELEPORT,2026-05-01").first?.code == "unknown-type")
        #expect(one("RAJ,SALT,R-1,CONTACT,2026-05-01,C-1,9").map(\.location) == ["line 2, column CONTACT_STATUS"])
        #expect(one("RAJ,SALT,R-1,CONTACT,2026-05-01,C-1,BOOKED").map(\.location) == ["line 2, column SCHEDULED_DATE_TIME"])
        #expect(one("RAJ,SALT,R-1,CONTACT,2026-05-01,,5").map(\.location) == ["line 2, column CARE_CONTACT_ID"])
        #expect(one("raj,SALT,R-1,REFERRAL,2026-05-01").first?.code == "invalid-value")  // trust must be upper case
        #expect(one("RAJ,SALT,R-1,REFERRAL,2026-05-01,,,,,extra").first?.reason.contains("fields where the header has 9") == true)
        #expect(one("RAJ,SALT,R-1,REFERRAL").map(\.location) == ["line 2, column EVENT_DATE_TIME"])
        #expect(one("RAJ,SALT,,REFERRAL,2026-05-01").map(\.location) == ["line 2, column SERVICE_REQUEST_ID"])
    }

    @Test func malformedRowsDoNotStopTheOthers() {
        let text =
            Self.header + "\n"
            + [
                "RAJ,SALT,R-1,REFERRAL,2026-05-01",
                "RAJ,SALT,R\"2,REFERRAL,2026-05-01",  // a quote inside an unquoted field
                "RAJ,\"SALT\"x,R-3,REFERRAL,2026-05-01",  // text after a closing quote
                "RAJ,SALT,R-4,REFERRAL,2026-05-01",
                "RAJ,SALT,\"R-5,REFERRAL,2026-05-01",  // never closed
            ].joined(separator: "\n")
        let outcomes = FeedSamples.outcomes(.csv, Array(text.utf8))
        #expect(outcomes.count == 5)
        #expect(FeedSamples.rejections(.csv, text).map(\.location) == ["line 3", "line 4", "line 6"])
        #expect(FeedSamples.events(.csv, text).map(\.referralId) == ["R-1", "R-4"])
    }

    @Test func hugeFieldsAndInvalidUTF8AreLocated() {
        let huge = String(repeating: "x", count: 100_000)
        #expect(one("RAJ,SALT,\(huge),REFERRAL,2026-05-01").first?.reason.contains("longer than 4096 bytes") == true)
        var bytes = Array((Self.header + "\nRAJ,SALT,R-1,REFERRAL,2026-05-01\nRAJ,SA").utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("LT,R-2,REFERRAL,2026-05-01\n".utf8)
        let rejections = FeedSamples.rejections(.csv, bytes)
        #expect(rejections.map(\.location) == ["line 3"])
        #expect(rejections.first?.reason == "not valid UTF-8 in field 2")
    }

    @Test func aHeaderWithTheWrongDelimiterIsOneClearError() {
        let text =
            "ORG_ID_PROVIDER;SERVICE_CODE;SERVICE_REQUEST_ID;RECORD_TYPE;EVENT_DATE_TIME\nRAJ;SALT;R-1;REFERRAL;2026-05-01\nRAJ;SALT;R-2;REFERRAL;2026-05-01\n"
        let rejections = FeedSamples.rejections(.csv, text)
        #expect(rejections.count == 1)
        #expect(rejections.first?.location == "line 1")
        #expect(rejections.first?.reason.contains("separated by ; or tabs") == true)
    }

    @Test func theSameRowTwiceHasTheSameDerivedId() {
        let row = "RAJ,SALT,R-1,REFERRAL,2026-05-01"
        let events = FeedSamples.events(.csv, Self.header + "\n" + row + "\n" + row + "\n")
        #expect(events.count == 2)
        #expect(events[0].eventId == events[1].eventId)
        let given = FeedSamples.events(.csv, "EVENT_ID," + Self.header + "\nE-9," + row + "\n")
        #expect(given.first?.eventId == "E-9")
    }
}
