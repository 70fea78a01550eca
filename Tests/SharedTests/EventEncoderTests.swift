import Foundation
import PropertyBased
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct EventEncoderTests {
    let encoder = EventEncoder()
    let decoder = EventDecoder()

    @Test func writesFieldsInSpecOrderWithLondonOffsets() throws {
        let event = ReferralEvent(
            eventId: "e05", type: .appointmentBooked, referralId: "R1", trust: "RAJ", service: "SALT",
            occurredAt: try Timestamp.parseRFC3339("2026-05-03T08:00:00Z"), day: CivilDay("2026-05-03")!,
            appointmentId: "A1", scheduledFor: try Timestamp.parseRFC3339("2026-12-04T10:00:00.25Z"))
        let text = String(decoding: encoder.encode(event), as: UTF8.self)
        #expect(
            text
                == #"{"eventId":"e05","type":"appointment.booked","referralId":"R1","trust":"RAJ","service":"SALT","occurredAt":"2026-05-03T09:00:00+01:00","appointmentId":"A1","scheduledFor":"2026-12-04T10:00:00.250+00:00"}"#
        )
    }

    @Test func writesEveryOptionalFieldWhenSet() throws {
        let event = ReferralEvent(
            eventId: "e", type: .referralClosed, referralId: "R", trust: "RAJ", service: "OT",
            occurredAt: Timestamp(secondsSinceEpoch: 1_767_225_600), day: CivilDay("2026-01-01")!,
            priority: .urgent, appointmentId: "A", scheduledFor: Timestamp(secondsSinceEpoch: 1_767_225_600),
            cancelledBy: .patient, reason: "moved")
        let text = String(decoding: encoder.encode(event), as: UTF8.self)
        #expect(
            text
                == #"{"eventId":"e","type":"referral.closed","referralId":"R","trust":"RAJ","service":"OT","occurredAt":"2026-01-01T00:00:00+00:00","priority":"urgent","appointmentId":"A","scheduledFor":"2026-01-01T00:00:00+00:00","cancelledBy":"patient","reason":"moved"}"#
        )
    }

    @Test func escapesStrings() {
        var buffer: [UInt8] = []
        JSONWriter.appendString("a\"b\\c/d\n\r\t\u{8}\u{C}\u{0}\u{1F}é😀\u{2028}\u{2029}", to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #""a\"b\\c/d\n\r\t\b\f\u0000\u001fé😀\u2028\u2029""#)
    }

    @Test func appendsToTheCallersBuffer() throws {
        let event = try decoder.decode(EventDecoderTests.received()).get()
        var buffer = Array("prefix ".utf8)
        encoder.encode(event, into: &buffer)
        encoder.encode(event, into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.hasPrefix("prefix {\"eventId\""))
        #expect(text.components(separatedBy: "}{").count == 2)
    }

    @Test func fixtureEventsRoundTrip() throws {
        let url = try FixtureEvents.url("events.ndjson")
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let event = try decoder.decode(String(line)).get()
            #expect(try decoder.decode(encoder.encode(event)).get() == event)
        }
    }

    // MARK: Property: decode(encode(e)) == e

    /// Characters for ids and free text: ASCII, characters that need escaping, non-ASCII in
    /// every UTF-8 length. Each is one Unicode scalar, so lengths in characters are lengths in
    /// code points.
    static let textCharacter = Gen<Character?>.element(
        of: Array(
            "abcXYZ019 -_.:/\"\\\n\r\t\u{0}\u{1F}\u{7F}éßЖ€漢\u{2028}😀𝄞\u{10FFFF}") as [Character]
    ).map { $0! }

    static let trustCharacter = Gen<Character?>.element(of: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") as [Character]).map { $0! }

    /// 1900-01-01 to 2100-01-01 in microseconds, both sides of the 1996 fast-path boundary.
    static let instant = Gen.int64(in: -2_208_988_800_000_000...4_102_444_800_000_000).map {
        Timestamp(microsecondsSinceEpoch: $0)
    }

    static let identity = zip(
        Gen<EventType>.case,
        textCharacter.string(of: 1...128),
        textCharacter.string(of: 1...128),
        trustCharacter.string(of: 3...9).filter { $0 != "ALL" },
        Gen<String?>.element(of: ServiceCatalogue.default.services.map(\.code)).map { $0! },
        instant)

    static let details = zip(
        Gen<Priority>.case,
        textCharacter.string(of: 1...40),
        instant,
        Gen<CancelledBy>.case,
        textCharacter.string(of: 0...200).optional)

    /// Events as the decoder produces them: type-specific fields only on their types.
    static let event = zip(identity, details).map { identity, details -> ReferralEvent in
        let (type, eventId, referralId, trust, service, occurredAt) = identity
        let (priority, appointmentId, scheduledFor, cancelledBy, reason) = details
        var e = ReferralEvent(
            eventId: eventId, type: type, referralId: referralId, trust: trust, service: service,
            occurredAt: occurredAt, day: CivilDay(londonDateOf: occurredAt))
        switch type {
        case .referralReceived: e.priority = priority
        case .appointmentBooked: e.appointmentId = appointmentId; e.scheduledFor = scheduledFor
        case .appointmentCancelled: e.appointmentId = appointmentId; e.cancelledBy = cancelledBy
        case .appointmentAttended, .appointmentDNA: e.appointmentId = appointmentId
        case .referralClosed: e.reason = reason
        case .treatmentStarted, .planIssued: break
        }
        return e
    }

    @Test func decodeOfEncodeIsIdentity() async {
        let encoder = EventEncoder()
        let decoder = EventDecoder()
        await propertyCheck(count: 500, input: Self.event) { event in
            let bytes = encoder.encode(event)
            let decoded = decoder.decode(bytes)
            #expect((try? decoded.get()) == event, "\(String(decoding: bytes, as: UTF8.self)) -> \(decoded)")
        }
    }
}
