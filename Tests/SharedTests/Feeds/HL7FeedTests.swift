import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// HL7 v2 parsing (delimiters, components, repetitions, escapes) and the REF/SIU mapping.
@Suite struct HL7FeedTests {
    static let pid = "PID|1||9434765919^^^NHS^NH~X123^^^RAJ^MR||Fictitious^Poppy||20150614|F"

    static func referral(_ rf1: String, type: String = "REF^I12^REF_I12", msh7: String = "20260501100000", control: String = "C1") -> String
    {
        ["MSH|^~\\&|RIO|RAJ|WW|NHSE|\(msh7)||\(type)|\(control)|P|2.5.1", rf1, pid].joined(separator: "\r")
    }

    static func appointment(_ trigger: String, _ sch: String, extra: [String] = [], ais: String = "AIS|1||SALT") -> String {
        (["MSH|^~\\&|RIO|RAJ|WW|NHSE|20260501100000||SIU^\(trigger)^SIU_S12|C2|P|2.5.1", sch] + extra + [pid, "RGS|1", ais]).joined(
            separator: "\r")
    }

    /// SCH with placer appointment id, fields 6 and 11, filler status (25) and placer order (26).
    static func sch(reason: String = "", start: String = "", status: String = "Booked", order: String = "R-1") -> String {
        var fields = [String](repeating: "", count: 26)
        fields[0] = "A-1^RAJ"; fields[5] = reason; fields[10] = start.isEmpty ? "" : "^^^\(start)"; fields[24] = status; fields[25] = order
        return "SCH|" + fields.joined(separator: "|")
    }

    func rejection(_ text: String) -> FeedRejection? {
        FeedSamples.rejections(.hl7v2, text).first
    }

    @Test func parsesComponentsRepetitionsAndEscapes() throws {
        let m = try HL7Message(Array("MSH|^~\\&|A|B\rZZZ|a^b\\S\\c~r2&s2^x|\\F\\\\T\\\\R\\\\E\\\\X414243\\\\.br\\end".utf8))
        let z = try #require(m.segment("ZZZ"))
        #expect(m.value(z, 1) == "a")
        #expect(m.value(z, 1, component: 2) == "b^c")
        #expect(m.value(z, 1, repetition: 1) == "r2")
        #expect(m.value(z, 1, repetition: 1, subcomponent: 2) == "s2")
        #expect(m.repetitions(z, 1) == 2)
        #expect(m.value(z, 2) == "|&~\\ABCend")
        #expect(m.value(z, 9) == "")
        let msh = try #require(m.segment("MSH"))
        #expect(m.value(msh, 1) == "|")
        #expect(m.value(msh, 2) == "^~\\&")
        #expect(m.value(msh, 4) == "B")
    }

    @Test func honoursTheMessagesOwnEncodingCharacters() throws {
        let text = "MSH#$*!@#RIO#RAJ#WW#NHSE#20260501100000##REF$I12$REF_I12#C9#P#2.5.1\rRF1#A#U#SALT###R-7!T!x$RAJ#20260501090000"
        let events = FeedSamples.events(.hl7v2, text)
        #expect(events.count == 1)
        #expect(events.first?.referralId == "R-7@x")
        #expect(events.first?.priority == .urgent)
        #expect(events.first?.occurredAt.rfc3339UTC == "2026-05-01T08:00:00Z")
    }

