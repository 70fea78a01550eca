/// The streaming statistics engine for ONE input partition of `referral-events`: pure and
/// synchronous — events in, records and national contributions out; no I/O, no clock.
///
/// ## What it holds
/// For each (trust, service) key read on the partition: the key's event time (latest
/// `occurredAt` read for it), the eventIds of the last 7 days of event time (deduplication), the
/// referrals (waiting ones, and finished ones for
/// ``EngineConfiguration/finishedReferralRetentionDays``), the events held for a referral not
/// yet received, and the statistics state (histogram of waiting referrals by received day,
/// rolling window, effects buffered for days not yet published). Plus the partition's
/// ``watermark`` (latest `occurredAt` read on it). Per service, what to tell the national
/// aggregator since the last contribution, and the same per ICB and region when the
/// configuration maps organisations to them (``EngineConfiguration/rollups``).
///
/// ## How to drive it (the Kafka wiring)
/// 1. For each message of the partition, in offset order, decode and validate it; give the
///    ``ReferralEvent`` to ``ingest(_:token:deadLetters:)`` with the message's offset (or any
///    correlation value) as `token`. Publish every ``DeadLetter`` appended to the buffer with
///    the original bytes of the message its `token` designates and its `reason` as the header.
/// 2. After each message (or batch), call ``advanceToWatermark()``: it publishes the days the
///    watermark has completed (day D is complete once the watermark is at least the start of
///    London day D+1 plus `L`, see ``lastCompleteDay(watermark:latenessSeconds:)``). Publish its
///    ``PartitionAdvance/records`` to `referral-wait-stats` and its
///    ``PartitionAdvance/contribution`` (``AllContribution/encoded()``) to the internal
///    contributions topic, keyed by partition so that they stay in order.
/// 3. Idle partitions and live mode: call ``advance(through:)`` with a day derived from the
///    wall clock (or from the other partitions' progress); waits keep growing for quiet keys.
/// 4. End of a replay: call ``finish(deadLetters:)`` on every partition (dead-letters what is
///    still held), take the maximum of their ``latestAcceptedDay`` over ALL partitions (not
///    only this worker's), and call ``advance(through:)`` with the day before it
///    (``lastCensusDay(latestAcceptedDays:)``).
///
/// The watermark counts every event given to `ingest` (duplicates and dead letters too: they
/// were read), while the end-of-replay rule counts accepted events only; so a partition whose
/// latest events were dead-lettered may already have published a day or so past the last census
/// day. Those records are correct for their day; nothing is withdrawn.
///
/// Late events: an accepted event dated on or before the last published day is applied to the
/// current state at once (it shows in every later record) and counted in `lateEvents`; the
/// records already published are not re-published.
///
/// Thread-safety: a value type with no shared state; own one per partition and mutate it from one
/// task at a time.
public struct PartitionEngine: Sendable {
    /// The input partition this engine serves (carried in its contributions).
    public let partition: Int
    /// The engine's settings.
    public let configuration: EngineConfiguration
    /// The latest `occurredAt` of any event given to ``ingest(_:token:deadLetters:)``, or nil.
    public private(set) var watermark: Timestamp?
    /// The last day published by ``advance(through:)`` (every key is complete through it), or nil.
    public private(set) var completeThrough: CivilDay?
    /// Running totals for metrics.
    public var counters: PartitionCounters { tally.counters }

    private var tally = PartitionTally()
    private var directory: KeyDirectory
    private var keys: [KeyState] = []
    private var outboxes: [ServiceOutbox] = []
    /// Roll-up outboxes, one per (ICB or region, service) with a key on this partition, in the
    /// order they were created (empty without an ``EngineConfiguration/rollups`` mapping).
    private var areaOutboxes: [ServiceOutbox] = []
    /// Per key (indexed like `keys`): the slots of its roll-ups' outboxes in `areaOutboxes`.
    private var keyAreaSlots: [[Int]] = []
    private var nextSequence: UInt64 = 1

    /// Creates an empty engine for `partition`.
    public init(partition: Int, configuration: EngineConfiguration = EngineConfiguration()) {
        self.partition = partition
        self.configuration = configuration
        self.directory = KeyDirectory(catalogue: configuration.catalogue)
    }

