import WaitwatchCore

/// A deliberately simple, from-scratch computation of every SPEC section 2 record for a finished
/// set of events: the oracle for tests and for an operator "verify" command.
///
/// It is written independently of ``PartitionEngine``, straight from the SPEC text: it replays
/// the events in arrival order through the referral checks (validation assumed done; then
/// deduplication, conflicts, holding events for a referral not yet received, clock stop before
/// receipt), keeps every accepted event, and then, for every key and every census day, recomputes
/// each statistic by scanning all referrals and sorting their waits. Cost is
/// O(keys × days × referrals): fine for tests and small verifications, not for production.
///
/// Assumptions: no event is late beyond `L` (every event arrives before the records of its day
/// would have been published), so each record is computed with all events dated up to its day
/// and `lateEvents` is 0 (`lastEventAt`, `trustsReporting` and `feedSilent` are recomputed from
/// the accepted events dated on or before each day); finished referrals are never forgotten. Records run, for every key
/// (and every service's `ALL`), from the date of its earliest accepted event to the last census
/// day: the day before the latest date of an accepted event (the end-of-replay rule). With
/// ``EngineConfiguration/rollups``, every ICB and region (`ICB:{code}`, `REGION:{code}`) gets
/// records too, recomputed from the union of its organisations' referrals and events.
public enum ReferenceStatistics {
    /// What the reference computation produced.
    public struct Result: Sendable {
        /// Every record, ordered by service, then trust (`ALL` and roll-ups included), then `asOf`.
        public var records: [WaitStatsRecord]
        /// Indices (into the input) of dead-lettered events, with the reason, in the order they
        /// were dead-lettered.
        public var deadLetters: [(index: Int, reason: DeadLetterReason)]
        /// Indices of the events dropped as duplicates.
        public var duplicates: [Int]
        /// The last census day (given, or by the end-of-replay rule), or nil when nothing was
        /// accepted.
        public var lastCensusDay: CivilDay?
        /// The first day of every key (`{trust}/{service}`, `ALL` included) that has records:
        /// it has one record per day from then through ``lastCensusDay``.
        public var firstDays: [String: CivilDay]
    }

    private struct Referral {
        var receivedAt: Timestamp
        var receivedOn: CivilDay
        var receiptEventId: String
        /// The first clock stop or closure (whichever was applied first) ends the wait.
        var endedOn: CivilDay?
        var endedByClockStop = false
    }

    private struct Key {
        var trust: String
        var service: ServiceDefinition
        var eventTime: Timestamp?
        var seen: [String: Timestamp] = [:]
        var referrals: [String: Referral] = [:]
        var referralOrder: [String] = []
        var held: [(index: Int, event: ReferralEvent)] = []
        var accepted: [ReferralEvent] = []
    }