    @Test func mapsEachMessageType() {
        let received = FeedSamples.events(.hl7v2, Self.referral("RF1|A|R|SALT|||R-1|20260501090000"))
        #expect(received.map(\.type) == [.referralReceived])
        let cancelled = FeedSamples.events(.hl7v2, Self.referral("RF1|A||SALT|||R-1||20260601090000", type: "REF^I14"))
        #expect(cancelled.map(\.type) == [.referralClosed])
        #expect(cancelled.first?.reason == "cancelled")
        let rejected = FeedSamples.events(.hl7v2, Self.referral("RF1|R||SALT|||R-1", type: "REF^I13"))
        #expect(rejected.first?.reason == "rejected")
        #expect(rejected.first?.occurredAt.rfc3339UTC == "2026-05-01T09:00:00Z")  // MSH-7 when RF1-9 is empty
        let booked = FeedSamples.events(.hl7v2, Self.appointment("S12", Self.sch(), extra: ["TQ1|1||||||20260610093000"]))
        #expect(booked.first?.scheduledFor?.rfc3339UTC == "2026-06-10T08:30:00Z")
        let moved = FeedSamples.events(.hl7v2, Self.appointment("S13", Self.sch(start: "202606111400")))
        #expect(moved.map(\.type) == [.appointmentBooked])
        #expect(moved.first?.scheduledFor?.rfc3339UTC == "2026-06-11T13:00:00Z")
        #expect(FeedSamples.events(.hl7v2, Self.appointment("S14", Self.sch(status: "Complete"))).map(\.type) == [.appointmentAttended])
        #expect(FeedSamples.events(.hl7v2, Self.appointment("S26", Self.sch(status: "Noshow"))).map(\.type) == [.appointmentDNA])
        let byPatient = FeedSamples.events(.hl7v2, Self.appointment("S15", Self.sch(reason: "pat-mv^Patient moved")))
        #expect(byPatient.first?.cancelledBy == .patient)
        let byProvider = FeedSamples.events(.hl7v2, Self.appointment("S15", Self.sch(reason: "maint")))
        #expect(byProvider.first?.cancelledBy == .provider)
    }