    /// The London date of the latest accepted event on this partition (the end-of-replay rule
    /// uses the maximum over all partitions), or nil before any.
    public var latestAcceptedDay: CivilDay? {
        tally.latestAcceptedDay == .min ? nil : CivilDay(daysSinceEpoch: tally.latestAcceptedDay)
    }

    /// Number of (trust, service) keys seen.
    public var keyCount: Int { keys.count }

    /// Number of events held for a referral not received yet (O(keys): call now and then).
    public var heldEventCount: Int { keys.reduce(0) { $0 + $1.heldCount } }

    /// Number of referrals remembered (waiting and finished) over all keys.
    public var referralCount: Int { keys.reduce(0) { $0 + $1.referrals.count } }

    // MARK: Ingest

    /// Applies one validated event, read from this partition, in arrival order (SPEC section 1's
    /// checks after validation: deduplication, conflict, hold, clock stop before receipt).
    ///
    /// - Parameters:
    ///   - event: a validated event (the decoder has checked fields, types, service, trust).
    ///   - token: an opaque value returned in any ``DeadLetter`` for this event, now or later.
    ///   - deadLetters: dead letters are appended here: this event's, and those of held events
    ///     whose lateness allowance this event's time has passed (with their own tokens).
    /// - Returns: what happened to `event`.
    public mutating func ingest(_ event: ReferralEvent, token: UInt64 = 0, deadLetters: inout [DeadLetter]) -> IngestOutcome {
        tally.counters.ingested += 1
        if watermark.map({ event.occurredAt > $0 }) ?? true { watermark = event.occurredAt }
        let k: Int
        let service = directory.serviceIndex(event.service)
        if let service, let found = directory.key(trust: event.trust, service: service) {
            k = found
        } else {
            let reason: DeadLetterReason
            if event.trust == "ALL" {
                reason = .reservedTrust
            } else if let service {
                k = addKey(event: event, service: service)
                return ingest(event, key: k, token: token, deadLetters: &deadLetters)
            } else {
                reason = .unknownService
            }
            deadLetters.append(DeadLetter(event: event, token: token, reason: reason))
            tally.counters.deadLettered += 1
            return .deadLettered(reason)
        }
        return ingest(event, key: k, token: token, deadLetters: &deadLetters)
    }

    @inline(__always)
    private mutating func ingest(_ event: ReferralEvent, key k: Int, token: UInt64, deadLetters: inout [DeadLetter]) -> IngestOutcome {
        let slot = keys[k].outboxSlot
        guard !keyAreaSlots[k].isEmpty else {
            return keys[k].ingest(
                event, token: token, lateness: configuration.latenessSeconds, outbox: &outboxes[slot], tally: &tally,
                deadLetters: &deadLetters)
        }
        // A key in roll-ups: its ICB's and region's outboxes get exactly what the national one got.
        let effectsBefore = outboxes[slot].effects.count
        let lateBefore = outboxes[slot].lateEvents
        let outcome = keys[k].ingest(
            event, token: token, lateness: configuration.latenessSeconds, outbox: &outboxes[slot], tally: &tally,
            deadLetters: &deadLetters)
        let late = outboxes[slot].lateEvents - lateBefore
        let firstDay = keys[k].stats.firstDay
        for a in keyAreaSlots[k] {
            areaOutboxes[a].add(effects: outboxes[slot].effects[effectsBefore...], lateEvents: late, keyFirstDay: firstDay)
        }
        return outcome
    }

    /// The roll-up outbox slots of a key of `trust` and `service`, creating the outboxes missing.
    private mutating func areaSlots(trust: String, service: String) -> [Int] {
        configuration.rollups.areas(of: trust).map { area in
            if let i = areaOutboxes.firstIndex(where: { $0.area == area && $0.service == service }) { return i }
            areaOutboxes.append(ServiceOutbox(service: service, area: area))
            return areaOutboxes.count - 1
        }
    }

