/// Computes the national `ALL` records (SPEC section 2: the statistics over the union of every
/// trust's referrals for a service) from the ``AllContribution``s of every input partition.
///
/// It keeps, per service, the same statistics state a key has, fed with the sum of the
/// partitions' effects. `ALL` for day D is published once every partition `0..<partitionCount`
/// has reported "complete through D" (a contribution's ``AllContribution/throughDay``); then its
/// state holds every effect with effective day `<= D` that any partition had accepted by the time
/// it completed D. Effects arriving dated on or before an `ALL` day already published are applied
/// to the current state (late corrections, visible in every later record).
///
/// Contributions of one partition are applied in ``AllContribution/sequence`` order; a sequence
/// already applied is ignored (idempotent redelivery). The `ALL` key of a service starts at the
/// earliest first day reported for it and continues through the last complete day.
/// `lateEvents` of an `ALL` record is the running total of events that partitions accepted for
/// the service after reporting their day complete (for keys that had published, these are
/// exactly their late events).
///
/// Roll-ups (``EngineConfiguration/rollups``): sections naming an ICB or region (`ICB:{code}`,
/// `REGION:{code}`) feed one more state per (roll-up, service), merged and published exactly as
/// `ALL` is (the same effects, restricted to the roll-up's organisations, gated by the same
/// progress), with the roll-up's name as the records' `trust`.
///
/// Thread-safety: a value type; own one per process that publishes `ALL` records.
public struct AllAggregator: Sendable {
    /// What ``receive(_:)`` did with a contribution.
    public enum Outcome: Sendable, Hashable {
        /// Applied (the next sequence of its partition).
        case applied
        /// Applied, but `missing` earlier sequences of its partition were never received.
        case appliedAfterGap(missing: UInt64)
        /// A sequence already applied: ignored.
        case duplicate
        /// Ahead of the next expected sequence of its partition (the messages arrived out of
        /// order): held, and applied once the missing ones arrive, or by ``applyHeld()``.
        case held
        /// The partition is not below ``partitionCount``: ignored (grow it first).
        case unknownPartition
    }

    /// The result of ``receive(_:)``.
    public struct Receipt: Sendable {
        /// What was done with the contribution.
        public var outcome: Outcome
        /// `ALL` records that became complete, per service in catalogue order, each in `asOf` order;
        /// then roll-up records, per (service, roll-up), each in `asOf` order.
        public var records: [WaitStatsRecord]
        /// Sections ignored because their service is not in the catalogue.
        public var unknownServices: [String]
    }

    private struct Progress: Sendable {
        var lastSequence: UInt64 = 0
        var completeThrough: CivilDay?
        /// Contributions received ahead of a missing sequence, by sequence.
        var held: [UInt64: AllContribution] = [:]
    }

    /// Number of contributions held behind a missing sequence.
    public var heldCount: Int { progress.reduce(0) { $0 + $1.held.count } }

    /// Applies every held contribution in sequence order despite the gaps before them (when the
    /// input is over and the missing ones will not come) and reports how many were missing.
    public mutating func applyHeld() -> (records: [WaitStatsRecord], missing: UInt64) {
        var records: [WaitStatsRecord] = []
        var missing: UInt64 = 0
        for p in progress.indices {
            for sequence in progress[p].held.keys.sorted() {
                guard let c = progress[p].held.removeValue(forKey: sequence) else { continue }
                missing += sequence - progress[p].lastSequence - 1
                records += apply(c, partition: p).records
            }
        }
        return (records, missing)
    }

    /// The settings (catalogue, window) — the same as the partitions'.
    public let configuration: EngineConfiguration
    /// The last day for which `ALL` records have been published, or nil.
    public private(set) var completeThrough: CivilDay?
    private var progress: [Progress]
    /// One state per catalogue service (a service never reported has no first day and
    /// publishes nothing).
    private var services: [DailyStatistics]
    /// Per catalogue service, when each trust's feed last sent an accepted event.
    private var freshness: [FeedFreshness]

    /// A roll-up's state: (`ICB:{code}` or `REGION:{code}`, catalogue index of the service).
    private struct AreaKey: Hashable, Comparable {
        var area: String
        var service: Int

        static func < (a: AreaKey, b: AreaKey) -> Bool { (a.service, a.area) < (b.service, b.area) }
    }
    /// Roll-up states, created by the first section naming them.
    private var areas: [AreaKey: DailyStatistics] = [:]
    /// Roll-ups' feed freshness: the activity of their organisations' feeds (from the national
    /// sections, through ``EngineConfiguration/rollups``).
    private var areaFreshness: [AreaKey: FeedFreshness] = [:]

    /// Creates an aggregator expecting contributions from partitions `0..<partitionCount`.
    public init(configuration: EngineConfiguration = EngineConfiguration(), partitionCount: Int) {
        self.configuration = configuration
        self.progress = [Progress](repeating: Progress(), count: max(0, partitionCount))
        self.services = [DailyStatistics](
            repeating: DailyStatistics(windowDays: max(1, configuration.windowDays)),
            count: configuration.catalogue.services.count)
        self.freshness = [FeedFreshness](repeating: FeedFreshness(), count: configuration.catalogue.services.count)
    }

