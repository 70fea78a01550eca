import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// SPEC section 1's referral checks after validation, and late events (section 2).
@Suite struct EngineReferralCheckTests {
    let d = FixtureEvents.day("2026-01-19")

    @Test func duplicatesWithinSevenDaysOfEventTimeAreDroppedAndCounted() {
        var b = EventBuilder()
        var p = SinglePartition()
        let received = b.on(.referralReceived, "R", day: d - 10, id: "e-rcv")
        let dna = b.on(.appointmentDNA, "R", day: d - 9, id: "e-dna")
        let outcomes = p.ingest(received, dna, received, dna)
        #expect(outcomes == [.accepted(late: false), .accepted(late: false), .duplicate, .duplicate])
        #expect(p.engine.counters.duplicates == 2)
        p.advance(through: d - 8)
        #expect(p.record(d - 8)?.received == 1)
        #expect(p.record(d - 8)?.dna == 1)
        #expect(p.deadLetters.isEmpty)
    }

    @Test func anEventIdSeenAgainAfterTheHorizonIsNotADuplicate() {
        var b = EventBuilder()
        var p = SinglePartition()
        let dna = b.on(.appointmentDNA, "R", day: d - 9, id: "e-dna")
        p.ingest(b.on(.referralReceived, "R", day: d - 10, id: "e-rcv"), dna)
        // The key's event time reaches exactly dna + 7 days: still a duplicate.
        var atHorizon = b.on(.appointmentBooked, "R", day: d - 2)
        atHorizon.occurredAt = dna.occurredAt.adding(seconds: 7 * 86_400)
        #expect(p.ingest(atHorizon, dna) == [.accepted(late: false), .duplicate])
        // One second later it has passed the horizon: the re-sent event counts again.
        var past = atHorizon
        past.eventId = "later"
        past.occurredAt = past.occurredAt.adding(seconds: 1)
        #expect(p.ingest(past, dna) == [.accepted(late: false), .accepted(late: false)])
        p.advance(through: d)
        #expect(p.record(d)?.dna == 2)
        // The receipt re-sent after the horizon is still the same receipt, not a conflict.
        #expect(p.ingest(b.on(.referralReceived, "R", day: d - 10, id: "e-rcv")) == [.duplicate])
        #expect(p.deadLetters.isEmpty)
    }

    @Test func aSecondReceiptWithAnotherEventIdIsAConflict() {
        var b = EventBuilder()
        var p = SinglePartition()
        let outcomes = p.ingest(
            b.on(.referralReceived, "R", day: d - 3, id: "first"),
            b.on(.referralReceived, "R", day: d - 2, id: "second"))
        #expect(outcomes[1] == .deadLettered(.conflictingReceipt))
        #expect(p.deadLetters.count == 1)
        #expect(p.deadLetters.first?.token == 1)
        #expect(p.deadLetters.first?.eventId == "second")
        #expect(p.deadLetters.first?.referralId == "R")
        #expect(p.deadLetters.first?.reason.description.hasPrefix("conflicting-receipt:") == true)
        p.advance(through: d)
        #expect(p.record(d)?.received == 1)
        #expect(p.record(d)?.waiting.maxDays == 3)
        // Same referral id in another trust is another referral.
        var other = EventBuilder(trust: "RQW")
        #expect(p.ingest(other.on(.referralReceived, "R", day: d)) == [.accepted(late: false)])
    }

    @Test func aHeldEventIsAppliedWhenItsReceiptArrivesWithinTheAllowance() throws {
        var b = EventBuilder()
        var p = SinglePartition()
        let dna = b.next(.appointmentDNA, "R", at: "2026-01-10T10:00:00Z")
        let received = b.next(.referralReceived, "R", at: "2026-01-10T09:00:00Z")
        // The key's event time reaches exactly dna + L when the receipt arrives: still in time.
        var clock = b.next(.referralReceived, "Z", at: "2026-01-10T11:00:00Z")
        clock.referralId = "Z"
        #expect(p.ingest(dna, clock, received) == [.held, .accepted(late: false), .accepted(late: false)])
        #expect(p.engine.counters.held == 0)
        p.advance(through: FixtureEvents.day("2026-01-10"))
        #expect(p.record(FixtureEvents.day("2026-01-10"))?.dna == 1)
        #expect(p.deadLetters.isEmpty)
    }

    @Test func aHeldEventIsDeadLetteredOnceTheKeysEventTimePassesItsAllowance() {
        var b = EventBuilder()
        var p = SinglePartition()
        let dna = b.next(.appointmentDNA, "R", at: "2026-01-10T10:00:00Z")
        var later = b.next(.referralReceived, "Z", at: "2026-01-10T11:00:00Z")
        later.occurredAt.microsecondsSinceEpoch += 1  // 1 µs past dna + L
        let received = b.next(.referralReceived, "R", at: "2026-01-10T09:00:00Z")
        let outcomes = p.ingest(dna, later, received)
        #expect(outcomes == [.held, .accepted(late: false), .accepted(late: false)])
        #expect(p.deadLetters.count == 1)
        #expect(p.deadLetters.first?.token == 0)
        #expect(p.deadLetters.first?.reason == .neverReceived(atEndOfReplay: false))
        // Events on another key do not move this key's event time.
        var c = EventBuilder(service: "CAMHS")
        var q = SinglePartition()
        q.ingest(
            b.next(.appointmentDNA, "R", at: "2026-01-10T10:00:00Z"),
            c.next(.referralReceived, "X", at: "2026-01-12T10:00:00Z"),
            b.next(.referralReceived, "R", at: "2026-01-10T09:00:00Z"))
        #expect(q.deadLetters.isEmpty)
    }

