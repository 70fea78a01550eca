/// What one partition adds to the national `ALL` records since its previous contribution, and
/// its progress: "this partition is complete through ``throughDay``".
///
/// ## Design
/// A national state is the sum of every key's statistics effects (``StatisticsEffect``): +1 in
/// the waiting histogram at the received day, −1 when the wait ends, completed-wait lengths on
/// their clock-stop day, per-day counts. Effects are additive and commute, so contributions
/// merge exactly: the ``AllAggregator`` applies every effect with effective day `<= D` before it
/// publishes `ALL` for D, and applies an effect dated on or before a day it has already
/// published to its current state (a late correction, exactly as a key does). A contribution
/// carries, per service with news, the effects accepted since the previous contribution
/// (coalesced: one entry per (kind, day, received day) with a count — deltas, not histograms),
/// the service's first day on the partition (the `ALL` key starts at the minimum) and the number
/// of events late for the national record (dated on or before a day the partition had already
/// reported complete; the `ALL` record's `lateEvents` is their running total over partitions).
///
/// ## Ordering and idempotence
/// ``sequence`` increases by one per contribution of a partition (starting at 1). The aggregator
/// applies a partition's contributions in sequence order and ignores any sequence it has already
/// applied, so a redelivered or replayed message (after a consumer restart) changes nothing.
/// Publish a partition's contributions in order to one partition of the internal topic (key =
/// source partition). A gap (a missing sequence) is applied but reported. A partition engine that
/// restarts from scratch must also restart its sequence from a checkpoint (or the aggregator must be
/// rebuilt with it); the engine keeps no durable state of its own.
///
/// ## Encoding
/// ``encoded()`` gives a compact binary form with a version byte (see ``currentVersion``);
/// ``init(decoding:)`` reads it back. Layout (varints are LEB128; `s` = zig-zag signed):
/// `version:u8 partition:uvar sequence:uvar throughDay:svar sectionCount:uvar` then per section
/// `serviceLength:uvar service:utf8 hasFirstDay:u8 [firstDay:svar] lateEvents:uvar effectCount:uvar`
/// then per effect, sorted by (day, kind, received day):
/// `dayDelta:uvar (from the previous effect's day; the first from throughDay, signed: svar)
/// kind:u8 day−receivedDay:uvar count:uvar`. A typical effect takes 4 bytes. Version 2 adds,
/// after each section's effects, `activityCount:uvar` and per activity, sorted by (trust, day),
/// `trust:string day−throughDay:svar at:svar` (the feeds' freshness). Version 3 (a contribution
/// with roll-up sections) also adds `areaLength:uvar area:utf8` after each service (length 0 for
/// the national section). Versions 1 (neither) and 2 are still read.
///
/// Thread-safety: a plain value.
public struct AllContribution: Sendable, Hashable {
    /// The encoding version written by ``encoded()`` when no section is a roll-up's.
    public static let currentVersion: UInt8 = 2
    /// The encoding version written when a section is a roll-up's: each section's service is
    /// followed by `areaLength:uvar area:utf8` (length 0 for the national section).
    public static let rollupVersion: UInt8 = 3

    /// One service's news in a contribution.
    public struct Section: Sendable, Hashable {
        /// Service code.
        public var service: String
        /// The roll-up this section is for (`ICB:{code}` or `REGION:{code}`, see
        /// ``OrganisationRollups``), or nil for the national (`ALL`) section.
        public var area: String?
        /// The earliest accepted event date of the service's keys on the partition so far.
        public var firstDay: CivilDay?
        /// Events of the service accepted since the previous contribution and dated on or before a
        /// day the partition had already reported complete.
        public var lateEvents: Int64
        /// Effects accepted since the previous contribution, coalesced and sorted by (day, kind,
        /// received day).
        public var effects: [StatisticsEffect]
        /// The trusts whose feeds sent accepted events since the previous contribution: per
        /// (trust, day), the newest `occurredAt` (coalesced, sorted by trust then day).
        public var activity: [TrustActivity]

        /// Creates a section.
        public init(
            service: String, area: String? = nil, firstDay: CivilDay?, lateEvents: Int64, effects: [StatisticsEffect],
            activity: [TrustActivity] = []
        ) {
            self.service = service
            self.area = area
            self.firstDay = firstDay
            self.lateEvents = lateEvents
            self.effects = effects
            self.activity = activity
        }
    }

    /// The source input partition.
    public var partition: Int
    /// Per-partition sequence number, 1, 2, 3 ...
    public var sequence: UInt64
    /// The partition has published every key's records through this day.
    public var throughDay: CivilDay
    /// Services with news (absent services have none).
    public var sections: [Section]

    /// Creates a contribution.
    public init(partition: Int, sequence: UInt64, throughDay: CivilDay, sections: [Section]) {
        self.partition = partition
        self.sequence = sequence
        self.throughDay = throughDay
        self.sections = sections
    }
}

