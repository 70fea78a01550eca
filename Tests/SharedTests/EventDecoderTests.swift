import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct EventDecoderTests {
    let decoder = EventDecoder()

    /// A valid referral.received with `extra` spliced in before the closing brace.
    static func received(_ extra: String = "") -> String {
        #"{"eventId":"e1","type":"referral.received","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-01T09:00:00+01:00"\#(extra)}"#
    }

    func rejection(_ text: String) -> EventRejection? {
        if case .failure(let r) = decoder.decode(text) { return r }
        return nil
    }

    func reason(_ text: String) -> String? { rejection(text)?.reason }

    func reason(bytes: [UInt8]) -> String? {
        if case .failure(let r) = decoder.decode(bytes) { return r.reason }
        return nil
    }

    // MARK: Accepted input

    @Test func everyFixtureLineDecodes() throws {
        let url = try FixtureEvents.url("events.ndjson")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 12)
        for line in lines {
            let result = decoder.decode(String(line))
            #expect((try? result.get()) != nil, "\(line): \(result)")
        }
    }

    @Test func decodesAllFieldsOfTheWorkedExample() throws {
        let e = try decoder.decode(
            #"{"eventId":"e02","type":"referral.received","referralId":"R2","trust":"RAJ","service":"SALT","occurredAt":"2026-05-01T23:30:00Z"}"#
        ).get()
        #expect(
            e
                == ReferralEvent(
                    eventId: "e02", type: .referralReceived, referralId: "R2", trust: "RAJ", service: "SALT",
                    occurredAt: try Timestamp.parseRFC3339("2026-05-01T23:30:00Z"), day: CivilDay("2026-05-02")!, priority: .routine))
    }

    @Test func decodesTypeSpecificFields() throws {
        let booked = try decoder.decode(
            #"{"eventId":"e05","type":"appointment.booked","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00","appointmentId":"A1","scheduledFor":"2026-05-04T10:00:00+01:00"}"#
        ).get()
        #expect(booked.appointmentId == "A1")
        #expect(booked.scheduledFor == (try Timestamp.parseRFC3339("2026-05-04T09:00:00Z")))
        #expect(booked.priority == nil)

        let cancelled = try decoder.decode(
            #"{"eventId":"e08","type":"appointment.cancelled","referralId":"R3","trust":"RQW","service":"SALT","occurredAt":"2026-05-05T08:00:00+01:00","appointmentId":"A3","cancelledBy":"provider"}"#
        ).get()
        #expect(cancelled.cancelledBy == .provider)

        let closed = try decoder.decode(
            #"{"eventId":"e11","type":"referral.closed","referralId":"R3","trust":"RQW","service":"SALT","occurredAt":"2026-05-06T12:00:00+01:00","reason":"moved out of area"}"#
        ).get()
        #expect(closed.reason == "moved out of area")

        let urgent = try decoder.decode(Self.received(#","priority":"urgent""#)).get()
        #expect(urgent.priority == .urgent)
    }

    @Test func priorityDefaultsToRoutineAndNullMeansAbsent() throws {
        #expect(try decoder.decode(Self.received()).get().priority == .routine)
        #expect(try decoder.decode(Self.received(#","priority":null"#)).get().priority == .routine)
    }

    @Test func fieldsThatDoNotApplyToTheTypeAreIgnored() throws {
        let e = try decoder.decode(Self.received(#","cancelledBy":5,"appointmentId":"A1","reason":{"x":1},"scheduledFor":"soon""#)).get()
        #expect(e.appointmentId == nil && e.cancelledBy == nil && e.reason == nil && e.scheduledFor == nil)
        let dna = try decoder.decode(
            #"{"eventId":"e06","type":"appointment.dna","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-04T10:00:00+01:00","appointmentId":"A1","priority":"whenever"}"#
        ).get()
        #expect(dna.priority == nil)
    }

    @Test func unknownFieldsWithNestedValuesAreIgnored() throws {
        let extra =
            #","patientRef":"p-123","meta":{"a":[1,2,{"b":[[],{}]}],"c":"}","d":null,"e":true},"n":-1.5e+3,"list":["x",false,0,{"trust":"NOPE"}],"empty":"""#
        let e = try decoder.decode(Self.received(extra)).get()
        #expect(e.trust == "RAJ")
    }

    @Test func whitespaceAroundEverythingAndTrailingNewline() throws {
        let text =
            " \t{ \"eventId\" : \"e1\" ,\n\"type\":\"referral.received\",\r\n\"referralId\":\"R1\",\"trust\":\"RAJ\",\"service\":\"SALT\",\"occurredAt\":\"2026-05-01T09:00:00+01:00\" }\r\n"
        #expect(try decoder.decode(text).get().eventId == "e1")
    }

    @Test func stringEscapesAreDecoded() throws {
        let text =
            #"{"eventId":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude00","type":"referral.\u0072eceived","referralId":"R1","trust":"R\u0041J","service":"SALT","occurredAt":"2026-05-01T09:00:00+01:00"}"#
        let e = try decoder.decode(text).get()
        #expect(e.eventId == "a\"b\\c/d\u{8}\u{C}\n\r\té€😀")
        #expect(e.type == .referralReceived)
        #expect(e.trust == "RAJ")
    }

    @Test func escapedFieldNamesAreRecognised() throws {
        let e = try decoder.decode(
            #"{"\u0065ventId":"e1","type":"referral.received","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-01T09:00:00+01:00"}"#
        ).get()
        #expect(e.eventId == "e1")
    }

    @Test func lengthsCountCodePoints() throws {
        let emoji128 = String(repeating: "😀", count: 128)
        let ok =
            #"{"eventId":"\#(emoji128)","type":"referral.received","referralId":"\#(emoji128)","trust":"RAJ","service":"SALT","occurredAt":"2026-05-01T09:00:00+01:00"}"#
        #expect(try decoder.decode(ok).get().eventId == emoji128)
        let tooLong = ok.replacingOccurrences(of: #""eventId":""#, with: #""eventId":"😀"#)
        #expect(reason(tooLong) == #"field "eventId" must be 1–128 characters, got 129"#)
        let escaped128 = String(repeating: #"\ud83d\ude00"#, count: 128)
        #expect(
            try decoder.decode(Self.received().replacingOccurrences(of: #""R1""#, with: "\"\(escaped128)\"")).get().referralId == emoji128)
    }

    @Test func decodesFromRawBytesAndArrays() throws {
        let bytes = Array(Self.received().utf8)
        #expect(try decoder.decode(bytes).get().eventId == "e1")
        #expect(try bytes.withUnsafeBytes { decoder.decode($0) }.get().eventId == "e1")
    }

    @Test func dayIsTheLondonDate() throws {
        let e = try decoder.decode(Self.received().replacingOccurrences(of: "2026-05-01T09:00:00+01:00", with: "2026-05-01T23:30:00Z"))
            .get()
        #expect(e.day.description == "2026-05-02")
    }

    @Test func catalogueIsTheDecodersOwn() throws {
        let custom = EventDecoder(
            catalogue: ServiceCatalogue([
                ServiceDefinition(code: "DIET", name: "Dietetics", targetWeeks: 18, standardPct: 92, clockStop: .appointmentAttended)
            ]))
        let text = Self.received().replacingOccurrences(of: "SALT", with: "DIET")
        #expect(try custom.decode(text).get().service == "DIET")
        #expect(reason(text) == #"unknown service "DIET""#)
        #expect(custom.decode(Self.received()).failureReason == #"unknown service "SALT""#)
    }

    // MARK: Rejections, one per reason

    @Test func rejectsInvalidUTF8() {
        var bytes = Array(Self.received().utf8)
        bytes[bytes.count - 5] = 0xFF
        #expect(reason(bytes: bytes) == "not valid UTF-8")
        // Invalid UTF-8 wins over any other problem, wherever it is.
        #expect(reason(bytes: [0x5B, 0xC0, 0x80, 0x5D]) == "not valid UTF-8")
        #expect(reason(bytes: Array(#"{"a":1,"a":2,"#.utf8) + [0xED, 0xA0, 0x80]) == "not valid UTF-8")
        #expect(reason(bytes: Array(#"{"x":""#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#""}"#.utf8)) == "not valid UTF-8")
    }

    @Test(arguments: [
        ("", "not JSON: empty input"),
        ("  \n", "not JSON: empty input"),
        ("{", "not JSON: unexpected end of input"),
        (#"{"eventId":"e1""#, "not JSON: unexpected end of input"),
        (#"{"eventId":"e1}"#, "not JSON: unterminated string starting at byte offset 11"),
        (#"{"eventId":'e1'}"#, "not JSON: unexpected character ''' at byte offset 11"),
        (#"{eventId:"e1"}"#, "not JSON: unexpected character 'e' at byte offset 1"),
        (#"{"a":1,}"#, "not JSON: unexpected character '}' at byte offset 7"),
        (#"{"a":[1,]}"#, "not JSON: unexpected character ']' at byte offset 8"),
        (#"{"a":01}"#, "not JSON: malformed number at byte offset 5"),
        (#"{"a":1.}"#, "not JSON: malformed number at byte offset 5"),
        (#"{"a":+1}"#, "not JSON: unexpected character '+' at byte offset 5"),
        (#"{"a":tru}"#, "not JSON: unexpected character '}' at byte offset 8"),
        (#"{"a":"\x"}"#, "not JSON: invalid escape sequence at byte offset 6"),
        (#"{"a":"\u12"}"#, "not JSON: invalid escape sequence at byte offset 6"),
        (#"{"a":"\ud800"}"#, #"not JSON: unpaired UTF-16 surrogate in \u escape at byte offset 6"#),
        (#"{"a":"\udc00\ud800"}"#, #"not JSON: unpaired UTF-16 surrogate in \u escape at byte offset 6"#),
        ("{\"a\":\"tab\there\"}", "not JSON: unescaped control character 0x09 in a string at byte offset 9"),
        (#"{"a":1}{"b":2}"#, "not JSON: unexpected characters after the JSON value at byte offset 7"),
        (#"{"a":1} x"#, "not JSON: unexpected characters after the JSON value at byte offset 8"),
        ("hello", "not JSON: unexpected character 'h' at byte offset 0"),
    ])
    func rejectsMalformedJSON(text: String, expected: String) {
        #expect(reason(text) == expected)
    }

    @Test func rejectsNestingDeeperThanTheLimit() {
        let deep = #"{"a":"# + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}"
        #expect(reason(deep) == "not JSON: nested deeper than 64 levels at byte offset 68")
        let fine = #"{"a":"# + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}"
        #expect(reason(fine) == #"missing required field "eventId""#)
    }

    @Test(arguments: [("[1,2]", "array"), (#""x""#, "string"), ("42", "number"), ("true", "boolean"), ("null", "null")])
    func rejectsValuesThatAreNotObjects(text: String, kind: String) {
        #expect(reason(text) == "not a JSON object: got \(kind)")
    }

    @Test func textThatOnlyStartsLikeALiteralIsNotJSON() {
        #expect(reason("not json")?.hasPrefix("not JSON: ") == true, "\(reason("not json") ?? "")")
        #expect(reason("nul")?.hasPrefix("not JSON: ") == true)
        #expect(reason("trueish") == "not JSON: unexpected character 'i' at byte offset 4")
    }

    @Test func rejectsDuplicateFieldNames() {
        #expect(reason(Self.received(#","trust":"RQW""#)) == #"duplicate field "trust""#)
        #expect(reason(Self.received(#","patientRef":"a","patientRef":"b""#)) == #"duplicate field "patientRef""#)
        #expect(reason(Self.received(#","\u0074rust":"RQW""#)) == #"duplicate field "trust""#)
        #expect(reason(Self.received(#","x":1,"\u0078":2"#)) == #"duplicate field "x""#)
        // Beyond the four names kept inline.
        #expect(reason(Self.received(#","a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"c":7"#)) == #"duplicate field "c""#)
        #expect(reason(Self.received(#","a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"e":7"#)) == #"duplicate field "e""#)
        // Nested objects are not the event's fields.
        #expect(rejection(Self.received(#","meta":{"a":1,"a":2}"#)) == nil)
    }

    @Test(arguments: ["eventId", "type", "referralId", "trust", "service", "occurredAt"])
    func rejectsMissingRequiredField(field: String) throws {
        var object = try #require(JSONSerialization.jsonObject(with: Data(Self.received().utf8)) as? [String: Any])
        object[field] = nil
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(reason(text) == "missing required field \"\(field)\"")
    }

    @Test func rejectsWrongJSONTypes() {
        #expect(reason(Self.received().replacingOccurrences(of: #""RAJ""#, with: "5")) == #"field "trust" must be a string, got number"#)
        #expect(reason(Self.received().replacingOccurrences(of: #""e1""#, with: "null")) == #"field "eventId" must be a string, got null"#)
        #expect(
            reason(Self.received().replacingOccurrences(of: #""R1""#, with: "[]")) == #"field "referralId" must be a string, got array"#)
        #expect(
            reason(Self.received().replacingOccurrences(of: #""SALT""#, with: "{}")) == #"field "service" must be a string, got object"#)
        #expect(
            reason(Self.received().replacingOccurrences(of: #""referral.received""#, with: "true"))
                == #"field "type" must be a string, got boolean"#)
        #expect(reason(Self.received(#","priority":1"#)) == #"field "priority" must be a string, got number"#)
    }

    @Test func rejectsEmptyAndOverlongIds() {
        #expect(
            reason(Self.received().replacingOccurrences(of: #""e1""#, with: #""""#)) == #"field "eventId" must be 1–128 characters, got 0"#)
        let long = String(repeating: "x", count: 129)
        #expect(
            reason(Self.received().replacingOccurrences(of: #""R1""#, with: "\"\(long)\""))
                == #"field "referralId" must be 1–128 characters, got 129"#)
    }

    @Test(arguments: ["raj", "RA", "RAJ1234567", "R-J", "RÄJ", " RAJ"])
    func rejectsMalformedTrust(trust: String) {
        #expect(
            reason(Self.received().replacingOccurrences(of: #""RAJ""#, with: "\"\(trust)\""))
                == "field \"trust\" must be 3–9 uppercase letters or digits, got \"\(trust)\"")
    }

    @Test func acceptsLocalAuthorityCodes() throws {
        #expect(try decoder.decode(Self.received().replacingOccurrences(of: #""RAJ""#, with: #""E06000033""#)).get().trust == "E06000033")
    }

    @Test func rejectsTheReservedTrustALL() {
        #expect(reason(Self.received().replacingOccurrences(of: #""RAJ""#, with: #""ALL""#)) == #"trust "ALL" is reserved"#)
    }

    @Test func rejectsUnknownService() {
        #expect(reason(Self.received().replacingOccurrences(of: #""SALT""#, with: #""XYZ""#)) == #"unknown service "XYZ""#)
        #expect(reason(Self.received().replacingOccurrences(of: #""SALT""#, with: #""salt""#)) == #"unknown service "salt""#)
    }

    @Test func rejectsUnknownType() {
        #expect(
            reason(Self.received().replacingOccurrences(of: "referral.received", with: "appointment.moved"))
                == #"unknown type "appointment.moved""#)
    }

    @Test func rejectsBadTimestamps() {
        #expect(
            reason(Self.received().replacingOccurrences(of: "2026-05-01T09:00:00+01:00", with: "2026-05-01T09:00:00"))
                == #"bad timestamp in "occurredAt": no UTC offset; add Z or ±HH:MM, got "2026-05-01T09:00:00""#)
        #expect(
            reason(Self.received().replacingOccurrences(of: "2026-05-01T09:00:00+01:00", with: "2026-02-30T09:00:00Z"))
                == #"bad timestamp in "occurredAt": day 30 does not exist in 2026-02, got "2026-02-30T09:00:00Z""#)
        let booked =
            #"{"eventId":"e05","type":"appointment.booked","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00","appointmentId":"A1","scheduledFor":"tomorrow"}"#
        #expect(reason(booked) == #"bad timestamp in "scheduledFor": expected a digit at character 1, got "tomorrow""#)
    }

    @Test func rejectsMissingTypeSpecificFields() {
        let base = #"{"eventId":"e","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00""#
        #expect(reason(base + #","type":"appointment.attended"}"#) == #"field "appointmentId" is required on appointment.attended"#)
        #expect(reason(base + #","type":"appointment.dna"}"#) == #"field "appointmentId" is required on appointment.dna"#)
        #expect(
            reason(base + #","type":"appointment.booked","appointmentId":"A1"}"#)
                == #"field "scheduledFor" is required on appointment.booked"#)
        #expect(
            reason(base + #","type":"appointment.cancelled","appointmentId":"A1"}"#)
                == #"field "cancelledBy" is required on appointment.cancelled"#)
        #expect(
            reason(base + #","type":"appointment.cancelled","appointmentId":null,"cancelledBy":"patient"}"#)
                == #"field "appointmentId" must be a string, got null"#)
    }

    @Test func rejectsEmptyAppointmentId() {
        let text =
            #"{"eventId":"e","type":"appointment.attended","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00","appointmentId":""}"#
        #expect(reason(text) == #"field "appointmentId" must not be empty"#)
    }

    @Test func rejectsValuesOutsideEnumerations() {
        #expect(reason(Self.received(#","priority":"high""#)) == #"field "priority" must be "routine" or "urgent", got "high""#)
        let cancelled =
            #"{"eventId":"e","type":"appointment.cancelled","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00","appointmentId":"A1","cancelledBy":"Patient"}"#
        #expect(reason(cancelled) == #"field "cancelledBy" must be "patient" or "provider", got "Patient""#)
    }

    @Test func rejectsNonStringReason() throws {
        let closed =
            #"{"eventId":"e","type":"referral.closed","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00""#
        #expect(reason(closed + #","reason":42}"#) == #"field "reason" must be a string, got number"#)
        #expect(try decoder.decode(closed + #","reason":null}"#).get().reason == nil)
    }

    @Test func firstProblemInSpecOrderWins() {
        // Both trust and service are bad: trust comes first in the SPEC table.
        let text = Self.received().replacingOccurrences(of: #""RAJ""#, with: #""x""#).replacingOccurrences(of: #""SALT""#, with: #""NOPE""#)
        #expect(reason(text) == #"field "trust" must be 3–9 uppercase letters or digits, got "x""#)
    }

    @Test func reasonsQuoteAndTruncateInputValues() {
        let nasty = "line1\\nline2\\\"" + String(repeating: "Z", count: 60)
        let r = reason(Self.received().replacingOccurrences(of: #""SALT""#, with: "\"\(nasty)\"")) ?? ""
        #expect(r == #"unknown service "line1\nline2\"ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ…""#)
        #expect(!r.contains("\n"))
    }

    @Test func categoriesAreShortLabels() {
        #expect(EventRejection.notUTF8.category == "not-utf8")
        #expect(EventRejection.missingField("x").category == "missing-field")
        #expect(EventRejection.unknownService("x").category == "unknown-service")
    }
}

extension Result where Failure == EventRejection {
    /// The rejection reason, or nil on success (test helper).
    var failureReason: String? {
        if case .failure(let r) = self { return r.reason }
        return nil
    }
}
