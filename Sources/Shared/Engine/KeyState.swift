/// Everything a partition keeps for one (trust, service): the key's event time, the
/// deduplication memory, the referrals, the held events and the statistics state.
///
/// All decisions (duplicate, conflict, held, dead letter, which clock stops) are taken at
/// ingest time in arrival order; only their effects on the statistics wait for their day
/// (see ``DailyStatistics``).
struct KeyState: Sendable {
    /// Identity of a key.
    struct ID: Hashable, Sendable {
        var trust: String
        var service: String
    }

    /// An event waiting for its referral's `referral.received`.
    struct HeldEvent: Sendable {
        var event: ReferralEvent
        var token: UInt64
        /// `occurredAt + L` in µs: held until the key's event time passes it.
        var deadline: Int64
    }

    /// The per-service settings a key needs.
    struct ServiceRules: Sendable {
        var clockStop: EventType
        var targetDays: Int
        var standardPct: Int
    }

    let trust: String
    let service: String
    let rules: ServiceRules
    /// Index of this key's service in the partition's outboxes.
    let outboxSlot: Int

    /// Latest `occurredAt` read for this key (µs), `Int64.min` before any.
    private(set) var eventTime: Int64 = .min
    private var dedup = EventIdDeduplicator()
    private(set) var referrals: [String: ReferralState] = [:]
    private var held: [HeldEvent] = []
    private var heldMinDeadline: Int64 = .max
    private(set) var stats: DailyStatistics
    private var lastSweepDay: Int32 = .min

    init(trust: String, service: String, rules: ServiceRules, outboxSlot: Int, windowDays: Int) {
        self.trust = trust
        self.service = service
        self.rules = rules
        self.outboxSlot = outboxSlot
        self.stats = DailyStatistics(windowDays: windowDays)
    }

    /// Number of held events.
    var heldCount: Int { held.count }

    // MARK: Ingest

    /// Applies SPEC section 1's checks to a validated event of this key, in arrival order.
    mutating func ingest(
        _ event: ReferralEvent, token: UInt64, lateness: Int64, outbox: inout ServiceOutbox,
        tally: inout PartitionTally, deadLetters: inout [DeadLetter]
    ) -> IngestOutcome {
        let t = event.occurredAt.microsecondsSinceEpoch
        if t > eventTime { eventTime = t }
        if heldMinDeadline < eventTime {
            expireHeld(tally: &tally, deadLetters: &deadLetters)
        }
        if dedup.isDuplicate(event.eventId, occurredAt: t, keyTime: eventTime,
                             horizon: EngineConfiguration.deduplicationHorizonSeconds * 1_000_000) {
            tally.counters.duplicates += 1
            return .duplicate
        }
        if event.type == .referralReceived {
            return receive(event, token: token, lateness: lateness, outbox: &outbox, tally: &tally, deadLetters: &deadLetters)
        }
        return check(event, token: token, lateness: lateness, outbox: &outbox, tally: &tally, deadLetters: &deadLetters)
    }

    private mutating func receive(
        _ event: ReferralEvent, token: UInt64, lateness: Int64, outbox: inout ServiceOutbox,
        tally: inout PartitionTally, deadLetters: inout [DeadLetter]
    ) -> IngestOutcome {
        let hash = ReferralState.hash(event.eventId)
        let r = event.day.daysSinceEpoch
        let state = ReferralState(
            receivedAt: event.occurredAt.microsecondsSinceEpoch, receivedDay: r, endDay: r,
            receiptHash: hash, status: .waiting)
        // One hash on the common path: insert, and put the old value back if there was one.
        if let existing = referrals.updateValue(state, forKey: event.referralId) {
            referrals[event.referralId] = existing
            if existing.receiptHash == hash {
                // The same receipt re-sent after the deduplication horizon: still a duplicate.
                tally.counters.duplicates += 1
                return .duplicate
            }
            return deadLetter(event, token: token, .conflictingReceipt, tally: &tally, deadLetters: &deadLetters)
        }
        emit(StatisticsEffect(kind: .received, day: r), outbox: &outbox)
        let outcome = accept(event, outbox: &outbox, tally: &tally)
        if !held.isEmpty {
            release(event.referralId, lateness: lateness, outbox: &outbox, tally: &tally, deadLetters: &deadLetters)
        }
        return outcome
    }

    /// The referral checks for an event other than `referral.received`.
    private mutating func check(
        _ event: ReferralEvent, token: UInt64, lateness: Int64, outbox: inout ServiceOutbox,
        tally: inout PartitionTally, deadLetters: inout [DeadLetter]
    ) -> IngestOutcome {
        guard let index = referrals.index(forKey: event.referralId) else {
            let deadline = event.occurredAt.microsecondsSinceEpoch &+ lateness * 1_000_000
            held.append(HeldEvent(event: event, token: token, deadline: deadline))
            if deadline < heldMinDeadline { heldMinDeadline = deadline }
            tally.counters.held += 1
            return .held
        }
        let referral = referrals.values[index]
        let day = event.day.daysSinceEpoch
        if event.type == rules.clockStop {
            if event.occurredAt.microsecondsSinceEpoch < referral.receivedAt {
                return deadLetter(event, token: token, .clockStopBeforeReceived, tally: &tally, deadLetters: &deadLetters)
            }
            if referral.status == .waiting {
                referrals.values[index].status = .completed
                referrals.values[index].endDay = day
                emit(StatisticsEffect(kind: .completed, day: day, receivedDay: referral.receivedDay), outbox: &outbox)
            }
            // A later clock stop, or one after a closure, changes no clock.
        } else {
            switch event.type {
            case .referralClosed:
                if referral.status == .waiting {
                    let end = max(day, referral.receivedDay)
                    referrals.values[index].status = .closed
                    referrals.values[index].endDay = end
                    emit(StatisticsEffect(kind: .leftList, day: end, receivedDay: referral.receivedDay), outbox: &outbox)
                }
                emit(StatisticsEffect(kind: .closed, day: day), outbox: &outbox)
            case .appointmentDNA:
                emit(StatisticsEffect(kind: .dna, day: day), outbox: &outbox)
            case .appointmentCancelled:
                switch event.cancelledBy {
                case .provider: emit(StatisticsEffect(kind: .cancelledByProvider, day: day), outbox: &outbox)
                case .patient: emit(StatisticsEffect(kind: .cancelledByPatient, day: day), outbox: &outbox)
                case nil: break
                }
            default:
                // Booked, and clock-stop types of other services: accepted, no clock change.
                break
            }
        }
        return accept(event, outbox: &outbox, tally: &tally)
    }