    /// The number of partitions whose progress gates publication.
    public var partitionCount: Int { progress.count }

    /// How far partition `p` has reported being complete, or nil.
    public func completeThrough(partition p: Int) -> CivilDay? {
        progress.indices.contains(p) ? progress[p].completeThrough : nil
    }

    /// Grows the number of partitions (a topic's partition count can only grow). New partitions
    /// hold back publication until they report progress. Smaller values are ignored.
    public mutating func setPartitionCount(_ count: Int) {
        if count > progress.count {
            progress.append(contentsOf: [Progress](repeating: Progress(), count: count - progress.count))
        }
    }

    /// Applies a partition's contribution and returns the `ALL` records that are now complete.
    public mutating func receive(_ contribution: AllContribution) -> Receipt {
        let p = contribution.partition
        guard progress.indices.contains(p) else {
            return Receipt(outcome: .unknownPartition, records: [], unknownServices: [])
        }
        guard contribution.sequence > progress[p].lastSequence else {
            return Receipt(outcome: .duplicate, records: [], unknownServices: [])
        }
        if contribution.sequence > progress[p].lastSequence + 1 {
            // Never apply past a gap: the missing contribution may still arrive.
            progress[p].held[contribution.sequence] = contribution
            return Receipt(outcome: .held, records: [], unknownServices: [])
        }
        var receipt = apply(contribution, partition: p)
        while let next = progress[p].held.removeValue(forKey: progress[p].lastSequence + 1) {
            let more = apply(next, partition: p)
            receipt.records += more.records
            receipt.unknownServices += more.unknownServices
        }
        return receipt
    }

    private mutating func apply(_ contribution: AllContribution, partition p: Int) -> Receipt {
        let missing = contribution.sequence - progress[p].lastSequence - 1
        progress[p].lastSequence = contribution.sequence
        var unknown: [String] = []
        for section in contribution.sections {
            guard let index = serviceIndex(section.service) else {
                unknown.append(section.service)
                continue
            }
            if let area = section.area {
                let w = max(1, configuration.windowDays)
                Self.absorb(section, into: &areas[AreaKey(area: area, service: index), default: DailyStatistics(windowDays: w)])
            } else {
                Self.absorb(section, into: &services[index])
            }
            for a in section.activity {
                services[index].noteAccepted(day: a.day)
                freshness[index].note(a, current: services[index].currentDay)
                for area in configuration.rollups.areas(of: a.trust) {
                    let key = AreaKey(area: area, service: index)
                    areaFreshness[key, default: FeedFreshness()].note(a, current: areas[key]?.currentDay)
                }
            }
        }
        if progress[p].completeThrough.map({ contribution.throughDay > $0 }) ?? true {
            progress[p].completeThrough = contribution.throughDay
        }
        return Receipt(
            outcome: missing == 0 ? .applied : .appliedAfterGap(missing: missing), records: publishComplete(),
            unknownServices: unknown)
    }

    private static func absorb(_ section: AllContribution.Section, into state: inout DailyStatistics) {
        if let f = section.firstDay { state.noteAccepted(day: f.daysSinceEpoch) }
        state.lateEvents += section.lateEvents
        for e in section.effects {
            state.noteAccepted(day: e.day)
            state.add(e)
        }
    }

    private func serviceIndex(_ code: String) -> Int? {
        configuration.catalogue.services.firstIndex { $0.code == code }
    }

    /// Publishes every day through the minimum progress of all partitions.
    private mutating func publishComplete() -> [WaitStatsRecord] {
        var minimum: CivilDay?
        for p in progress {
            guard let c = p.completeThrough else { return [] }
            if minimum.map({ c < $0 }) ?? true { minimum = c }
        }
        guard let last = minimum else { return [] }
        if let done = completeThrough, last <= done { return [] }
        completeThrough = last
        var records: [WaitStatsRecord] = []
        let w = max(1, configuration.windowDays)
        for i in services.indices {
            let definition = configuration.catalogue.services[i]
            while let next = services[i].nextDay, next <= last.daysSinceEpoch {
                services[i].advanceDay()
                freshness[i].advance(to: next)
                var record = WaitStatsRecord(
                    trust: "ALL", service: definition.code, asOf: CivilDay(daysSinceEpoch: next), windowDays: w,
                    targetDays: definition.targetDays, standardPct: definition.standardPct,
                    summary: services[i].summary(targetDays: definition.targetDays))
                (record.lastEventAt, record.trustsReporting, record.feedSilent) = freshness[i].fields(
                    day: next, configuration: configuration)
                records.append(record)
            }
        }
        for key in areas.keys.sorted() {
            guard var state = areas.removeValue(forKey: key) else { continue }
            let definition = configuration.catalogue.services[key.service]
            var fresh = areaFreshness.removeValue(forKey: key) ?? FeedFreshness()
            while let next = state.nextDay, next <= last.daysSinceEpoch {
                state.advanceDay()
                fresh.advance(to: next)
                var record = WaitStatsRecord(
                    trust: key.area, service: definition.code, asOf: CivilDay(daysSinceEpoch: next), windowDays: w,
                    targetDays: definition.targetDays, standardPct: definition.standardPct,
                    summary: state.summary(targetDays: definition.targetDays))
                (record.lastEventAt, record.trustsReporting, record.feedSilent) = fresh.fields(day: next, configuration: configuration)
                records.append(record)
            }
            areas[key] = state
            areaFreshness[key] = fresh
        }
        return records
    }
}