    private mutating func addKey(event: ReferralEvent, service: Int) -> Int {
        let definition = configuration.catalogue.services[service]
        let slot: Int
        if let s = directory.outbox(service: service) {
            slot = s
        } else {
            slot = outboxes.count
            outboxes.append(ServiceOutbox(service: event.service))
            directory.setOutbox(slot, service: service)
        }
        let rules = KeyState.ServiceRules(
            clockStop: definition.clockStop, targetDays: definition.targetDays, standardPct: definition.standardPct)
        keys.append(
            KeyState(
                trust: event.trust, service: event.service, rules: rules, outboxSlot: slot,
                windowDays: max(1, configuration.windowDays)))
        directory.addKey(keys.count - 1, trust: event.trust, service: service)
        keyAreaSlots.append(areaSlots(trust: event.trust, service: event.service))
        return keys.count - 1
    }

    /// End of a replay: dead-letters every event still held (SPEC: "at the end of a replay,
    /// everything still held is dead-lettered"). Call before the final ``advance(through:)``.
    public mutating func finish(deadLetters: inout [DeadLetter]) {
        for i in keys.indices {
            keys[i].dropAllHeld(tally: &tally, deadLetters: &deadLetters)
        }
    }

    // MARK: Advancing

    /// The last London day that is complete for a watermark: the largest D with
    /// `watermark >= start of London day D+1 + latenessSeconds` (local midnight, so 23:00 UTC
    /// in summer). Pure.
    public static func lastCompleteDay(watermark: Timestamp, latenessSeconds: Int64) -> CivilDay {
        LondonTime.day(of: watermark.adding(seconds: -latenessSeconds)).advanced(by: -1)
    }

    /// The last census day at the end of a replay: the day before the latest London date of an
    /// accepted event over all partitions; nil when none accepted anything.
    public static func lastCensusDay(latestAcceptedDays: some Sequence<CivilDay?>) -> CivilDay? {
        latestAcceptedDays.compactMap { $0 }.max()?.advanced(by: -1)
    }

    /// The London date of an instant (Europe/London), as the engine computes it.
    public static func londonDay(of instant: Timestamp) -> CivilDay {
        LondonTime.day(of: instant)
    }

    /// The instant London day `day` starts (local midnight), as the engine computes it.
    public static func startOfLondonDay(_ day: CivilDay) -> Timestamp {
        LondonTime.startOfDay(day)
    }

    /// Publishes every day the ``watermark`` has completed (see
    /// ``lastCompleteDay(watermark:latenessSeconds:)``); nil when there is nothing new.
    public mutating func advanceToWatermark() -> PartitionAdvance? {
        guard let w = watermark else { return nil }
        let day = Self.lastCompleteDay(watermark: w, latenessSeconds: configuration.latenessSeconds)
        if let c = completeThrough, day <= c { return nil }
        return advance(through: day)
    }

    /// Publishes the records of every key on this partition for each day from its next
    /// unpublished day (or its first day, the date of its earliest accepted event) through
    /// `day`, and one ``AllContribution`` saying "complete through `day`" with everything
    /// accepted since the previous one. Keys whose feed has gone quiet still get records.
    /// Calling it again with a day not after ``completeThrough`` does nothing.
    public mutating func advance(through day: CivilDay) -> PartitionAdvance {
        if let c = completeThrough, day <= c {
            return PartitionAdvance(records: [], contribution: nil)
        }
        var records: [WaitStatsRecord] = []
        for i in keys.indices {
            keys[i].advance(through: day.daysSinceEpoch, configuration: configuration, tally: &tally, into: &records)
        }
        completeThrough = day
        tally.partitionThrough = day.daysSinceEpoch
        var sections: [AllContribution.Section] = []
        for i in outboxes.indices where outboxes[i].hasNews {
            sections.append(outboxes[i].takeSection())
        }
        for i in areaOutboxes.indices where areaOutboxes[i].hasNews {
            sections.append(areaOutboxes[i].takeSection())
        }
        let contribution = AllContribution(partition: partition, sequence: nextSequence, throughDay: day, sections: sections)
        nextSequence += 1
        return PartitionAdvance(records: records, contribution: contribution)
    }
}

// MARK: State snapshot (see StateSnapshot.swift for the format)

