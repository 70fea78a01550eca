import WaitwatchCore

/// The records of one (trust, service) laid out day by day over a period, for charts: one
/// slot per day, nil where the key has no record (before its first day, or a gap).
public struct StatsSeries: Sendable, Hashable {
    /// Organisation code, or `ALL`.
    public var trust: String
    /// Service code.
    public var service: String
    /// The days of the slots.
    public var period: ClosedRange<CivilDay>
    /// One record (or nil) per day of ``period``.
    public var slots: [WaitStatsRecord?]

    /// The series of `trust`/`service` among `records` (other keys and days outside `period` are ignored).
    public init(trust: String, service: String, period: ClosedRange<CivilDay>, records: [WaitStatsRecord]) {
        self.trust = trust
        self.service = service
        self.period = period
        var slots = [WaitStatsRecord?](repeating: nil, count: Int(period.lowerBound.distance(to: period.upperBound)) + 1)
        for r in records where r.trust == trust && r.service == service && period.contains(r.asOf) {
            slots[Int(period.lowerBound.distance(to: r.asOf))] = r
        }
        self.slots = slots
    }

    /// One value per day from each record present.
    public func values(_ metric: (WaitStatsRecord) -> Int?) -> [Int?] {
        slots.map { $0.flatMap(metric) }
    }

    /// The latest record of the period, if any.
    public var last: WaitStatsRecord? { slots.last { $0 != nil } ?? nil }

    /// Every series among `records`, grouped by service: the national series and the
    /// organisations' series (sorted by code) for each service, services sorted by code.
    public static func all(
        _ records: [WaitStatsRecord], period: ClosedRange<CivilDay>
    ) -> [(service: String, national: StatsSeries?, trusts: [StatsSeries])] {
        var byService: [String: [String: [WaitStatsRecord]]] = [:]
        for r in records where period.contains(r.asOf) { byService[r.service, default: [:]][r.trust, default: []].append(r) }
        return byService.keys.sorted().map { service in
            let trusts = byService[service] ?? [:]
            let national = trusts["ALL"].map { StatsSeries(trust: "ALL", service: service, period: period, records: $0) }
            let organisations = trusts.keys.filter { $0 != "ALL" }.sorted().map {
                StatsSeries(trust: $0, service: service, period: period, records: trusts[$0] ?? [])
            }
            return (service, national, organisations)
        }
    }
}