// MARK: State snapshot (see StateSnapshot.swift for the format)

extension AllAggregator {
    /// The aggregator's state after the snapshot header: completeThrough, per partition its
    /// progress (held contributions in sequence order, in their wire encoding), per catalogue
    /// service its statistics, then per catalogue service its feed freshness; then, only when there
    /// are roll-ups, `count:uvar` and per roll-up state (sorted) `area:string service:string` and its
    /// statistics, then `count:uvar` and per roll-up freshness (sorted) `area:string service:string`
    /// and its feed freshness.
    func writeSnapshot(to w: inout ByteWriter) {
        w.optionalSvar(completeThrough.map { Int64($0.daysSinceEpoch) })
        w.uvar(UInt64(progress.count))
        for p in progress {
            w.uvar(p.lastSequence)
            w.optionalSvar(p.completeThrough.map { Int64($0.daysSinceEpoch) })
            w.uvar(UInt64(p.held.count))
            for sequence in p.held.keys.sorted() {
                guard let c = p.held[sequence] else { continue }
                w.uvar(sequence)
                let bytes = c.encoded()
                w.uvar(UInt64(bytes.count))
                w.bytes(bytes)
            }
        }
        w.uvar(UInt64(services.count))
        for s in services { s.writeSnapshot(to: &w) }
        for f in freshness { f.writeSnapshot(to: &w) }
        if !areas.isEmpty || !areaFreshness.isEmpty {
            w.uvar(UInt64(areas.count))
            for key in areas.keys.sorted() {
                guard let state = areas[key] else { continue }
                w.string(key.area)
                w.string(configuration.catalogue.services[key.service].code)
                state.writeSnapshot(to: &w)
            }
            w.uvar(UInt64(areaFreshness.count))
            for key in areaFreshness.keys.sorted() {
                guard let fresh = areaFreshness[key] else { continue }
                w.string(key.area)
                w.string(configuration.catalogue.services[key.service].code)
                fresh.writeSnapshot(to: &w)
            }
        }
    }

    /// Reads what ``writeSnapshot(to:)`` wrote into a new aggregator.
    mutating func readSnapshot(_ r: inout ByteReader) throws(BinaryDecodingError) {
        completeThrough = try r.optionalSvar32("completeThrough").map { CivilDay(daysSinceEpoch: $0) }
        let partitions = try r.count("partition count")
        var progress: [Progress] = []
        progress.reserveCapacity(partitions)
        for p in 0..<partitions {
            var item = Progress()
            item.lastSequence = try r.uvar()
            item.completeThrough = try r.optionalSvar32("partition completeThrough").map { CivilDay(daysSinceEpoch: $0) }
            let heldCount = try r.count("held contribution count")
            for _ in 0..<heldCount {
                let sequence = try r.uvar()
                let length = try r.count("held contribution length")
                let c = try AllContribution(decoding: Array(try r.bytes(length)))
                guard c.sequence == sequence, c.partition == p, sequence > item.lastSequence, sequence - item.lastSequence > 1,
                    item.held.updateValue(c, forKey: sequence) == nil
                else { throw .invalid("held contribution") }
            }
            progress.append(item)
        }
        self.progress = progress
        guard try r.uvar() == UInt64(services.count) else { throw .invalid("service count") }
        let windowDays = max(1, configuration.windowDays)
        for i in services.indices {
            services[i] = try DailyStatistics(snapshot: &r, windowDays: windowDays)
        }
        for i in freshness.indices {
            freshness[i] = try FeedFreshness(snapshot: &r)
        }
        if r.remaining > 0 {
            let count = try r.count("roll-up count")
            for _ in 0..<count {
                let area = try r.string("roll-up area")
                guard let index = serviceIndex(try r.string("roll-up service")) else { throw .invalid("roll-up service") }
                let state = try DailyStatistics(snapshot: &r, windowDays: windowDays)
                guard areas.updateValue(state, forKey: AreaKey(area: area, service: index)) == nil else {
                    throw .invalid("repeated roll-up")
                }
            }
            let freshCount = try r.count("roll-up freshness count")
            for _ in 0..<freshCount {
                let area = try r.string("roll-up area")
                guard let index = serviceIndex(try r.string("roll-up service")) else { throw .invalid("roll-up service") }
                let fresh = try FeedFreshness(snapshot: &r)
                guard areaFreshness.updateValue(fresh, forKey: AreaKey(area: area, service: index)) == nil else {
                    throw .invalid("repeated roll-up freshness")
                }
            }
        }
    }
}