    @inline(__always)
    private mutating func emit(_ effect: StatisticsEffect, outbox: inout ServiceOutbox) {
        stats.add(effect)
        outbox.effects.append(effect)
    }

    private mutating func accept(_ event: ReferralEvent, outbox: inout ServiceOutbox, tally: inout PartitionTally) -> IngestOutcome {
        let day = event.day.daysSinceEpoch
        stats.noteAccepted(day: day)
        outbox.noteAccepted(day: day)
        tally.counters.accepted += 1
        if day > tally.latestAcceptedDay { tally.latestAcceptedDay = day }
        // Late for the national record: its day is one the partition has already reported
        // complete (this includes events of a key that has not published yet).
        if day <= tally.partitionThrough { outbox.lateEvents += 1 }
        if let cur = stats.currentDay, day <= cur {
            stats.lateEvents += 1
            tally.counters.late += 1
            return .accepted(late: true)
        }
        return .accepted(late: false)
    }

    private func deadLetter(
        _ event: ReferralEvent, token: UInt64, _ reason: DeadLetterReason, tally: inout PartitionTally,
        deadLetters: inout [DeadLetter]
    ) -> IngestOutcome {
        deadLetters.append(DeadLetter(event: event, token: token, reason: reason))
        tally.counters.deadLettered += 1
        return .deadLettered(reason)
    }

    // MARK: Held events

    /// Applies, in arrival order, the held events of a referral that has just been received.
    private mutating func release(
        _ referralId: String, lateness: Int64, outbox: inout ServiceOutbox, tally: inout PartitionTally,
        deadLetters: inout [DeadLetter]
    ) {
        var released: [HeldEvent] = []
        var kept = 0
        for i in held.indices {
            if held[i].event.referralId == referralId {
                released.append(held[i])
            } else {
                held[kept] = held[i]
                kept += 1
            }
        }
        guard !released.isEmpty else { return }
        held.removeLast(held.count - kept)
        heldMinDeadline = held.reduce(Int64.max) { min($0, $1.deadline) }
        for h in released {
            tally.counters.held -= 1
            _ = check(h.event, token: h.token, lateness: lateness, outbox: &outbox, tally: &tally, deadLetters: &deadLetters)
        }
    }

    /// Dead-letters the held events whose deadline the key's event time has passed.
    private mutating func expireHeld(tally: inout PartitionTally, deadLetters: inout [DeadLetter]) {
        var kept = 0
        var newMin = Int64.max
        for i in held.indices {
            let h = held[i]
            if h.deadline < eventTime {
                _ = deadLetter(h.event, token: h.token, .neverReceived(atEndOfReplay: false), tally: &tally, deadLetters: &deadLetters)
                tally.counters.held -= 1
            } else {
                held[kept] = h
                kept += 1
                newMin = min(newMin, h.deadline)
            }
        }
        held.removeLast(held.count - kept)
        heldMinDeadline = newMin
    }

    /// Dead-letters every held event (end of a replay).
    mutating func dropAllHeld(tally: inout PartitionTally, deadLetters: inout [DeadLetter]) {
        for h in held {
            _ = deadLetter(h.event, token: h.token, .neverReceived(atEndOfReplay: true), tally: &tally, deadLetters: &deadLetters)
            tally.counters.held -= 1
        }
        held.removeAll()
        heldMinDeadline = .max
    }

    // MARK: Records

    /// Emits this key's records for every day from its next unpublished day (or first day)
    /// through `last`, applying each day's buffered effects first.
    mutating func advance(
        through last: Int32, windowDays: Int, retentionDays: Int, tally: inout PartitionTally,
        into records: inout [WaitStatsRecord]
    ) {
        while let next = stats.nextDay, next <= last {
            stats.advanceDay()
            records.append(WaitStatsRecord(
                trust: trust, service: service, asOf: CivilDay(daysSinceEpoch: next), windowDays: windowDays,
                targetDays: rules.targetDays, standardPct: rules.standardPct,
                summary: stats.summary(targetDays: rules.targetDays)))
            sweepFinishedReferrals(today: next, retentionDays: retentionDays, tally: &tally)
        }
    }

    /// Forgets referrals whose wait ended more than `retentionDays` before `today`; runs every
    /// quarter of the retention period so its O(referrals) cost is negligible.
    private mutating func sweepFinishedReferrals(today: Int32, retentionDays: Int, tally: inout PartitionTally) {
        let interval = Int64(max(1, retentionDays / 4))
        if lastSweepDay == .min { lastSweepDay = today }
        guard Int64(today) - Int64(lastSweepDay) >= interval else { return }
        lastSweepDay = today
        let before = referrals.count
        let limit = Int64(today) - Int64(retentionDays)
        referrals = referrals.filter { $0.value.status == .waiting || Int64($0.value.endDay) >= limit }
        tally.counters.referralsForgotten += before - referrals.count
    }
}
