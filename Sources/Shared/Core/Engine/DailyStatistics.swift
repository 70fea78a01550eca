/// The statistics state of one (trust, service) key or of one national `ALL` service, advanced
/// one census day at a time: the histogram of waiting referrals by received day, the rolling
/// window, and the effects waiting for their day.
///
/// Invariant: once `currentDay` is set, the state reflects every effect added so far whose
/// effective day is `<= currentDay`; effects dated later sit in `pending` until
/// ``advanceDay()`` reaches their day. An effect dated on or before `currentDay` ("late") is
/// applied at once. Records are computed from this state by ``summary(targetDays:)``, whose cost
/// is O(log days) and does not depend on the number of waiting referrals.
struct DailyStatistics: Sendable {
    /// Waiting referrals by received day.
    private(set) var waiting = DayHistogram()
    /// The rolling window (counters and completed-wait lengths).
    private(set) var window: WindowRing
    /// Effects dated after `currentDay`, by day then arrival.
    private var pending = DayQueue<StatisticsEffect>()
    /// The last census day this state has been advanced to (the last published day), or nil.
    private(set) var currentDay: Int32?
    /// The date of the earliest accepted event (the first census day), or nil before any.
    private(set) var firstDay: Int32?
    /// Running total reported as `lateEvents`.
    var lateEvents: Int64 = 0

    init(windowDays: Int) {
        window = WindowRing(width: windowDays)
    }

    /// Whether there are effects waiting for a future day.
    var hasPending: Bool { !pending.isEmpty }

    /// Records that an accepted event is dated `day` (for the first census day).
    @inline(__always)
    mutating func noteAccepted(day: Int32) {
        if let f = firstDay, f <= day { return }
        firstDay = day
    }

    /// Adds an effect: applied now if its day has been reached (late), buffered otherwise.
    @inline(__always)
    mutating func add(_ e: StatisticsEffect) {
        if let cur = currentDay, e.day <= cur {
            apply(e, current: cur)
        } else {
            pending.insert(e)
        }
    }

    /// The next census day this state would publish: the day after `currentDay`, or the first
    /// day; nil when nothing has been accepted yet.
    var nextDay: Int32? {
        if let cur = currentDay { return cur + 1 }
        return firstDay
    }

    /// Moves to ``nextDay``: shifts the window and applies the effects of that day.
    /// Precondition: `nextDay != nil`.
    mutating func advanceDay() {
        guard let day = nextDay else { return }
        if currentDay == nil {
            window.start(at: day)
        } else {
            window.enter(day)
        }
        currentDay = day
        while let e = pending.popFirst(through: day) { apply(e, current: day) }
        if day & 63 == 0 { waiting.compact() }
    }

    private mutating func apply(_ e: StatisticsEffect, current: Int32) {
        let n = Int64(e.count)
        switch e.kind {
        case .received:
            waiting.add(e.receivedDay, n)
        case .completed, .leftList:
            waiting.add(e.receivedDay, -n)
        case .closed, .dna, .cancelledByProvider, .cancelledByPatient:
            break
        }
        window.apply(e, current: current)
    }

