/// The rolling window of the last `W` days of a statistics state: per-day counters and
/// completed-wait lengths for each day in the window, their running sums, and a histogram of
/// the completed-wait lengths in the window for percentile queries.
///
/// Slot `day mod W` holds `day`; when the window moves forward by one day the slot of the day
/// leaving it is subtracted and reused (its arrays keep their capacity, so a steady state does
/// not allocate).
struct WindowRing: Sendable {
    /// Counts of events on one day (or summed over the window).
    struct Counters: Sendable, Hashable {
        var received: Int64 = 0
        var dna: Int64 = 0
        var cancelledByProvider: Int64 = 0
        var cancelledByPatient: Int64 = 0
        var closed: Int64 = 0
    }

    private struct Slot: Sendable {
        var day: Int32 = .min
        var counters = Counters()
        /// (length in days, count) of completed waits whose clock stop is on `day`.
        var completions: [(length: Int32, count: Int32)] = []
    }

    /// `W`.
    let width: Int
    private var slots: [Slot]
    /// Counters summed over the days in the window.
    private(set) var sums = Counters()
    /// Completed-wait lengths in the window (bin = length in days).
    private(set) var completedLengths = DayHistogram()

    init(width: Int) {
        self.width = max(1, width)
        self.slots = [Slot](repeating: Slot(), count: self.width)
    }

    @inline(__always)
    private func slotIndex(_ day: Int32) -> Int {
        let w = Int32(width)
        return Int(((day % w) + w) % w)
    }

    /// Starts an empty window ending at `day`: every day of the window gets its slot, so a late
    /// effect dated before the state's first day still lands in a slot that will be cleared.
    mutating func start(at day: Int32) {
        for d in (day - Int32(width) + 1)...day {
            slots[slotIndex(d)].day = d
        }
    }

    /// Moves the window so that it ends at `newDay` (the next day after the previous end):
    /// the day `newDay − W` leaves.
    mutating func enter(_ newDay: Int32) {
        let i = slotIndex(newDay)
        if slots[i].day != .min && slots[i].day != newDay {
            let old = slots[i].counters
            sums.received -= old.received
            sums.dna -= old.dna
            sums.cancelledByProvider -= old.cancelledByProvider
            sums.cancelledByPatient -= old.cancelledByPatient
            sums.closed -= old.closed
            for c in slots[i].completions {
                completedLengths.add(c.length, -Int64(c.count))
            }
            slots[i].counters = Counters()
            slots[i].completions.removeAll(keepingCapacity: true)
        }
        slots[i].day = newDay
    }

    /// Applies the windowed part of an effect, given that the window currently ends at
    /// `current`. Effects dated before the window are ignored (they can never be in a later
    /// window either).
    mutating func apply(_ e: StatisticsEffect, current: Int32) {
        guard e.day <= current, Int64(e.day) > Int64(current) - Int64(width) else { return }
        let i = slotIndex(e.day)
        // Every day of the window owns its slot (see `start(at:)` and `enter(_:)`).
        guard slots[i].day == e.day else { return }
        let n = Int64(e.count)
        switch e.kind {
        case .received:
            slots[i].counters.received += n
            sums.received += n
        case .closed:
            slots[i].counters.closed += n
            sums.closed += n
        case .dna:
            slots[i].counters.dna += n
            sums.dna += n
        case .cancelledByProvider:
            slots[i].counters.cancelledByProvider += n
            sums.cancelledByProvider += n
        case .cancelledByPatient:
            slots[i].counters.cancelledByPatient += n
            sums.cancelledByPatient += n
        case .completed:
            let length = e.day - e.receivedDay
            slots[i].completions.append((length, e.count))
            completedLengths.add(length, n)
        case .leftList:
            break
        }
    }
}

// MARK: State snapshot

extension WindowRing {
    /// `width:uvar` then per slot `day:svar counters:5×svar completionCount:uvar
    /// (length:svar count:svar)*`, then the sums (5×svar) and the completed-lengths histogram.
    func writeSnapshot(to w: inout ByteWriter) {
        w.uvar(UInt64(width))
        for s in slots {
            w.svar(Int64(s.day))
            Self.write(s.counters, to: &w)
            w.uvar(UInt64(s.completions.count))
            for c in s.completions {
                w.svar(Int64(c.length))
                w.svar(Int64(c.count))
            }
        }
        Self.write(sums, to: &w)
        completedLengths.writeSnapshot(to: &w)
    }

    private static func write(_ c: Counters, to w: inout ByteWriter) {
        w.svar(c.received)
        w.svar(c.dna)
        w.svar(c.cancelledByProvider)
        w.svar(c.cancelledByPatient)
        w.svar(c.closed)
    }

    private static func readCounters(_ r: inout ByteReader) throws(BinaryDecodingError) -> Counters {
        Counters(
            received: try r.svar(), dna: try r.svar(), cancelledByProvider: try r.svar(),
            cancelledByPatient: try r.svar(), closed: try r.svar())
    }

    /// Reads what ``writeSnapshot(to:)`` wrote; the width must be `width`.
    init(snapshot r: inout ByteReader, width: Int) throws(BinaryDecodingError) {
        self.init(width: width)
        guard try r.uvar() == UInt64(self.width) else { throw .invalid("window width") }
        for i in slots.indices {
            slots[i].day = try r.svar32("window slot day")
            slots[i].counters = try Self.readCounters(&r)
            let n = try r.count("window completions")
            slots[i].completions.reserveCapacity(n)
            for _ in 0..<n {
                let length = try r.svar32("completion length")
                let count = try r.svar32("completion count")
                slots[i].completions.append((length, count))
            }
        }
        sums = try Self.readCounters(&r)
        completedLengths = try DayHistogram(snapshot: &r)
    }
}
