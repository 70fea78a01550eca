/// What ``AlertEvaluator`` remembers about one (trust, service): the last day evaluated, which
/// rules are firing and since when, and the waiting-list lengths of the last `W + 1` days
/// (for `waiting-list-growth`). A few dozen integers per key.
///
/// Encoded inside ``AlertSnapshot`` with days as `YYYY-MM-DD` text:
/// `{"trust":"RAJ","service":"SALT","lastAsOf":"2026-05-06","windowDays":28,
///   "firing":{"long-waiters":"2026-05-01"},"counts":[120,null,131]}`, where the last count is
/// `lastAsOf`'s and each earlier one a day before (null: no record that day).
struct AlertKeyState: Sendable, Hashable {
    /// Trust code, or `ALL`.
    let trust: String
    /// Service code.
    let service: String
    /// The latest day evaluated; records for this day or earlier are not evaluated again.
    private(set) var lastAsOf: CivilDay
    /// `windowDays` of the record of ``lastAsOf``: how many days of counts are kept (W + 1).
    private(set) var windowDays: Int
    /// `waiting.count` by day, ending with ``lastAsOf`` (nil: no record that day).
    private(set) var counts: [Int?]
    /// The rules currently firing, with the day each fired (the `asOf` in its `alertId`).
    var firing: [AlertRule: CivilDay]

    /// The state after evaluating the first record of a key, before any rule fired.
    init(first record: WaitStatsRecord) {
        trust = record.trust
        service = record.service
        lastAsOf = record.asOf
        windowDays = record.windowDays
        counts = [record.waiting.count]
        firing = [:]
    }

    /// `waiting.count` of `day`, if a record of that day was seen and is still kept.
    func count(on day: CivilDay) -> Int? {
        guard let index = index(of: day) else { return nil }
        return counts[index]
    }

    /// A re-published record of a day already evaluated: its (possibly updated) count replaces
    /// the kept one, if that day is still kept. Nothing else changes.
    mutating func updateCount(of record: WaitStatsRecord) {
        guard let index = index(of: record.asOf) else { return }
        counts[index] = record.waiting.count
    }

    /// Moves on to `record`'s day (after ``lastAsOf``): appends its count, a null for every
    /// skipped day, and keeps only the last `record.windowDays + 1` days.
    mutating func advance(to record: WaitStatsRecord) {
        let keep = max(record.windowDays, 0) + 1
        let gap = Int(lastAsOf.distance(to: record.asOf)) - 1
        if gap >= keep {
            counts = []
        } else if gap > 0 {
            counts.append(contentsOf: repeatElement(nil, count: gap))
        }
        counts.append(record.waiting.count)
        if counts.count > keep { counts.removeFirst(counts.count - keep) }
        lastAsOf = record.asOf
        windowDays = record.windowDays
    }

    private func index(of day: CivilDay) -> Int? {
        let back = Int(day.distance(to: lastAsOf))
        guard back >= 0, back < counts.count else { return nil }
        return counts.count - 1 - back
    }
}

extension AlertKeyState: Codable {
    private enum CodingKeys: String, CodingKey {
        case trust, service, lastAsOf, windowDays, firing, counts
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        trust = try c.decode(String.self, forKey: .trust)
        service = try c.decode(String.self, forKey: .service)
        lastAsOf = try Self.day(try c.decode(String.self, forKey: .lastAsOf), forKey: .lastAsOf, in: c)
        windowDays = try c.decode(Int.self, forKey: .windowDays)
        counts = try c.decode([Int?].self, forKey: .counts)
        guard !counts.isEmpty, counts.count <= max(windowDays, 0) + 1 else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "must hold 1 to windowDays + 1 counts")
        }
        var firing: [AlertRule: CivilDay] = [:]
        for (name, dayText) in try c.decode([String: String].self, forKey: .firing) {
            guard let rule = AlertRule(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .firing, in: c, debugDescription: "unknown rule \(name)")
            }
            firing[rule] = try Self.day(dayText, forKey: .firing, in: c)
        }
        self.firing = firing
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trust, forKey: .trust)
        try c.encode(service, forKey: .service)
        try c.encode(lastAsOf.description, forKey: .lastAsOf)
        try c.encode(windowDays, forKey: .windowDays)
        try c.encode(Dictionary(uniqueKeysWithValues: firing.map { ($0.key.rawValue, $0.value.description) }), forKey: .firing)
        try c.encode(counts, forKey: .counts)
    }

    private static func day(_ text: String, forKey key: CodingKeys, in c: KeyedDecodingContainer<CodingKeys>) throws -> CivilDay {
        guard let day = CivilDay(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a date YYYY-MM-DD, got \(text)")
        }
        return day
    }
}