    @Test func eventsStillHeldAtTheEndOfAReplayAreDeadLettered() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(b.on(.referralReceived, "R", day: d - 1), b.on(.appointmentDNA, "NEVER", day: d))
        var dl: [DeadLetter] = []
        p.engine.finish(deadLetters: &dl)
        #expect(dl.map(\.reason) == [.neverReceived(atEndOfReplay: true)])
        #expect(dl.map(\.token) == [1])
        #expect(p.engine.latestAcceptedDay == d - 1)
    }

    @Test func aClockStopDatedBeforeItsReceiptIsDeadLettered() {
        var b = EventBuilder()
        var p = SinglePartition()
        // Same London day, earlier instant: compared as instants.
        let received = b.next(.referralReceived, "R", at: "2026-01-10T10:00:00Z")
        let early = b.next(.appointmentAttended, "R", at: "2026-01-10T09:59:59Z")
        #expect(p.ingest(received, early) == [.accepted(late: false), .deadLettered(.clockStopBeforeReceived)])
        // Held first (arrives before its receipt), then dead-lettered when the receipt arrives.
        var other = EventBuilder(trust: "RQW")
        let early2 = other.next(.appointmentAttended, "S", at: "2026-01-10T08:00:00Z")
        let received2 = other.next(.referralReceived, "S", at: "2026-01-10T08:30:00Z")
        #expect(p.ingest(early2, received2) == [.held, .accepted(late: false)])
        #expect(p.deadLetters.map(\.token) == [1, 2])
        #expect(p.deadLetters.map(\.reason) == [.clockStopBeforeReceived, .clockStopBeforeReceived])
        // A non-clock-stop event dated before the receipt is accepted.
        let dna = b.next(.appointmentDNA, "R", at: "2026-01-10T09:00:00Z")
        #expect(p.ingest(dna) == [.accepted(late: false)])
        p.advance(through: FixtureEvents.day("2026-01-10"))
        #expect(p.record(FixtureEvents.day("2026-01-10"))?.waiting.count == 1)
        #expect(p.record(FixtureEvents.day("2026-01-10"))?.dna == 1)
        #expect(p.record("RQW", "SALT", FixtureEvents.day("2026-01-10"))?.waiting.count == 1)
        #expect(p.record(FixtureEvents.day("2026-01-10"))?.completed.count == 0)
    }

    @Test func aLateEventIsCountedAndAffectsEveryLaterRecord() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(b.on(.referralReceived, "R", day: d - 5))
        p.advance(through: d)
        let published = p.record(d - 1)
        #expect(
            p.ingest(b.on(.appointmentDNA, "R", day: d - 1), b.on(.referralReceived, "LATE", day: d - 2))
                == [.accepted(late: true), .accepted(late: true)])
        // A late received on a day after the last publication is not late.
        #expect(p.ingest(b.on(.appointmentAttended, "R", day: d + 1)) == [.accepted(late: false)])
        #expect(p.engine.counters.late == 2)
        p.advance(through: d + 1)
        #expect(p.record(d - 1) == published)  // not re-published
        let next = p.record(d + 1)
        #expect(next?.lateEvents == 2)
        #expect(next?.dna == 1)
        #expect(next?.received == 2)
        #expect(next?.waiting.count == 1)  // LATE waits; R completed on d+1
        #expect(next?.waiting.maxDays == 3)
        #expect(next?.completed.medianDays == 6)
        // The national contribution carries the late events too.
        #expect(p.contributions.last?.sections.first?.lateEvents == 2)
    }

    @Test func finishedReferralsAreForgottenAfterTheRetention() {
        var b = EventBuilder()
        var p = SinglePartition(configuration: EngineConfiguration(finishedReferralRetentionDays: 8))
        p.ingest(
            b.on(.referralReceived, "DONE", day: d), b.on(.appointmentAttended, "DONE", day: d + 1),
            b.on(.referralReceived, "WAITING", day: d))
        p.advance(through: d + 20)
        #expect(p.engine.counters.referralsForgotten == 1)
        #expect(p.engine.referralCount == 1)
        // A follow-up for a forgotten referral is held like any unknown referral.
        #expect(p.ingest(b.on(.appointmentDNA, "DONE", day: d + 21)) == [.held])
        #expect(p.ingest(b.on(.appointmentDNA, "WAITING", day: d + 21)) == [.accepted(late: false)])
        p.advance(through: d + 21)
        #expect(p.record(d + 21)?.waiting.count == 1)
    }

    @Test func unknownServicesAndTrustAllAreRefused() {
        var b = EventBuilder(trust: "ALL")
        var p = SinglePartition()
        #expect(p.ingest(b.on(.referralReceived, "R", day: d)) == [.deadLettered(.reservedTrust)])
        var c = EventBuilder(service: "NOPE")
        #expect(p.ingest(c.on(.referralReceived, "R", day: d)) == [.deadLettered(.unknownService)])
        #expect(p.engine.keyCount == 0)
    }
}