extension PartitionEngine {
    /// The engine's state after the snapshot header: watermark, completeThrough, nextSequence,
    /// the tally, the outboxes (in slot order) and the keys (in index order); then, only when
    /// there are roll-ups, `count:uvar` and per roll-up outbox `area:string` and the outbox (so a
    /// snapshot without roll-ups is byte for byte what it was before they existed).
    func writeSnapshot(to w: inout ByteWriter) {
        w.optionalSvar(watermark?.microsecondsSinceEpoch)
        w.optionalSvar(completeThrough.map { Int64($0.daysSinceEpoch) })
        w.uvar(nextSequence)
        let c = tally.counters
        for v in [c.ingested, c.accepted, c.late, c.duplicates, c.deadLettered, c.held, c.referralsForgotten] {
            w.svar(Int64(v))
        }
        w.svar(Int64(tally.latestAcceptedDay))
        w.svar(Int64(tally.partitionThrough))
        w.uvar(UInt64(outboxes.count))
        for o in outboxes { o.writeSnapshot(to: &w) }
        w.uvar(UInt64(keys.count))
        for k in keys { k.writeSnapshot(to: &w) }
        if !areaOutboxes.isEmpty {
            w.uvar(UInt64(areaOutboxes.count))
            for o in areaOutboxes {
                w.string(o.area ?? "")
                o.writeSnapshot(to: &w)
            }
        }
    }

    /// Reads what ``writeSnapshot(to:)`` wrote into a new engine; rebuilds the indexes.
    mutating func readSnapshot(_ r: inout ByteReader) throws(BinaryDecodingError) {
        watermark = try r.optionalSvar("watermark").map { Timestamp(microsecondsSinceEpoch: $0) }
        completeThrough = try r.optionalSvar32("completeThrough").map { CivilDay(daysSinceEpoch: $0) }
        nextSequence = try r.uvar()
        func int(_ what: String) throws(BinaryDecodingError) -> Int {
            guard let v = Int(exactly: try r.svar()) else { throw .invalid(what) }
            return v
        }
        tally.counters.ingested = try int("counter")
        tally.counters.accepted = try int("counter")
        tally.counters.late = try int("counter")
        tally.counters.duplicates = try int("counter")
        tally.counters.deadLettered = try int("counter")
        tally.counters.held = try int("counter")
        tally.counters.referralsForgotten = try int("counter")
        tally.latestAcceptedDay = try r.svar32("latestAcceptedDay")
        tally.partitionThrough = try r.svar32("partitionThrough")

        let outboxCount = try r.count("outbox count")
        var outboxServices: Set<String> = []
        for _ in 0..<outboxCount {
            let o = try ServiceOutbox(snapshot: &r)
            guard outboxServices.insert(o.service).inserted else {
                throw .invalid("repeated outbox service")
            }
            if let service = directory.serviceIndex(o.service) { directory.setOutbox(outboxes.count, service: service) }
            outboxes.append(o)
        }
        let keyCount = try r.count("key count")
        keys.reserveCapacity(keyCount)
        let windowDays = max(1, configuration.windowDays)
        for _ in 0..<keyCount {
            let k = try KeyState(
                snapshot: &r, catalogue: configuration.catalogue, outboxCount: outboxes.count, windowDays: windowDays)
            guard outboxes[k.outboxSlot].service == k.service else { throw .invalid("key outbox slot") }
            guard let service = directory.serviceIndex(k.service) else { throw .invalid("key service") }
            guard directory.addKey(keys.count, trust: k.trust, service: service) else {
                throw .invalid("repeated key")
            }
            keys.append(k)
        }
        if r.remaining > 0 {
            let count = try r.count("roll-up outbox count")
            var seen: Set<String> = []
            for _ in 0..<count {
                let area = try r.string("roll-up area")
                let o = try ServiceOutbox(snapshot: &r, area: area)
                guard seen.insert(area + "/" + o.service).inserted else { throw .invalid("repeated roll-up outbox") }
                areaOutboxes.append(o)
            }
        }
        let outboxesRead = areaOutboxes.count
        keyAreaSlots.reserveCapacity(keys.count)
        for k in keys { keyAreaSlots.append(areaSlots(trust: k.trust, service: k.service)) }
        // The fingerprint checked the mapping: every roll-up outbox a key needs was in the snapshot.
        guard areaOutboxes.count == outboxesRead else { throw .invalid("roll-up outboxes") }
    }
}
