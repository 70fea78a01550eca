import WaitwatchCore

/// What an analyst asked for: organisations, services, a level and a period. Empty sets mean
/// "all". The period is resolved against the data once it has been read (``resolvedPeriod``),
/// because `--last 90d` counts back from the latest day the data has.
public struct StatsSelection: Sendable, Hashable {
    /// Organisation codes (empty: every organisation).
    public var trusts: Set<String>
    /// Service codes (empty: every service).
    public var services: Set<String>
    /// Levels to include (empty: both).
    public var levels: Set<StatsLevel>
    /// First day, inclusive.
    public var from: CivilDay?
    /// Last day, inclusive.
    public var to: CivilDay?
    /// The last N days of the data (ending with the latest day the selected records have), instead of `to`.
    public var lastDays: Int?

    /// A selection; every parameter defaults to "everything".
    public init(
        trusts: Set<String> = [], services: Set<String> = [], levels: Set<StatsLevel> = [],
        from: CivilDay? = nil, to: CivilDay? = nil, lastDays: Int? = nil
    ) {
        self.trusts = trusts
        self.services = services
        self.levels = levels
        self.from = from
        self.to = to
        self.lastDays = lastDays
    }

    /// Whether a key's organisation, service and level are selected (the period aside).
    /// A trust filter never drops the national records when the national level is asked for.
    public func admitsSeries(trust: String, service: String) -> Bool {
        if !services.isEmpty, !services.contains(service) { return false }
        let level = StatsLevel(trustCode: trust)
        if !levels.isEmpty, !levels.contains(level) { return false }
        if level == .trust, !trusts.isEmpty, !trusts.contains(trust) { return false }
        if level == .national, !trusts.isEmpty, levels.isEmpty { return false }
        return true
    }

    /// The first day a record may have and still be selected, once the latest day is known.
    public func earliestDay(latest: CivilDay) -> CivilDay? {
        if let lastDays {
            let start = (to ?? latest).advanced(by: Int32(1 - lastDays))
            return from.map { max($0, start) } ?? start
        }
        return from
    }

    /// The period to show, given the first and last day the selected series cover; nil bounds
    /// are filled from the data, and `lastDays` reaching before the data starts with the data.
    public func resolvedPeriod(first: CivilDay, last: CivilDay) -> ClosedRange<CivilDay> {
        let end = to ?? last
        let start = lastDays != nil && from == nil ? max(first, earliestDay(latest: end) ?? first) : (earliestDay(latest: end) ?? first)
        return start...max(start, end)
    }
}
