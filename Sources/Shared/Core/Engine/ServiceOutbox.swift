/// What a partition has to tell the national aggregator about one service since its last
/// ``AllContribution``: the effects accepted since then, the service's first day on this
/// partition and the number of late events. A roll-up's outbox (``area`` set) holds the same for
/// the partition's keys of one ICB or region.
struct ServiceOutbox: Sendable {
    let service: String
    /// The roll-up (`ICB:{code}`, `REGION:{code}`), or nil for the national outbox.
    let area: String?
    /// Effects accepted since the last contribution, in arrival order (coalesced when sent).
    var effects: [StatisticsEffect] = []
    /// Earliest accepted event date of any key of this service on the partition.
    private(set) var firstDay: Int32?
    /// Whether `firstDay` changed since the last contribution.
    private(set) var firstDayChanged = false
    /// Events accepted since the last contribution that are dated on or before a day the
    /// partition had already reported complete (late for the national record).
    var lateEvents: Int64 = 0
    /// Accepted events since the last contribution, as (trust, day, newest time), for the
    /// national feed freshness: a key's event updates the key's own latest entry when it is for
    /// the same day (see ``noteActivity(_:entry:)``), so the list holds about one entry per key and
    /// day, not one per event, and ``takeSection()`` sorts that.
    var activity: [TrustActivity] = []

    init(service: String, area: String? = nil) {
        self.service = service
        self.area = area
    }

    /// Adds what a key's outbox received during one ingest (roll-ups copy the national outbox's
    /// news of their keys): effects, late events and the key's first day.
    mutating func add(effects: ArraySlice<StatisticsEffect>, lateEvents: Int64, keyFirstDay: Int32?) {
        self.effects.append(contentsOf: effects)
        self.lateEvents += lateEvents
        if let day = keyFirstDay { noteAccepted(day: day) }
    }

    @inline(__always)
    mutating func noteAccepted(day: Int32) {
        if let f = firstDay, f <= day { return }
        firstDay = day
        firstDayChanged = true
    }

    /// Where a key's latest entry in ``activity`` was put (kept by the key; not part of any
    /// snapshot: a restored key starts with none).
    struct ActivityEntry: Sendable {
        var index: Int32 = -1
    }

    /// Notes one accepted event of a key (whose latest entry is `entry`): raises the time of the
    /// entry at that index when it is for the same trust and day, or appends a new entry. No
    /// other check is needed: an index left from an earlier list (taken by ``takeSection()``)
    /// either points past the end or at an entry for another (trust, day), and then a new entry
    /// is appended; or at one for the same trust and day, which is the one to raise (entries are
    /// merged by trust and day in any case).
    @inline(__always)
    mutating func noteActivity(_ a: TrustActivity, entry: inout ActivityEntry) {
        let i = Int(entry.index)
        if i >= 0, i < activity.count, activity[i].day == a.day, activity[i].trust == a.trust {
            if a.at > activity[i].at { activity[i].at = a.at }
            return
        }
        entry.index = Int32(activity.count)
        activity.append(a)
    }

    /// Whether there is anything to send.
    var hasNews: Bool { !effects.isEmpty || firstDayChanged || lateEvents != 0 || !activity.isEmpty }

    /// The section to send, and a reset outbox (keeping the effects buffer's capacity).
    mutating func takeSection() -> AllContribution.Section {
        let section = AllContribution.Section(
            service: service, area: area, firstDay: firstDay.map { CivilDay(daysSinceEpoch: $0) }, lateEvents: lateEvents,
            effects: StatisticsEffect.coalesce(effects), activity: TrustActivity.coalesce(activity))
        effects.removeAll(keepingCapacity: true)
        activity.removeAll(keepingCapacity: true)
        firstDayChanged = false
        lateEvents = 0
        return section
    }
}

// MARK: State snapshot

extension ServiceOutbox {
    /// `service:string effects (coalesced: what ``takeSection()`` sends is the same)
    /// firstDay:optional firstDayChanged:u8 lateEvents:svar activityCount:uvar` then per activity
    /// (coalesced) `trust:string day:svar at:svar`.
    func writeSnapshot(to w: inout ByteWriter) {
        w.string(service)
        StatisticsEffect.writeSnapshot(StatisticsEffect.coalesce(effects), to: &w)
        w.optionalSvar(firstDay.map(Int64.init))
        w.byte(firstDayChanged ? 1 : 0)
        w.svar(lateEvents)
        TrustActivity.writeSnapshot(TrustActivity.coalesce(activity), to: &w)
    }

    /// Reads what ``writeSnapshot(to:)`` wrote (the area is written before it, by the engine).
    init(snapshot r: inout ByteReader, area: String? = nil) throws(BinaryDecodingError) {
        self.init(service: try r.string("outbox service"), area: area)
        effects = try StatisticsEffect.readSnapshot(&r)
        firstDay = try r.optionalSvar32("outbox firstDay")
        switch try r.byte() {
        case 0: firstDayChanged = false
        case 1: firstDayChanged = true
        default: throw .invalid("outbox firstDayChanged")
        }
        lateEvents = try r.svar()
        activity = try TrustActivity.readSnapshot(&r, "outbox activity")
    }
}