    /// Computes every record for `events` (validated, in arrival order).
    ///
    /// - Parameters:
    ///   - lastDay: the last census day; nil (the default) applies the end-of-replay rule (the
    ///     day before the latest date of an accepted event).
    ///   - sampleEvery: for large inputs, compute only the records of every n-th day counted
    ///     back from the last census day (so the last day is always included); 1 computes all.
    ///     ``Result/firstDays`` still says which days every key has.
    public static func compute(
        _ events: [ReferralEvent], configuration: EngineConfiguration = EngineConfiguration(), lastDay: CivilDay? = nil,
        sampleEvery: Int = 1
    ) -> Result {
        var keys: [String: Key] = [:]
        var deadLetters: [(index: Int, reason: DeadLetterReason)] = []
        var duplicates: [Int] = []
        let lateness = configuration.latenessSeconds
        let horizon = EngineConfiguration.deduplicationHorizonSeconds

        // The referral checks for one event of `key`.
        func check(_ i: Int, _ event: ReferralEvent, _ key: inout Key) {
            let referralId = event.referralId
            if event.type == .referralReceived {
                if let existing = key.referrals[referralId] {
                    if existing.receiptEventId == event.eventId {
                        duplicates.append(i)
                    } else {
                        deadLetters.append((i, .conflictingReceipt))
                    }
                    return
                }
                key.referrals[referralId] = Referral(
                    receivedAt: event.occurredAt, receivedOn: event.day, receiptEventId: event.eventId)
                key.referralOrder.append(referralId)
                key.accepted.append(event)
                let waiting = key.held.filter { $0.event.referralId == referralId }
                key.held.removeAll { $0.event.referralId == referralId }
                for h in waiting { check(h.index, h.event, &key) }
                return
            }
            guard var referral = key.referrals[referralId] else {
                key.held.append((i, event))
                return
            }
            let isClockStop = event.type == key.service.clockStop
            if isClockStop && event.occurredAt < referral.receivedAt {
                deadLetters.append((i, .clockStopBeforeReceived))
                return
            }
            if referral.endedOn == nil && (isClockStop || event.type == .referralClosed) {
                referral.endedOn = event.day
                referral.endedByClockStop = isClockStop
                key.referrals[referralId] = referral
            }
            key.accepted.append(event)
        }

        for (i, event) in events.enumerated() {
            guard event.trust != "ALL" else {
                deadLetters.append((i, .reservedTrust))
                continue
            }
            guard let service = configuration.catalogue[event.service] else {
                deadLetters.append((i, .unknownService))
                continue
            }
            let name = event.trust + "/" + event.service
            var key = keys[name] ?? Key(trust: event.trust, service: service)
            let now = max(key.eventTime ?? event.occurredAt, event.occurredAt)
            key.eventTime = now
            // Held events whose allowance the key's event time has passed are dead letters.
            let expired = key.held.filter { now > $0.event.occurredAt.adding(seconds: lateness) }
            key.held.removeAll { now > $0.event.occurredAt.adding(seconds: lateness) }
            for h in expired { deadLetters.append((h.index, .neverReceived(atEndOfReplay: false))) }
            // Deduplication.
            if let first = key.seen[event.eventId], now <= first.adding(seconds: horizon) {
                duplicates.append(i)
                keys[name] = key
                continue
            }
            key.seen[event.eventId] = event.occurredAt
            check(i, event, &key)
            keys[name] = key
        }
        for name in keys.keys.sorted() {
            for h in keys[name]?.held ?? [] { deadLetters.append((h.index, .neverReceived(atEndOfReplay: true))) }
        }

        // The census days.
        let allAccepted = keys.values.flatMap { $0.accepted }
        guard let latest = allAccepted.map({ $0.day }).max() else {
            return Result(records: [], deadLetters: deadLetters, duplicates: duplicates, lastCensusDay: nil, firstDays: [:])
        }
        let lastDay = lastDay ?? latest.advanced(by: -1)

        var records: [WaitStatsRecord] = []
        var firstDays: [String: CivilDay] = [:]
        for service in configuration.catalogue.services {
            let serviceKeys = keys.values.filter { $0.service.code == service.code }.sorted { $0.trust < $1.trust }
            if serviceKeys.isEmpty { continue }
            var groups: [(trust: String, referrals: [Referral], accepted: [ReferralEvent])] = serviceKeys.map { key in
                (key.trust, key.referralOrder.compactMap { key.referrals[$0] }, key.accepted)
            }
            // Roll-ups: the union of the referrals of the organisations mapped to each ICB and region.
            var areas: [String: (referrals: [Referral], accepted: [ReferralEvent])] = [:]
            for group in groups {
                for area in configuration.rollups.areas(of: group.trust) {
                    areas[area, default: ([], [])].referrals += group.referrals
                    areas[area, default: ([], [])].accepted += group.accepted
                }
            }
            groups.append(("ALL", groups.flatMap { $0.referrals }, groups.flatMap { $0.accepted }))
            for (area, union) in areas { groups.append((area, union.referrals, union.accepted)) }
            groups.sort { $0.trust < $1.trust }
            for group in groups {
                guard let firstDay = group.accepted.map({ $0.day }).min(), firstDay <= lastDay else { continue }
                firstDays["\(group.trust)/\(service.code)"] = firstDay
                var day = firstDay
                while day <= lastDay {
                    if (lastDay.daysSinceEpoch - day.daysSinceEpoch) % Int32(max(1, sampleEvery)) == 0 {
                        records.append(
                            record(
                                trust: group.trust, service: service, day: day, configuration: configuration,
                                referrals: group.referrals, accepted: group.accepted))
                    }
                    day = day.advanced(by: 1)
                }
            }
        }
        return Result(records: records, deadLetters: deadLetters, duplicates: duplicates, lastCensusDay: lastDay, firstDays: firstDays)
    }