extension AllContribution {
    /// The binary encoding (see the type's documentation).
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        let withAreas = sections.contains { $0.area != nil }
        w.byte(withAreas ? Self.rollupVersion : Self.currentVersion)
        w.uvar(UInt64(max(0, partition)))
        w.uvar(sequence)
        w.svar(Int64(throughDay.daysSinceEpoch))
        w.uvar(UInt64(sections.count))
        for s in sections {
            let name = Array(s.service.utf8)
            w.uvar(UInt64(name.count))
            w.bytes(name)
            if withAreas {
                let area = Array((s.area ?? "").utf8)
                w.uvar(UInt64(area.count))
                w.bytes(area)
            }
            if let f = s.firstDay {
                w.byte(1)
                w.svar(Int64(f.daysSinceEpoch))
            } else {
                w.byte(0)
            }
            w.uvar(UInt64(max(0, s.lateEvents)))
            let effects = s.effects.sorted(by: StatisticsEffect.canonicalOrder)
            w.uvar(UInt64(effects.count))
            var previous: Int32? = nil
            for e in effects {
                if let p = previous {
                    w.uvar(UInt64(Int64(e.day) - Int64(p)))
                } else {
                    w.svar(Int64(e.day) - Int64(throughDay.daysSinceEpoch))
                }
                previous = e.day
                w.byte(e.kind.rawValue)
                w.uvar(UInt64(max(0, Int64(e.day) - Int64(e.receivedDay))))
                w.uvar(UInt64(max(0, e.count)))
            }
            let activity = TrustActivity.coalesce(s.activity)
            w.uvar(UInt64(activity.count))
            for a in activity {
                w.string(a.trust)
                w.svar(Int64(a.day) - Int64(throughDay.daysSinceEpoch))
                w.svar(a.at)
            }
        }
        return w.out
    }

    /// Reads a contribution written by ``encoded()``.
    public init(decoding bytes: [UInt8]) throws(BinaryDecodingError) {
        var r = ByteReader(bytes)
        let version = try r.byte()
        guard (1...Self.rollupVersion).contains(version) else { throw .unsupportedVersion(version) }
        let partition = try r.uvar()
        guard partition <= UInt64(Int32.max) else { throw .invalid("partition") }
        let sequence = try r.uvar()
        let through = try r.day("throughDay")
        let sectionCount = try r.uvar()
        guard sectionCount <= UInt64(r.remaining) else { throw .invalid("section count") }
        var sections: [Section] = []
        sections.reserveCapacity(Int(sectionCount))
        for _ in 0..<sectionCount {
            let nameLength = try r.uvar()
            guard nameLength <= 256 else { throw .invalid("service name length") }
            let name = try r.bytes(Int(nameLength))
            guard let service = String(validating: name, as: UTF8.self) else { throw .invalid("service name") }
            var area: String?
            if version == Self.rollupVersion {
                let areaLength = try r.uvar()
                guard areaLength <= 256 else { throw .invalid("roll-up name length") }
                if areaLength > 0 {
                    guard let text = String(validating: try r.bytes(Int(areaLength)), as: UTF8.self) else {
                        throw .invalid("roll-up name")
                    }
                    area = text
                }
            }
            let hasFirst = try r.byte()
            guard hasFirst <= 1 else { throw .invalid("firstDay flag") }
            let firstDay = hasFirst == 1 ? try r.day("firstDay") : nil
            let late = try r.uvar()
            guard late <= UInt64(Int64.max) else { throw .invalid("lateEvents") }
            let count = try r.uvar()
            guard count <= UInt64(r.remaining) else { throw .invalid("effect count") }
            var effects: [StatisticsEffect] = []
            effects.reserveCapacity(Int(count))
            var previous: Int64? = nil
            for _ in 0..<count {
                let day: Int64
                if let p = previous {
                    day = p + Int64(try r.uvarBounded(UInt64(UInt32.max), "day delta"))
                } else {
                    let (first, overflow) = Int64(through.daysSinceEpoch).addingReportingOverflow(try r.svar())
                    guard !overflow else { throw .invalid("effect day") }
                    day = first
                }
                guard let d32 = Int32(exactly: day) else { throw .invalid("effect day") }
                previous = day
                guard let kind = StatisticsEffect.Kind(rawValue: try r.byte()) else { throw .invalid("effect kind") }
                let back = Int64(try r.uvarBounded(UInt64(UInt32.max), "received day"))
                guard let received = Int32(exactly: day - back) else { throw .invalid("received day") }
                let n = try r.uvarBounded(UInt64(Int32.max), "effect count")
                guard n >= 1 else { throw .invalid("effect count") }
                let effect = StatisticsEffect(kind: kind, day: d32, receivedDay: received, count: Int32(n))
                // ``encoded()`` writes effects in canonical order: anything else is not its output.
                if let last = effects.last, StatisticsEffect.canonicalOrder(effect, last) { throw .invalid("effect order") }
                effects.append(effect)
            }
            var activity: [TrustActivity] = []
            if version >= 2 {
                let n = try r.uvar()
                guard n <= UInt64(r.remaining) else { throw .invalid("activity count") }
                activity.reserveCapacity(Int(n))
                for _ in 0..<n {
                    let trust = try r.string("activity trust")
                    let (day, overflow) = Int64(through.daysSinceEpoch).addingReportingOverflow(try r.svar())
                    guard !overflow, let d32 = Int32(exactly: day) else { throw .invalid("activity day") }
                    let a = TrustActivity(trust: trust, day: d32, at: try r.svar())
                    // ``encoded()`` writes one entry per (trust, day) in canonical order.
                    if let last = activity.last, !TrustActivity.canonicalOrder(last, a) { throw .invalid("activity order") }
                    activity.append(a)
                }
            }
            sections.append(
                Section(service: service, area: area, firstDay: firstDay, lateEvents: Int64(late), effects: effects, activity: activity))
        }
        guard r.remaining == 0 else { throw .trailingBytes(r.remaining) }
        self.init(partition: Int(partition), sequence: sequence, throughDay: through, sections: sections)
    }
}
