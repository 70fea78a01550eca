import Foundation
import Testing
@testable import WaitwatchCore

/// The minimal inputs of what fuzzing found (scripts/fuzz, Fuzz/README.md), one test each, so
/// that every finding stays fixed without the fuzzer.
@Suite struct FuzzFindingsTests {
    /// all-contribution: two effects of one day written out of canonical order (kind 3, then
    /// kind 2) were accepted, so the contribution re-encoded to other bytes. ``AllContribution/encoded()``
    /// only writes canonical order; the decoder now refuses anything else.
    @Test func contributionEffectsOutOfCanonicalOrderAreRefused() throws {
        let crash = try #require(Data(base64Encoded: "AQAN0MQCAQVDQU1IUwG+wQIAAgIDGgEAAgAC"))
        #expect(throws: BinaryDecodingError.invalid("effect order")) { try AllContribution(decoding: Array(crash)) }
    }

    /// all-contribution: a first effect day (through day plus a signed delta) whose delta is near
    /// `Int64.max` overflowed the addition and trapped, so one malformed contribution would have
    /// stopped the worker. It is now "invalid effect day", like any other day out of range.
    @Test func contributionFirstEffectDayThatOverflowsIsRefused() {
        // version 1, partition 0, sequence 0, through day 1 (zig-zag 2), one section named "A",
        // no first day, no late events, one effect whose day delta is Int64.max (zig-zag
        // 0xFFFF_FFFF_FFFF_FFFE as a varint).
        let bytes: [UInt8] = [1, 0, 0, 2, 1, 1, 0x41, 0, 0, 1] + [0xFE] + Array(repeating: 0xFF, count: 8) + [0x01]
        #expect(throws: BinaryDecodingError.invalid("effect day")) { try AllContribution(decoding: bytes) }
    }

    /// The same two effects in canonical order round-trip.
    @Test func contributionEffectsInCanonicalOrderRoundTrip() throws {
        let day: Int32 = 20_000
        let c = AllContribution(
            partition: 0, sequence: 13, throughDay: CivilDay(daysSinceEpoch: day),
            sections: [
                .init(
                    service: "CAMHS", firstDay: CivilDay(daysSinceEpoch: day - 30), lateEvents: 0,
                    effects: [
                        StatisticsEffect(kind: .completed, day: day + 1, receivedDay: day + 1, count: 2),
                        StatisticsEffect(kind: .leftList, day: day + 1, receivedDay: day - 25, count: 1),
                    ])
            ])
        #expect(try AllContribution(decoding: c.encoded()) == c)
    }
}