    /// One record, recomputed from scratch.
    private static func record(
        trust: String, service: ServiceDefinition, day: CivilDay, configuration: EngineConfiguration, referrals: [Referral],
        accepted: [ReferralEvent]
    ) -> WaitStatsRecord {
        let windowDays = configuration.windowDays
        let d = Int(day.daysSinceEpoch)
        let target = service.targetWeeks * 7

        // Waiting at the end of D: received on or before D, and neither clock stop nor closure
        // on or before D.
        var waits: [Int] = []
        for r in referrals {
            let received = Int(r.receivedOn.daysSinceEpoch)
            guard received <= d else { continue }
            if let end = r.endedOn, Int(end.daysSinceEpoch) <= d { continue }
            waits.append(d - received)
        }
        waits.sort()

        var waiting = WaitStatsRecord.Waiting()
        waiting.count = waits.count
        waiting.medianDays = nearestRank(50, waits)
        waiting.p90Days = nearestRank(90, waits)
        waiting.p92Days = nearestRank(92, waits)
        waiting.maxDays = waits.last
        if !waits.isEmpty {
            let within = waits.filter { $0 <= target }.count
            // Percent in tenths, half away from zero, from the exact fraction within/n.
            let scaled = within * 1000
            let quotient = scaled / waits.count
            let remainder = scaled % waits.count
            waiting.withinTargetPctTenths = 2 * remainder >= waits.count ? quotient + 1 : quotient
        }
        waiting.over18Weeks = waits.filter { $0 > 18 * 7 }.count
        waiting.over52Weeks = waits.filter { $0 > 52 * 7 }.count
        waiting.over65Weeks = waits.filter { $0 > 65 * 7 }.count
        waiting.over78Weeks = waits.filter { $0 > 78 * 7 }.count
        waiting.over104Weeks = waits.filter { $0 > 104 * 7 }.count
        var bands = WaitStatsRecord.Bands()
        for w in waits {
            switch w {
            case 0...7: bands.upTo1Week += 1
            case 8...14: bands.upTo2Weeks += 1
            case 15...28: bands.upTo4Weeks += 1
            case 29...84: bands.upTo12Weeks += 1
            case 85...126: bands.upTo18Weeks += 1
            case 127...364: bands.upTo52Weeks += 1
            default: bands.over52Weeks += 1
            }
        }
        waiting.bands = bands
        waiting.breachDueWithin28Days = waits.filter { target - 28 < $0 && $0 <= target }.count

        // The window: D − W + 1 ... D.
        func inWindow(_ x: CivilDay) -> Bool {
            let v = Int(x.daysSinceEpoch)
            return v <= d && v >= d - windowDays + 1
        }
        var lengths: [Int] = []
        for r in referrals where r.endedByClockStop {
            if let stop = r.endedOn, inWindow(stop) {
                lengths.append(Int(stop.daysSinceEpoch) - Int(r.receivedOn.daysSinceEpoch))
            }
        }
        lengths.sort()
        var completed = WaitStatsRecord.Completed()
        completed.count = lengths.count
        completed.medianDays = nearestRank(50, lengths)
        completed.p92Days = nearestRank(92, lengths)

        let inside = accepted.filter { inWindow($0.day) }

        // Feed freshness: the newest accepted event dated on or before D, the trusts with an
        // accepted event dated in the N days ending with D, silent after feedSilentAfterDays.
        var lastEvent: ReferralEvent?
        var reporting = Set<String>()
        for e in accepted where Int(e.day.daysSinceEpoch) <= d {
            if lastEvent.map({ e.occurredAt > $0.occurredAt }) ?? true { lastEvent = e }
            if Int(e.day.daysSinceEpoch) >= d - configuration.trustsReportingDays + 1 { reporting.insert(e.trust) }
        }
        let silent = lastEvent.map { d - Int($0.day.daysSinceEpoch) >= configuration.feedSilentAfterDays } ?? false
        return WaitStatsRecord(
            trust: trust, service: service.code, asOf: day, windowDays: windowDays, targetDays: target,
            standardPct: service.standardPct, waiting: waiting, completed: completed,
            received: inside.filter { $0.type == .referralReceived }.count,
            dna: inside.filter { $0.type == .appointmentDNA }.count,
            cancelledByProvider: inside.filter { $0.type == .appointmentCancelled && $0.cancelledBy == .provider }.count,
            cancelledByPatient: inside.filter { $0.type == .appointmentCancelled && $0.cancelledBy == .patient }.count,
            closed: inside.filter { $0.type == .referralClosed }.count,
            lateEvents: 0, lastEventAt: lastEvent?.occurredAt, trustsReporting: reporting.count, feedSilent: silent)
    }

    /// The nearest-rank percentile of sorted values: the value at the smallest 1-based rank k
    /// with k/n >= p/100 (that is, 100·k >= p·n); nil for no values.
    private static func nearestRank(_ p: Int, _ sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        var k = 1
        while 100 * k < p * sorted.count { k += 1 }
        return sorted[k - 1]
    }
}
