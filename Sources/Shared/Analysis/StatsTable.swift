import WaitwatchCore

/// A table for analysts: named columns and rows of ``StatsCell``, rendered as CSV, JSON or
/// NDJSON that pandas, R or Excel read as is (``StatsTableFormat``).
///
/// Column names of the long format are the record's JSON paths as `pandas.json_normalize`
/// names them (`waiting.count`, `waiting.bands.0-1`), so the topic read with Python and the
/// output of `waitwatch-worker stats` give the same columns.
public struct StatsTable: Sendable, Hashable {
    /// Column names, in order.
    public var columns: [String]
    /// Rows, each with one cell per column.
    public var rows: [[StatsCell]]

    /// A table from its parts.
    public init(columns: [String], rows: [[StatsCell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The long-format columns: one per field of SPEC section 2, with `level`, `trustName` and
    /// `serviceName` added.
    public static let longColumns: [String] =
        [
            "asOf", "level", "trust", "trustName", "service", "serviceName", "windowDays", "targetDays", "standardPct",
            "waiting.count", "waiting.medianDays", "waiting.p90Days", "waiting.p92Days", "waiting.maxDays", "waiting.withinTargetPct",
            "waiting.over18Weeks", "waiting.over52Weeks", "waiting.over65Weeks", "waiting.over78Weeks", "waiting.over104Weeks",
        ] + WaitStatsRecord.Bands.names.map { "waiting.bands.\($0)" } + [
            "waiting.breachDueWithin28Days", "completed.count", "completed.medianDays", "completed.p92Days",
            "received", "dna", "cancelledByProvider", "cancelledByPatient", "closed", "lateEvents",
            "lastEventAt", "trustsReporting", "feedSilent",
        ]

    /// One row per record (per key and day), every field, in the order given.
    public static func long(_ records: [WaitStatsRecord], names: AnalysisNames, suppression: SmallNumberSuppression = .none) -> StatsTable {
        let s = suppression
        let rows = records.map { r -> [StatsCell] in
            let w = r.waiting
            let n = w.count
            var row: [StatsCell] = [
                .text(r.asOf.description), .text(StatsLevel(trustCode: r.trust).rawValue), .text(r.trust),
                names.organisation(r.trust).map(StatsCell.text) ?? .null, .text(r.service),
                names.service(r.service).map(StatsCell.text) ?? .null,
                .int(r.windowDays), .int(r.targetDays), .int(r.standardPct),
                s.count(n), s.derived(.int(w.medianDays), from: n), s.derived(.int(w.p90Days), from: n),
                s.derived(.int(w.p92Days), from: n), s.derived(.int(w.maxDays), from: n),
                s.derived(w.withinTargetPctTenths.map(StatsCell.tenths) ?? .null, from: n),
                s.count(w.over18Weeks), s.count(w.over52Weeks), s.count(w.over65Weeks), s.count(w.over78Weeks), s.count(w.over104Weeks),
            ]
            row += w.bands.counts.map(s.count)
            let c = r.completed
            row += [
                s.count(w.breachDueWithin28Days), s.count(c.count), s.derived(.int(c.medianDays), from: c.count),
                s.derived(.int(c.p92Days), from: c.count),
                s.count(r.received), s.count(r.dna), s.count(r.cancelledByProvider), s.count(r.cancelledByPatient), s.count(r.closed),
                s.count(r.lateEvents),
                // Feed freshness is about trusts' feeds, not children: never suppressed.
                r.lastEventAt.map { StatsCell.text($0.rfc3339UTC) } ?? .null, .int(r.trustsReporting), .bool(r.feedSilent),
            ]
            return row
        }
        return StatsTable(columns: longColumns, rows: rows)
    }

    /// The columns of the monthly view, like NHS England's monthly Community Health Services
    /// waiting-list publication: one row per period, organisation and service; the total
    /// waiting and the wait bands as columns.
    public static let monthlyColumns: [String] = [
        "period", "censusDay", "level", "orgCode", "orgName", "service", "serviceName", "totalWaiting",
        "0-1 weeks", "1-2 weeks", "2-4 weeks", "4-12 weeks", "12-18 weeks", "18-52 weeks", "52+ weeks",
    ]

    /// The monthly view: only month-end census days (the last day of a calendar month, the
    /// publication's census date), one row per organisation and service: national first, then
    /// regions, ICBs and organisations, as the publication orders them.
    public static func monthly(
        _ records: [WaitStatsRecord], names: AnalysisNames, suppression: SmallNumberSuppression = .none
    ) -> StatsTable {
        let monthEnds = records.filter { $0.asOf.isLastDayOfMonth }.sorted { a, b in
            (a.asOf, StatsOrder.rank(a.level), a.trust, a.service) < (b.asOf, StatsOrder.rank(b.level), b.trust, b.service)
        }
        let rows = monthEnds.map { r -> [StatsCell] in
            let ymd = r.asOf.yearMonthDay
            let period = "\(ymd.year)-\(ymd.month < 10 ? "0" : "")\(ymd.month)"
            var row: [StatsCell] = [
                .text(period), .text(r.asOf.description), .text(StatsLevel(trustCode: r.trust).rawValue), .text(r.trust),
                names.organisation(r.trust).map(StatsCell.text) ?? .null, .text(r.service),
                names.service(r.service).map(StatsCell.text) ?? .null, suppression.count(r.waiting.count),
            ]
            row += r.waiting.bands.counts.map(suppression.count)
            return row
        }
        return StatsTable(columns: monthlyColumns, rows: rows)
    }
}

extension CivilDay {
    /// Whether the day is the last of its calendar month (a month-end census day).
    var isLastDayOfMonth: Bool {
        advanced(by: 1).yearMonthDay.day == 1
    }
}
