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
    private(set) var referrals = StringKeyTable<ReferralState>()
    private var held: [HeldEvent] = []
    private var heldMinDeadline: Int64 = .max
    private(set) var stats: DailyStatistics
    /// When this key's feed last sent an accepted event (as of the current census day).
    private(set) var freshness = FeedFreshness()
    private var lastSweepDay: Int32 = .min
    /// This key's latest entry in its outbox's activity list.
    private var activityEntry = ServiceOutbox.ActivityEntry()

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
        if dedup.isDuplicate(
            event.eventId, occurredAt: t, keyTime: eventTime,
            horizon: EngineConfiguration.deduplicationHorizonSeconds * 1_000_000)
        {
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
        if let entry = referrals.insertIfAbsent(event.referralId, state) {
            if referrals[entry: entry].receiptHash == hash {
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
        guard let index = referrals.find(event.referralId) else {
            let deadline = event.occurredAt.microsecondsSinceEpoch &+ lateness * 1_000_000
            held.append(HeldEvent(event: event, token: token, deadline: deadline))
            if deadline < heldMinDeadline { heldMinDeadline = deadline }
            tally.counters.held += 1
            return .held
        }
        let referral = referrals[entry: index]
        let day = event.day.daysSinceEpoch
        if event.type == rules.clockStop {
            if event.occurredAt.microsecondsSinceEpoch < referral.receivedAt {
                return deadLetter(event, token: token, .clockStopBeforeReceived, tally: &tally, deadLetters: &deadLetters)
            }
            if referral.status == .waiting {
                referrals[entry: index].status = .completed
                referrals[entry: index].endDay = day
                emit(StatisticsEffect(kind: .completed, day: day, receivedDay: referral.receivedDay), outbox: &outbox)
            }
            // A later clock stop, or one after a closure, changes no clock.
        } else {
            switch event.type {
            case .referralClosed:
                if referral.status == .waiting {
                    let end = max(day, referral.receivedDay)
                    referrals[entry: index].status = .closed
                    referrals[entry: index].endDay = end
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
        let activity = TrustActivity(trust: trust, day: day, at: event.occurredAt.microsecondsSinceEpoch)
        freshness.note(activity, current: stats.currentDay)
        outbox.noteActivity(activity, entry: &activityEntry)
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
        through last: Int32, configuration: EngineConfiguration, tally: inout PartitionTally,
        into records: inout [WaitStatsRecord]
    ) {
        let windowDays = max(1, configuration.windowDays)
        while let next = stats.nextDay, next <= last {
            stats.advanceDay()
            freshness.advance(to: next)
            var record = WaitStatsRecord(
                trust: trust, service: service, asOf: CivilDay(daysSinceEpoch: next), windowDays: windowDays,
                targetDays: rules.targetDays, standardPct: rules.standardPct,
                summary: stats.summary(targetDays: rules.targetDays))
            (record.lastEventAt, record.trustsReporting, record.feedSilent) = freshness.fields(day: next, configuration: configuration)
            records.append(record)
            sweepFinishedReferrals(today: next, retentionDays: configuration.finishedReferralRetentionDays, tally: &tally)
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
        referrals.removeAll { _, r in !(r.status == .waiting || Int64(r.endDay) >= limit) }
        tally.counters.referralsForgotten += before - referrals.count
    }
}

// MARK: State snapshot

extension KeyState {
    /// `trust:string service:string outboxSlot:uvar eventTime:svar` then the deduplication
    /// memory, the referrals (sorted by id), the held events (arrival order), the statistics
    /// `lastSweepDay:svar` and the feed freshness. The rules come from the catalogue on restore.
    ///
    /// Per referral (typically ~19 bytes for a waiting one with an id like `R-RAJ-SALT-000123`):
    /// the id front-coded against the previous one, `receivedAt` as a difference from the
    /// previous referral's (whole seconds when possible), `receivedDay` as a difference from the
    /// UTC day of `receivedAt`, `(endDay − receivedDay) << 2 | status` and the receipt hash
    /// (8 bytes).
    func writeSnapshot(to w: inout ByteWriter) {
        w.string(trust)
        w.string(service)
        w.uvar(UInt64(outboxSlot))
        w.svar(eventTime)
        dedup.writeSnapshot(to: &w)

        w.uvar(UInt64(referrals.count))
        var previousKey: [UInt8] = []
        var previousTime: Int64 = 0
        for (key, r) in SnapshotCoding.sortedEntries(referrals) {
            SnapshotCoding.writeFrontCoded(key, previous: previousKey, to: &w)
            SnapshotCoding.writeTime(r.receivedAt, previous: previousTime, to: &w)
            w.svar(Int64(r.receivedDay) - SnapshotCoding.utcDay(r.receivedAt))
            let end = Int64(r.endDay) - Int64(r.receivedDay)
            w.uvar(UInt64(bitPattern: (end << 1) ^ (end >> 63)) << 2 | UInt64(r.status.rawValue))
            w.u64le(r.receiptHash)
            previousKey = key
            previousTime = r.receivedAt
        }

        w.uvar(UInt64(held.count))
        for h in held {
            w.uvar(h.token)
            w.svar(h.deadline &- h.event.occurredAt.microsecondsSinceEpoch)
            writeHeldEvent(h.event, to: &w)
        }

        stats.writeSnapshot(to: &w)
        w.svar(Int64(lastSweepDay))
        freshness.writeSnapshot(to: &w)
    }

    private func writeHeldEvent(_ e: ReferralEvent, to w: inout ByteWriter) {
        let ownKey = e.trust.utf8.elementsEqual(trust.utf8) && e.service.utf8.elementsEqual(service.utf8)
        var flags: UInt8 = 0
        if e.priority != nil { flags |= 1 }
        if e.appointmentId != nil { flags |= 2 }
        if e.scheduledFor != nil { flags |= 4 }
        if e.cancelledBy != nil { flags |= 8 }
        if e.reason != nil { flags |= 16 }
        if !ownKey { flags |= 32 }
        w.byte(flags)
        w.string(e.eventId)
        w.byte(UInt8(EventType.allCases.firstIndex(of: e.type) ?? 0))
        w.string(e.referralId)
        if !ownKey {
            w.string(e.trust)
            w.string(e.service)
        }
        let t = e.occurredAt.microsecondsSinceEpoch
        w.svar(t)
        w.svar(Int64(e.day.daysSinceEpoch) - SnapshotCoding.utcDay(t))
        if let p = e.priority { w.byte(UInt8(Priority.allCases.firstIndex(of: p) ?? 0)) }
        if let a = e.appointmentId { w.string(a) }
        if let s = e.scheduledFor { w.svar(s.microsecondsSinceEpoch &- t) }
        if let c = e.cancelledBy { w.byte(UInt8(CancelledBy.allCases.firstIndex(of: c) ?? 0)) }
        if let r = e.reason { w.string(r) }
    }

    private func readHeldEvent(_ r: inout ByteReader) throws(BinaryDecodingError) -> ReferralEvent {
        let flags = try r.byte()
        guard flags < 64 else { throw .invalid("held event flags") }
        let eventId = try r.string("held eventId")
        let typeIndex = Int(try r.byte())
        guard typeIndex < EventType.allCases.count else { throw .invalid("held event type") }
        let referralId = try r.string("held referralId")
        var eventTrust = trust
        var eventService = service
        if flags & 32 != 0 {
            eventTrust = try r.string("held trust")
            eventService = try r.string("held service")
        }
        let t = try r.svar()
        let (day64, overflow) = SnapshotCoding.utcDay(t).addingReportingOverflow(try r.svar())
        guard !overflow, let day = Int32(exactly: day64) else { throw .invalid("held event day") }
        var event = ReferralEvent(
            eventId: eventId, type: EventType.allCases[typeIndex], referralId: referralId, trust: eventTrust,
            service: eventService, occurredAt: Timestamp(microsecondsSinceEpoch: t), day: CivilDay(daysSinceEpoch: day))
        if flags & 1 != 0 {
            let i = Int(try r.byte())
            guard i < Priority.allCases.count else { throw .invalid("held priority") }
            event.priority = Priority.allCases[i]
        }
        if flags & 2 != 0 { event.appointmentId = try r.string("held appointmentId") }
        if flags & 4 != 0 { event.scheduledFor = Timestamp(microsecondsSinceEpoch: t &+ (try r.svar())) }
        if flags & 8 != 0 {
            let i = Int(try r.byte())
            guard i < CancelledBy.allCases.count else { throw .invalid("held cancelledBy") }
            event.cancelledBy = CancelledBy.allCases[i]
        }
        if flags & 16 != 0 { event.reason = try r.string("held reason") }
        return event
    }

    /// Reads what ``writeSnapshot(to:)`` wrote. The key's service must be in `catalogue` and its
    /// outbox slot below `outboxCount`.
    init(
        snapshot r: inout ByteReader, catalogue: ServiceCatalogue, outboxCount: Int, windowDays: Int
    ) throws(BinaryDecodingError) {
        let trust = try r.string("trust")
        let service = try r.string("service")
        guard let definition = catalogue[service] else { throw .invalid("key service") }
        let slot = try r.uvar()
        guard slot < UInt64(outboxCount) else { throw .invalid("outbox slot") }
        self.init(
            trust: trust, service: service,
            rules: ServiceRules(
                clockStop: definition.clockStop, targetDays: definition.targetDays, standardPct: definition.standardPct),
            outboxSlot: Int(slot), windowDays: windowDays)
        eventTime = try r.svar()
        dedup = try EventIdDeduplicator(snapshot: &r)

        let n = try r.count("referral count")
        var referrals = StringKeyTable<ReferralState>()
        referrals.reserveCapacity(n)
        var buffer: [UInt8] = []
        var previousTime: Int64 = 0
        for _ in 0..<n {
            let id = try SnapshotCoding.readFrontCoded(&r, buffer: &buffer)
            let receivedAt = try SnapshotCoding.readTime(&r, previous: previousTime)
            previousTime = receivedAt
            let (day64, o1) = SnapshotCoding.utcDay(receivedAt).addingReportingOverflow(try r.svar())
            guard !o1, let receivedDay = Int32(exactly: day64) else { throw .invalid("referral received day") }
            let packed = try r.uvar()
            guard let status = ReferralState.Status(rawValue: UInt8(packed & 3)) else { throw .invalid("referral status") }
            let z = packed >> 2
            let end = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
            let (endDay64, o2) = day64.addingReportingOverflow(end)
            guard !o2, let endDay = Int32(exactly: endDay64) else { throw .invalid("referral end day") }
            let hash = try r.u64le()
            let state = ReferralState(
                receivedAt: receivedAt, receivedDay: receivedDay, endDay: endDay, receiptHash: hash, status: status)
            guard referrals.insertIfAbsent(id, state) == nil else { throw .invalid("repeated referral id") }
        }
        self.referrals = referrals

        let heldCount = try r.count("held count")
        held.reserveCapacity(heldCount)
        for _ in 0..<heldCount {
            let token = try r.uvar()
            let allowance = try r.svar()
            let event = try readHeldEvent(&r)
            let deadline = event.occurredAt.microsecondsSinceEpoch &+ allowance
            held.append(HeldEvent(event: event, token: token, deadline: deadline))
            if deadline < heldMinDeadline { heldMinDeadline = deadline }
        }

        stats = try DailyStatistics(snapshot: &r, windowDays: windowDays)
        lastSweepDay = try r.svar32("lastSweepDay")
        freshness = try FeedFreshness(snapshot: &r)
    }
}