    /// The statistics for `currentDay` (SPEC section 2), without the key's identity.
    /// Precondition: `currentDay != nil`.
    func summary(targetDays: Int) -> StatisticsSummary {
        let d = Int64(currentDay ?? 0)
        let h = waiting
        func count(receivedThrough day: Int64) -> Int64 {
            if day < Int64(Int32.min) { return 0 }
            return h.prefix(through: Int32(clamping: day))
        }
        let n = count(receivedThrough: d)
        var w = WaitStatsRecord.Waiting()
        w.count = Int(n)
        if n > 0 {
            // Ascending waits are descending received days: the k-th smallest wait belongs to
            // the (n − k + 1)-th smallest received day.
            func wait(atRank k: Int64) -> Int {
                Int(d - Int64(h.lowerBound(n - k + 1)))
            }
            w.medianDays = wait(atRank: Percentile.rank(50, of: n))
            w.p90Days = wait(atRank: Percentile.rank(90, of: n))
            w.p92Days = wait(atRank: Percentile.rank(92, of: n))
            w.maxDays = wait(atRank: n)
            let t = Int64(targetDays)
            let within = n - count(receivedThrough: d - t - 1)
            w.withinTargetPctTenths = Int(Percentile.tenthsOfPercent(within, of: n))
            // "Over N weeks": wait > 7N  ⇔  received <= D − 7N − 1.
            w.over18Weeks = Int(count(receivedThrough: d - 18 * 7 - 1))
            w.over52Weeks = Int(count(receivedThrough: d - 52 * 7 - 1))
            w.over65Weeks = Int(count(receivedThrough: d - 65 * 7 - 1))
            w.over78Weeks = Int(count(receivedThrough: d - 78 * 7 - 1))
            w.over104Weeks = Int(count(receivedThrough: d - 104 * 7 - 1))
            // Bands by wait: 0–7, 8–14, 15–28, 29–84, 85–126, 127–364, 365+.
            let over7 = count(receivedThrough: d - 8)
            let over14 = count(receivedThrough: d - 15)
            let over28 = count(receivedThrough: d - 29)
            let over84 = count(receivedThrough: d - 85)
            let over126 = count(receivedThrough: d - 127)
            let over364 = count(receivedThrough: d - 365)
            w.bands = .init(
                upTo1Week: Int(n - over7), upTo2Weeks: Int(over7 - over14), upTo4Weeks: Int(over14 - over28),
                upTo12Weeks: Int(over28 - over84), upTo18Weeks: Int(over84 - over126),
                upTo52Weeks: Int(over126 - over364), over52Weeks: Int(over364))
            // targetDays − 28 < wait <= targetDays  ⇔  D − targetDays <= received <= D − max(0, targetDays − 27).
            let upper = count(receivedThrough: d - max(0, t - 27))
            let lower = count(receivedThrough: d - t - 1)
            w.breachDueWithin28Days = Int(max(0, upper - lower))
        }
        var c = WaitStatsRecord.Completed()
        let lengths = window.completedLengths
        let m = lengths.total
        c.count = Int(m)
        if m > 0 {
            c.medianDays = Int(lengths.lowerBound(Percentile.rank(50, of: m)))
            c.p92Days = Int(lengths.lowerBound(Percentile.rank(92, of: m)))
        }
        let s = window.sums
        return StatisticsSummary(
            waiting: w, completed: c, received: Int(s.received), dna: Int(s.dna),
            cancelledByProvider: Int(s.cancelledByProvider), cancelledByPatient: Int(s.cancelledByPatient),
            closed: Int(s.closed), lateEvents: Int(lateEvents))
    }
}

// MARK: State snapshot

extension DailyStatistics {
    /// The waiting histogram, the window, the pending effects in the order they will be applied
    /// (by day, then arrival; a snapshot that listed them in arrival order reads the same),
    /// `currentDay`, `firstDay` and `lateEvents`.
    func writeSnapshot(to w: inout ByteWriter) {
        waiting.writeSnapshot(to: &w)
        window.writeSnapshot(to: &w)
        StatisticsEffect.writeSnapshot(pending.inTakingOrder, to: &w)
        w.optionalSvar(currentDay.map(Int64.init))
        w.optionalSvar(firstDay.map(Int64.init))
        w.svar(lateEvents)
    }

    /// Reads what ``writeSnapshot(to:)`` wrote; the window must be `windowDays` wide.
    init(snapshot r: inout ByteReader, windowDays: Int) throws(BinaryDecodingError) {
        self.init(windowDays: windowDays)
        waiting = try DayHistogram(snapshot: &r)
        window = try WindowRing(snapshot: &r, width: windowDays)
        pending = DayQueue(try StatisticsEffect.readSnapshot(&r))
        currentDay = try r.optionalSvar32("currentDay")
        firstDay = try r.optionalSvar32("firstDay")
        lateEvents = try r.svar()
    }
}
