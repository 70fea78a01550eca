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
