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
    /// national feed freshness (coalesced with the previous entry for the same trust and day).
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

    @inline(__always)
    mutating func noteActivity(_ a: TrustActivity) {
        if let last = activity.last, last.day == a.day, last.trust == a.trust {
            if a.at > last.at { activity[activity.count - 1].at = a.at }
        } else {
            activity.append(a)
        }
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
