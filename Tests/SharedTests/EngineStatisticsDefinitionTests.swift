import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// SPEC section 2 definitions, each checked on hand-computed cases.
@Suite struct EngineStatisticsDefinitionTests {
    /// A winter Monday, far from clock changes.
    let d = FixtureEvents.day("2026-01-19")

    @Test func nearestRankRanksAreExactIntegers() {
        #expect(Percentile.rank(92, of: 25) == 23)
        #expect(Percentile.rank(90, of: 25) == 23)
        #expect(Percentile.rank(50, of: 25) == 13)
        #expect(Percentile.rank(50, of: 2) == 1)
        #expect(Percentile.rank(92, of: 10) == 10)
        #expect(Percentile.rank(90, of: 10) == 9)
        #expect(Percentile.rank(92, of: 1) == 1)
        #expect(Percentile.rank(92, of: 100) == 92)
    }

    @Test func waitingPercentilesAreNearestRankOverWaits() {
        // 25 referrals waiting 0, 1, ..., 24 days at the end of d.
        var b = EventBuilder()
        var p = SinglePartition()
        for i in 0..<25 { p.ingest(b.on(.referralReceived, "R\(i)", day: d - i)) }
        p.advance(through: d)
        let w = p.record(d)?.waiting
        #expect(w?.count == 25)
        #expect(w?.medianDays == 12)  // rank 13
        #expect(w?.p90Days == 22)  // rank ceil(22.5) = 23
        #expect(w?.p92Days == 22)  // rank ceil(0.92 × 25) = 23, not 24
        #expect(w?.maxDays == 24)
        // Nobody waiting: nulls.
        var q = SinglePartition()
        q.ingest(b.on(.referralReceived, "X", day: d), b.on(.appointmentAttended, "X", day: d, hour: 14))
        q.advance(through: d)
        let empty = q.record(d)
        #expect(empty?.waiting.count == 0)
        #expect(empty?.waiting.medianDays == nil)
        #expect(empty?.waiting.withinTargetPctTenths == nil)
        #expect(empty?.jsonString().contains("\"withinTargetPct\":null") == true)
        #expect(empty?.completed.medianDays == 0)
    }

    @Test func completedPercentilesAreNearestRankOverWindowCompletions() {
        var b = EventBuilder()
        var p = SinglePartition()
        // Completed waits of 1, 2, ..., 10 days, all stopping on d.
        for i in 1...10 {
            p.ingest(b.on(.referralReceived, "R\(i)", day: d - i))
        }
        for i in 1...10 { p.ingest(b.on(.appointmentAttended, "R\(i)", day: d)) }
        p.advance(through: d)
        let c = p.record(d)?.completed
        #expect(c?.count == 10)
        #expect(c?.medianDays == 5)
        #expect(c?.p92Days == 10)
    }

    @Test func rollingWindowIncludesDayDMinusWPlusOneAndExcludesDMinusW() {
        var b = EventBuilder()
        var p = SinglePartition()  // W = 28
        p.ingest(
            b.on(.referralReceived, "A", day: d - 60),
            b.on(.referralReceived, "B", day: d - 60),
            b.on(.referralReceived, "IN", day: d - 27),
            b.on(.referralReceived, "OUT", day: d - 28),
            b.on(.appointmentAttended, "B", day: d - 28),
            b.on(.appointmentAttended, "A", day: d - 27),
            b.on(.appointmentDNA, "IN", day: d - 27),
            b.on(.appointmentDNA, "OUT", day: d - 28))
        p.advance(through: d)
        let r = p.record(d)
        #expect(r?.received == 1)
        #expect(r?.dna == 1)
        #expect(r?.completed.count == 1)
        #expect(r?.completed.medianDays == 33)  // A: d−60 → d−27
        let before = p.record(d - 1)
        #expect(before?.received == 2)
        #expect(before?.dna == 2)
        #expect(before?.completed.count == 2)
        // A window of 1 day is just D.
        var q = SinglePartition(configuration: EngineConfiguration(windowDays: 1))
        q.ingest(b.on(.referralReceived, "A", day: d - 1), b.on(.referralReceived, "B", day: d))
        q.advance(through: d)
        #expect(q.record(d)?.received == 1)
        #expect(q.record(d)?.windowDays == 1)
    }