    @Test func missingSegmentsAndElementsAreLocated() {
        #expect(
            rejection("MSH|^~\\&|RIO|RAJ|WW|NHSE|20260501100000||REF^I12|C1|P|2.5.1\r" + Self.pid)?.location
                == "line 1, message \"C1\", RF1")
        #expect(rejection(Self.referral("RF1|A|R|SALT|||"))?.location == "line 1, message \"C1\", RF1-6")
        #expect(rejection(Self.referral("RF1|A|R||||R-1"))?.location == "line 1, message \"C1\", RF1-3")
        #expect(rejection(Self.referral("RF1|A|R|NOPE|||R-1"))?.code == "unknown-service")
        #expect(rejection(Self.referral("RF1|A|Q|SALT|||R-1"))?.location == "line 1, message \"C1\", RF1-2")
        #expect(rejection(Self.appointment("S12", Self.sch()))?.location == "line 1, message \"C2\", SCH-11.4")
        #expect(
            rejection(Self.appointment("S12", Self.sch(order: ""), extra: ["TQ1|1||||||20260610093000"]))?.location
                == "line 1, message \"C2\", SCH-26")
        #expect(rejection(Self.appointment("S15", Self.sch()))?.location == "line 1, message \"C2\", SCH-6")
        #expect(rejection(Self.appointment("S15", Self.sch(reason: "weather")))?.code == "invalid-value")
        #expect(rejection(Self.appointment("S26", Self.sch(), ais: "AIS|1||"))?.location == "line 1, message \"C2\", SCH-7")
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1", type: "ADT^A01"))?.code == "unsupported-message")
        #expect(
            rejection(Self.referral("RF1|A|R|SALT|||R-1").replacingOccurrences(of: "|RAJ|", with: "||"))?.location
                == "line 1, message \"C1\", MSH-4")
    }

    @Test func badDatesIncludingImpossibleOnesAreLocated() {
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1|20260230090000"))?.location == "line 1, message \"C1\", RF1-7")
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1|2026-05-01"))?.code == "bad-timestamp")
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1", msh7: "tomorrow"))?.location == "line 1, message \"C1\", MSH-7")
        // The skipped hour is not an error: it moves forward (FEEDS.md).
        let spring = FeedSamples.events(.hl7v2, Self.referral("RF1|A|R|SALT|||R-1|20260329013000"))
        #expect(spring.first?.occurredAt.rfc3339London == "2026-03-29T02:30:00+01:00")
    }

    @Test func truncatedAndBrokenMessagesAreRejectedNotCrashed() {
        #expect(rejection("MSH|^~")?.code == "bad-hl7")
        #expect(rejection("MSH")?.code == "bad-hl7")
        #expect(rejection("MSH|^^\\&|RIO|RAJ")?.reason.contains("five distinct delimiters") == true)
        #expect(rejection("PID|1||x")?.reason.contains("does not start with an MSH") == true)
        #expect(rejection("")?.code == "bad-hl7")
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1") + "\r!!|garbage")?.code == "bad-hl7")
        // Cut in the middle of RF1: the referral id is gone.
        let full = Self.referral("RF1|A|R|SALT|||R-1|20260501090000")
        let cut = full.components(separatedBy: "|R-1")[0]
        #expect(rejection(cut)?.location == "line 1, message \"C1\", RF1-6")
        // A comma-separated "message": wrong delimiters.
        #expect(rejection("MSH,^~\\&,RIO,RAJ,WW,NHSE,20260501100000,,REF^I12,C1,P,2.5.1")?.code != nil)
    }

    @Test func hugeFieldsAndInvalidUTF8() {
        let huge = String(repeating: "A", count: 50_000)
        #expect(rejection(Self.referral("RF1|A|R|SALT|||R-1|20260501090000||||\(huge)"))?.location == "line 1, message \"C1\", RF1-11")
        var bytes = Array(Self.referral("RF1|A|R|SALT|||R-1").utf8)
        bytes.insert(0xFF, at: 40)
        #expect(FeedSamples.rejections(.hl7v2, bytes).first?.reason == "not valid UTF-8")
        #expect(FeedSamples.rejections(.hl7v2, [UInt8](repeating: 0x41, count: HL7Message.maximumBytes + 1)).first?.code == "bad-hl7")
    }

    @Test func messagesInOneFileAreSplitAtMSHOrMLLPFrames() {
        let a = Self.referral("RF1|A|R|SALT|||R-1", control: "A")
        let b = Self.referral("RF1|A|R|SALT|||R-2", control: "B")
        #expect(FeedSamples.events(.hl7v2, a + "\r\n" + b + "\r\n").map(\.referralId) == ["R-1", "R-2"])
        #expect(FeedSamples.events(.hl7v2, a + "\r" + b).map(\.referralId) == ["R-1", "R-2"])
        let framed = "\u{0B}" + a + "\r\u{1C}\r" + "\u{0B}" + b + "\r\u{1C}\r"
        #expect(FeedSamples.events(.hl7v2, framed).map(\.referralId) == ["R-1", "R-2"])
        // A broken message between two good ones does not stop the next.
        let outcomes = FeedSamples.outcomes(.hl7v2, Array((a + "\rMSH|^~\r" + b).utf8))
        #expect(outcomes.count == 3)
    }

    @Test func thePatientIsTheNHSNumberRepetitionHashed() throws {
        let first = FeedSamples.outcomes(.hl7v2, Array(Self.referral("RF1|A|R|SALT|||R-1").utf8))
        let swapped = Self.referral("RF1|A|R|SALT|||R-1").replacingOccurrences(
            of: "9434765919^^^NHS^NH~X123^^^RAJ^MR", with: "X123^^^RAJ^MR~943 476 5919^^^NHS^NH")
        let second = FeedSamples.outcomes(.hl7v2, Array(swapped.utf8))
        let a = try #require(try first.first?.get().first).bytes
        let b = try #require(try second.first?.get().first).bytes
        let expected = try #require(FeedSamples.settings.patientHasher?.reference(for: "9434765919"))
        #expect(String(decoding: a, as: UTF8.self).contains(expected))
        #expect(String(decoding: b, as: UTF8.self).contains(expected))
    }

    @Test func rejectionsNeverCarryPatientData() {
        let texts = [
            Self.referral("RF1|A|R|NOPE|||R-1"), Self.referral("RF1|A|R|SALT|||R-1|bad"),
            Self.referral("RF1|A|Q|SALT|||R-1"), Self.appointment("S15", Self.sch(reason: "weather")),
        ]
        for text in texts {
            for r in FeedSamples.rejections(.hl7v2, text) {
                for value in FeedSamples.identifying { #expect(!r.description.contains(value)) }
                #expect(!r.description.contains("R-1"))
            }
        }
    }
}
