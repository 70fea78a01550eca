import Testing
import WaitwatchFeeds
import WaitwatchMLLP

/// The ACK builder against the HL7 v2.5.1 standard, chapter 2: MSH (2.14.9), MSA (2.14.8),
/// ERR (2.14.5), table 0008 (acknowledgment codes) and table 0357 (error codes).
@Suite struct HL7AcknowledgementTests {
    // A REF^I12 as chapter 11's example shape: sending RIO at RAJ, to WAITWATCH at NHSE.
    static let message = Array("MSH|^~\\&|RIO|RAJ|WAITWATCH|NHSE|20260302091500||REF^I12^REF_I12|MSG0001|P|2.5.1\rRF1|A|R\r".utf8)

    func segments(_ ack: [UInt8]) -> [[String]] {
        String(decoding: ack, as: UTF8.self).split(separator: "\r").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func anAAHasMSHThenMSAEchoingTheControlId() throws {
        let ack = HL7Acknowledgement.build(replyingTo: Self.message, code: .accept, controlId: "WWX1", timestamp: "20260302091501+0000")
        #expect(ack.last == 0x0D)
        let s = segments(ack)
        #expect(s.count == 2)
        // MSH-1 '|', MSH-2 '^~\&', MSH-3/4 ← MSH-5/6, MSH-5/6 ← MSH-3/4, MSH-7 time,
        // MSH-9 ACK^trigger^ACK, MSH-10 our id, MSH-11 and MSH-12 echoed.
        #expect(
            s[0] == ["MSH", "^~\\&", "WAITWATCH", "NHSE", "RIO", "RAJ", "20260302091501+0000", "", "ACK^I12^ACK", "WWX1", "P", "2.5.1"])
        // MSA-1 AA, MSA-2 = MSH-10 of the message acknowledged; no text, no ERR.
        #expect(s[1] == ["MSA", "AA", "MSG0001"])
    }

    @Test func anAECarriesTheTextInMSA3AndAnERRWithTheTable0357Code() throws {
        let reason = "unknown service code \"XYZ\" (not in the catalogue or the configured code map)"
        let ack = HL7Acknowledgement.build(
            replyingTo: Self.message, code: .error, text: reason, error: .tableValueNotFound,
            errorLocation: ("RF1", 3), controlId: "WWX2", timestamp: "20260302091501+0000")
        let s = segments(ack)
        #expect(s.count == 3)
        #expect(s[1][0...2] == ["MSA", "AE", "MSG0001"])
        // MSA-3 is ST, at most 80 characters.
        #expect(s[1][3] == String(reason.prefix(80)))
        // ERR-2 location (segment^sequence^field), ERR-3 code^text^HL70357, ERR-4 severity E, ERR-8 user message.
        #expect(s[2][1] == "")
        #expect(s[2][2] == "RF1^1^3")
        #expect(s[2][3] == "103^Table value not found^HL70357")
        #expect(s[2][4] == "E")
        #expect(s[2][8] == reason)
    }

    @Test func delimitersInTheTextAreEscaped() throws {
        let ack = HL7Acknowledgement.build(replyingTo: Self.message, code: .reject, text: "a|b^c~d\\e&f\rg", controlId: "1", timestamp: "t")
        let msa = String(decoding: ack, as: UTF8.self).split(separator: "\r")[1]
        #expect(msa == "MSA|AR|MSG0001|a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f g")
    }

    @Test func theMessagesOwnDelimitersAreUsed() throws {
        let message = Array("MSH#*@!%#APP#FAC#RCV#RF#20260302091500##SIU*S12#C9#T#2.4\r".utf8)
        let ack = String(
            decoding: HL7Acknowledgement.build(replyingTo: message, code: .accept, controlId: "9", timestamp: "t"), as: UTF8.self)
        #expect(ack == "MSH#*@!%#RCV#RF#APP#FAC#t##ACK*S12*ACK#9#T#2.4\rMSA#AA#C9\r")
    }

    @Test func anUnreadableMessageGetsAnARWithAnEmptyMSA2AndDefaults() throws {
        let ack = String(
            decoding: HL7Acknowledgement.build(
                replyingTo: Array("garbage".utf8), code: .reject, text: "bytes outside an MLLP frame",
                error: .segmentSequenceError, controlId: "7", timestamp: "t"), as: UTF8.self)
        #expect(
            ack
                == "MSH|^~\\&|||||t||ACK^^ACK|7|P|2.5.1\rMSA|AR||bytes outside an MLLP frame\rERR|||100^Segment sequence error^HL70357|E||||bytes outside an MLLP frame\r"
        )
    }

    @Test func theControlIdIsEchoedByteForByteEscapesIncluded() throws {
        let message = Array("MSH|^~\\&|A|B|C|D|20260302091500||REF^I12|ID\\F\\7|P|2.5.1\r".utf8)
        let msa = String(
            decoding: HL7Acknowledgement.build(replyingTo: message, code: .accept, controlId: "1", timestamp: "t"), as: UTF8.self
        ).split(separator: "\r")[1]
        #expect(msa == "MSA|AA|ID\\F\\7")
    }

    @Test(arguments: [(Int64(0), "19700101000000+0000"), (1_772_443_500, "20260302092500+0000"), (951_782_400, "20000229000000+0000")])
    func theTimestampIsTheDTMFormInUTC(_ seconds: Int64, _ expected: String) {
        #expect(HL7Acknowledgement.timestamp(secondsSinceEpoch: seconds) == expected)
    }

    @Test func errorLocationsComeFromTheFeedsLocations() {
        #expect(HL7Acknowledgement.errorLocation(of: "message \"MSG1\", RF1-6")! == ("RF1", 6))
        #expect(HL7Acknowledgement.errorLocation(of: "message, MSH-9")! == ("MSH", 9))
        #expect(HL7Acknowledgement.errorLocation(of: "message") == nil)
    }

    @Test func rejectionsMapToARForTheMessageAndAEForItsContent() {
        #expect(MLLPIngest.reply(for: FeedRejection(location: "message, MSH-9", code: "unsupported-message", reason: "x")).code == .reject)
        #expect(MLLPIngest.reply(for: FeedRejection(location: "message", code: "bad-hl7", reason: "x")).code == .reject)
        let missing = MLLPIngest.reply(for: FeedRejection(location: "message \"M\", RF1-6", code: "missing-field", reason: "x"))
        #expect(missing.code == .error && missing.error == .requiredFieldMissing && missing.segment == "RF1" && missing.field == 6)
        #expect(MLLPIngest.reply(for: FeedRejection(location: "m", code: "unknown-service", reason: "x")).error == .tableValueNotFound)
    }
}
