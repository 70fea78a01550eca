/// One change to the statistics of a (trust, service) or of a national `ALL` service, caused
/// by accepted events: the unit both the per-key state and the national contributions are
/// made of.
///
/// Every effect has an *effective day*: the London date from which it shows in records. A
/// record for day D reflects exactly the effects with effective day `<= D` known when it was
/// computed. Effects are additive and commute, so a national state is the sum of the
/// partitions' effects (see ``AllContribution``).
///
/// Thread-safety: a plain value.
public struct StatisticsEffect: Sendable, Hashable {
    /// What an effect changes.
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// A referral received on `day` starts waiting: +count in the waiting histogram at
        /// `day`, +count to `received` on `day`.
        case received = 1
        /// A wait completed on `day` (the clock-stop date) for a referral received on
        /// `receivedDay`: −count in the waiting histogram at `receivedDay`, and completed waits
        /// of `day − receivedDay` days on `day`.
        case completed = 2
        /// A referral received on `receivedDay` left the list without a completed wait
        /// (`referral.closed`); `day` is the later of the closure date and `receivedDay`:
        /// −count in the waiting histogram at `receivedDay`.
        case leftList = 3
        /// +count to `closed` on `day`.
        case closed = 4
        /// +count to `dna` on `day`.
        case dna = 5
        /// +count to `cancelledByProvider` on `day`.
        case cancelledByProvider = 6
        /// +count to `cancelledByPatient` on `day`.
        case cancelledByPatient = 7
    }

    /// What this effect changes.
    public var kind: Kind
    /// The effective London day (days since 1970-01-01).
    public var day: Int32
    /// The London date the referral was received (days since 1970-01-01); equal to `day` for
    /// kinds that do not involve a referral's receipt date.
    public var receivedDay: Int32
    /// How many times the effect applies (1 per event in a partition; summed in contributions).
    public var count: Int32

    /// Creates an effect. `receivedDay` defaults to `day`.
    public init(kind: Kind, day: Int32, receivedDay: Int32? = nil, count: Int32 = 1) {
        self.kind = kind
        self.day = day
        self.receivedDay = receivedDay ?? day
        self.count = count
    }

    /// Creates an effect from London dates. `receivedOn` defaults to `day`.
    public init(kind: Kind, on day: CivilDay, receivedOn: CivilDay? = nil, count: Int32 = 1) {
        self.init(kind: kind, day: day.daysSinceEpoch, receivedDay: receivedOn?.daysSinceEpoch, count: count)
    }

    /// Whether the two effects differ only in `count` (so they can be merged).
    @inline(__always)
    func sameTarget(as other: StatisticsEffect) -> Bool {
        kind == other.kind && day == other.day && receivedDay == other.receivedDay
    }

    /// Sort order used to coalesce and encode effects: by day, then kind, then received day.
    @inline(__always)
    static func canonicalOrder(_ a: StatisticsEffect, _ b: StatisticsEffect) -> Bool {
        if a.day != b.day { return a.day < b.day }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        return a.receivedDay < b.receivedDay
    }

    /// Sorts `effects` canonically and merges those with the same target, summing counts.
    static func coalesce(_ effects: [StatisticsEffect]) -> [StatisticsEffect] {
        if effects.isEmpty { return [] }
        let sorted = effects.sorted(by: canonicalOrder)
        var out: [StatisticsEffect] = []
        out.reserveCapacity(sorted.count)
        for e in sorted {
            if let last = out.last, last.sameTarget(as: e) {
                out[out.count - 1].count += e.count
            } else {
                out.append(e)
            }
        }
        return out
    }
}

// MARK: State snapshot

extension StatisticsEffect {
    /// `count:uvar` then per effect, in the given order, `kind:u8 dayDelta:svar (from the
    /// previous effect's day, the first from 0) day−receivedDay:svar count:svar`.
    static func writeSnapshot(_ effects: [StatisticsEffect], to w: inout ByteWriter) {
        w.uvar(UInt64(effects.count))
        var previous: Int64 = 0
        for e in effects {
            w.byte(e.kind.rawValue)
            w.svar(Int64(e.day) - previous)
            previous = Int64(e.day)
            w.svar(Int64(e.day) - Int64(e.receivedDay))
            w.svar(Int64(e.count))
        }
    }

    /// Reads what ``writeSnapshot(_:to:)`` wrote.
    static func readSnapshot(_ r: inout ByteReader) throws(BinaryDecodingError) -> [StatisticsEffect] {
        let n = try r.count("effect count")
        var effects: [StatisticsEffect] = []
        effects.reserveCapacity(n)
        var previous: Int64 = 0
        for _ in 0..<n {
            guard let kind = Kind(rawValue: try r.byte()) else { throw .invalid("effect kind") }
            let (day64, o1) = previous.addingReportingOverflow(try r.svar())
            guard !o1, let day = Int32(exactly: day64) else { throw .invalid("effect day") }
            previous = day64
            let (received64, o2) = day64.subtractingReportingOverflow(try r.svar())
            guard !o2, let received = Int32(exactly: received64) else { throw .invalid("effect received day") }
            let count = try r.svar32("effect count")
            effects.append(StatisticsEffect(kind: kind, day: day, receivedDay: received, count: count))
        }
        return effects
    }
}
