/// When the feeds of a key (one trust) or of a national service (every trust) last sent an
/// accepted event, as of the census day reached: the source of a record's `lastEventAt`,
/// `trustsReporting` and `feedSilent` (SPEC section 2, "Feed freshness").
///
/// Like the statistics, it follows event time: an accepted event dated after the current census
/// day waits in `pending` until ``advance(to:)`` reaches its day, so the record of day D reflects
/// exactly the accepted events dated on or before D (whatever was read beyond D when the record
/// was computed); one dated on or before the current day (late) is applied at once. Applying is a
/// maximum per trust, so it commutes: partitions' activity merges exactly into the national state.
struct FeedFreshness: Sendable {
    /// The newest accepted event of a trust: its `occurredAt` (microseconds) and London date.
    struct Latest: Sendable, Hashable {
        var at: Int64
        var day: Int32
    }

    /// Per trust, the newest event applied (dated on or before the current day).
    private(set) var latest: [String: Latest] = [:]
    /// The newest over every trust.
    private(set) var newest: Latest?
    /// Activity dated after the current day, by day, except the newest entry...
    private var pending = DayQueue<TrustActivity>()
    /// ... which waits here, merged with the next ones while they are for the same trust and day.
    private var staged: TrustActivity?

    init() {}

    /// Notes an accepted event; `current` is the state's current census day (nil before its first).
    @inline(__always)
    mutating func note(_ a: TrustActivity, current: Int32?) {
        if let cur = current, a.day <= cur {
            apply(a)
            return
        }
        if let s = staged, s.day == a.day, s.trust == a.trust {
            if a.at > s.at { staged?.at = a.at }
        } else {
            if let s = staged { pending.insert(s) }
            staged = a
        }
    }

    /// Moves to census day `day`: applies the pending activity dated on or before it.
    mutating func advance(to day: Int32) {
        if let s = staged, s.day <= day {
            apply(s)
            staged = nil
        }
        while let a = pending.popFirst(through: day) { apply(a) }
    }

    private mutating func apply(_ a: TrustActivity) {
        if latest[a.trust].map({ a.at > $0.at }) ?? true { latest[a.trust] = Latest(at: a.at, day: a.day) }
        if newest.map({ a.at > $0.at }) ?? true { newest = Latest(at: a.at, day: a.day) }
    }

    /// The trusts whose newest applied event is dated in the `days` days ending with `day`.
    func trustsReporting(through day: Int32, days: Int) -> Int {
        let from = Int64(day) - Int64(days) + 1
        var n = 0
        for l in latest.values where Int64(l.day) >= from { n += 1 }
        return n
    }

    /// The freshness fields of the record of census day `day`.
    func fields(day: Int32, configuration c: EngineConfiguration) -> (lastEventAt: Timestamp?, trustsReporting: Int, feedSilent: Bool) {
        let silent = newest.map { Int64(day) - Int64($0.day) >= Int64(c.feedSilentAfterDays) } ?? false
        return (
            newest.map { Timestamp(microsecondsSinceEpoch: $0.at) }, trustsReporting(through: day, days: c.trustsReportingDays), silent
        )
    }
}

// MARK: State snapshot

extension FeedFreshness {
    /// `latestCount:uvar` then per trust (sorted) `trust:string at:svar day:svar`, then
    /// `pendingCount:uvar` and per entry `trust:string day:svar at:svar`, coalesced and sorted by
    /// trust then day (snapshots that listed them in arrival order read the same).
    func writeSnapshot(to w: inout ByteWriter) {
        w.uvar(UInt64(latest.count))
        for trust in latest.keys.sorted() {
            guard let l = latest[trust] else { continue }
            w.string(trust)
            w.svar(l.at)
            w.svar(Int64(l.day))
        }
        TrustActivity.writeSnapshot(TrustActivity.coalesce(pending.unordered + (staged.map { [$0] } ?? [])), to: &w)
    }

    /// Reads what ``writeSnapshot(to:)`` wrote.
    init(snapshot r: inout ByteReader) throws(BinaryDecodingError) {
        self.init()
        let n = try r.count("freshness trust count")
        for _ in 0..<n {
            let trust = try r.string("freshness trust")
            let at = try r.svar()
            let day = try r.svar32("freshness day")
            guard latest[trust] == nil else { throw .invalid("repeated freshness trust") }
            apply(TrustActivity(trust: trust, day: day, at: at))
        }
        pending = DayQueue(try TrustActivity.readSnapshot(&r, "freshness pending"))
    }
}