    @Test func over52WeeksStartsAt365DaysAndSoDoesThe52PlusBand() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(
            b.on(.referralReceived, "W364", day: d - 364),
            b.on(.referralReceived, "W365", day: d - 365),
            b.on(.referralReceived, "W126", day: d - 126),
            b.on(.referralReceived, "W127", day: d - 127))
        p.advance(through: d)
        let w = p.record(d)?.waiting
        #expect(w?.over52Weeks == 1)
        #expect(w?.over18Weeks == 3)
        #expect(w?.over65Weeks == 0)
        #expect(w?.bands == WaitStatsRecord.Bands(upTo18Weeks: 1, upTo52Weeks: 2, over52Weeks: 1))
        #expect(w?.maxDays == 365)
    }

    @Test func bandEdgesFollowThePublication() {
        var b = EventBuilder()
        var p = SinglePartition()
        for wait in [0, 7, 8, 14, 15, 28, 29, 84, 85, 126, 127, 364, 365, 455, 456, 546, 547, 728, 729] {
            p.ingest(b.on(.referralReceived, "W\(wait)", day: d - wait))
        }
        p.advance(through: d)
        let w = p.record(d)?.waiting
        #expect(w?.bands.counts == [2, 2, 2, 2, 2, 2, 7])
        #expect(w?.over65Weeks == 5)
        #expect(w?.over78Weeks == 3)
        #expect(w?.over104Weeks == 1)
    }

    @Test func withinTargetPercentIsRoundedHalfAwayFromZeroFromTheExactFraction() {
        #expect(Percentile.tenthsOfPercent(1, of: 16) == 63)
        #expect(Percentile.tenthsOfPercent(2, of: 3) == 667)
        #expect(Percentile.tenthsOfPercent(1, of: 3) == 333)
        #expect(Percentile.tenthsOfPercent(1, of: 8) == 125)
        #expect(Percentile.tenthsOfPercent(1, of: 2000) == 1)  // 0.05 → 0.1
        #expect(Percentile.tenthsOfPercent(0, of: 7) == 0)
        var b = EventBuilder()
        // 1 of 16 within the 126-day SALT target: 6.25 → 6.3.
        var p = SinglePartition()
        for i in 0..<15 { p.ingest(b.on(.referralReceived, "OLD\(i)", day: d - 200)) }
        p.ingest(b.on(.referralReceived, "NEW", day: d - 126))
        p.advance(through: d)
        #expect(p.record(d)?.waiting.withinTargetPctTenths == 63)
        #expect(p.record(d)?.jsonString().contains("\"withinTargetPct\":6.3,") == true)
        // 2 of 3: 66.7.
        var q = SinglePartition()
        q.ingest(
            b.on(.referralReceived, "OLD", day: d - 127), b.on(.referralReceived, "A", day: d),
            b.on(.referralReceived, "B", day: d - 1))
        q.advance(through: d)
        #expect(q.record(d)?.jsonString().contains("\"withinTargetPct\":66.7,") == true)
    }

    @Test func breachDueWithin28DaysIsTargetMinus28ExclusiveToTargetInclusive() {
        var b = EventBuilder()
        var p = SinglePartition()  // SALT: 126 days
        for wait in [97, 98, 99, 126, 127] {
            p.ingest(b.on(.referralReceived, "W\(wait)", day: d - wait))
        }
        p.advance(through: d)
        #expect(p.record(d)?.waiting.breachDueWithin28Days == 2)
        // CAMHS: 28 days, so 0 < wait <= 28.
        var c = EventBuilder(service: "CAMHS")
        var q = SinglePartition()
        for wait in [0, 1, 28, 29] {
            q.ingest(c.on(.referralReceived, "W\(wait)", day: d - wait))
        }
        q.advance(through: d)
        #expect(q.record("RAJ", "CAMHS", d)?.waiting.breachDueWithin28Days == 2)
        #expect(q.record("RAJ", "CAMHS", d)?.targetDays == 28)
    }

    @Test func onlyTheFirstClockStopOfTheServicesTypeStopsTheClock() {
        // SALT stops at appointment.attended.
        var salt = EventBuilder(service: "SALT")
        var camhs = EventBuilder(service: "CAMHS")
        var ehc = EventBuilder(trust: "E06000033", service: "EHCNA")
        var p = SinglePartition()
        p.ingest(
            salt.on(.referralReceived, "S", day: d - 10),
            salt.on(.treatmentStarted, "S", day: d - 8),
            salt.on(.appointmentAttended, "S", day: d - 6),
            salt.on(.appointmentAttended, "S", day: d - 2),
            camhs.on(.referralReceived, "C", day: d - 10),
            camhs.on(.appointmentAttended, "C", day: d - 9),
            camhs.on(.treatmentStarted, "C", day: d - 5),
            camhs.on(.treatmentStarted, "C", day: d - 1),
            ehc.on(.referralReceived, "E", day: d - 100),
            ehc.on(.appointmentAttended, "E", day: d - 90),
            ehc.on(.treatmentStarted, "E", day: d - 80),
            ehc.on(.planIssued, "E", day: d - 3),
            ehc.on(.planIssued, "E", day: d - 2))
        p.advance(through: d)
        #expect(p.record("RAJ", "SALT", d - 7)?.waiting.count == 1)
        #expect(p.record("RAJ", "SALT", d)?.completed.count == 1)
        #expect(p.record("RAJ", "SALT", d)?.completed.medianDays == 4)
        #expect(p.record("RAJ", "CAMHS", d - 6)?.waiting.count == 1)
        #expect(p.record("RAJ", "CAMHS", d)?.completed.count == 1)
        #expect(p.record("RAJ", "CAMHS", d)?.completed.medianDays == 5)
        #expect(p.record("E06000033", "EHCNA", d - 4)?.waiting.maxDays == 96)
        #expect(p.record("E06000033", "EHCNA", d)?.completed.count == 1)
        #expect(p.record("E06000033", "EHCNA", d)?.completed.medianDays == 97)
        #expect(p.record("E06000033", "EHCNA", d)?.standardPct == 100)
        #expect(p.deadLetters.isEmpty)
    }

    @Test func closureEndsTheWaitWithoutCompletionAndClosedReferralsCompleteNothing() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(
            b.on(.referralReceived, "CLOSED-FIRST", day: d - 10),
            b.on(.referralClosed, "CLOSED-FIRST", day: d - 5),
            b.on(.appointmentAttended, "CLOSED-FIRST", day: d - 3),
            b.on(.referralReceived, "STOPPED-FIRST", day: d - 10),
            b.on(.appointmentAttended, "STOPPED-FIRST", day: d - 4),
            b.on(.referralClosed, "STOPPED-FIRST", day: d - 2))
        p.advance(through: d)
        #expect(p.record(d - 6)?.waiting.count == 2)
        #expect(p.record(d - 5)?.waiting.count == 1)
        #expect(p.record(d - 4)?.waiting.count == 0)
        let r = p.record(d)
        #expect(r?.completed.count == 1)
        #expect(r?.completed.medianDays == 6)
        #expect(r?.closed == 2)
        #expect(r?.waiting.count == 0)
        #expect(p.deadLetters.isEmpty)
    }

    @Test func cancellationsAndDNAsAreCountedAndLeaveTheClockRunning() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(
            b.on(.referralReceived, "R", day: d - 3),
            b.on(.appointmentBooked, "R", day: d - 3),
            b.on(.appointmentCancelled, "R", day: d - 2, cancelledBy: .provider),
            b.on(.appointmentCancelled, "R", day: d - 2, cancelledBy: .patient),
            b.on(.appointmentCancelled, "R", day: d - 1, cancelledBy: .patient),
            b.on(.appointmentDNA, "R", day: d))
        p.advance(through: d)
        let r = p.record(d)
        #expect(r?.waiting.count == 1)
        #expect(r?.waiting.maxDays == 3)
        #expect(r?.cancelledByProvider == 1)
        #expect(r?.cancelledByPatient == 2)
        #expect(r?.dna == 1)
    }

    @Test func quietKeysKeepGettingRecordsWithGrowingWaits() {
        var b = EventBuilder()
        var p = SinglePartition()
        p.ingest(b.on(.referralReceived, "R", day: d))
        p.advance(through: d)
        p.advance(through: d + 400)
        #expect(p.record(d + 400)?.waiting.maxDays == 400)
        #expect(p.record(d + 400)?.waiting.over52Weeks == 1)
        #expect(p.records.count == 401)
        #expect(p.record(d + 400)?.received == 0)
    }
}
