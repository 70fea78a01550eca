import WaitwatchCore

/// The self-contained HTML report (`waitwatch-worker report --html FILE`): inline CSS and SVG
/// only, no script, no font, nothing fetched, so it opens offline and prints on A4.
///
/// For each service: the national waiting list, median and 92nd-percentile waits against the
/// target, % within target against the standard and the over-52-week count over the period;
/// the same four as small multiples for each organisation; the wait-band distribution on the
/// last day (nationally as bars, per organisation as a table). Then the alerts timeline.
///
/// Every drawn series is a `<path data-series="{trust}/{service}/{metric}">` (metrics
/// `waiting`, `median`, `p92`, `withinTarget`, `over52`; bars `{trust}/{service}/band/{band}`;
/// alerts `alert/{rule}/{trust}/{service}`). Pure: the same records give the same bytes.
public struct HTMLReport: Sendable {
    /// The statistics records of the period (any order).
    public var records: [WaitStatsRecord]
    /// The alerts to show (any order; those outside the period are left out).
    public var alerts: [Alert]
    /// The census days shown.
    public var period: ClosedRange<CivilDay>
    /// Names of services and organisations.
    public var names: AnalysisNames
    /// Where the figures came from, shown under the title (e.g. the topic and brokers).
    public var source: String

    /// A report of `records` and `alerts` over `period`.
    public init(records: [WaitStatsRecord], alerts: [Alert], period: ClosedRange<CivilDay>, names: AnalysisNames, source: String) {
        self.records = records
        self.alerts = alerts
        self.period = period
        self.names = names
        self.source = source
    }

    /// The series every report of these records draws (for tests): `{trust}/{service}/{metric}`.
    public static let lineMetrics = ["waiting", "median", "p92", "withinTarget", "over52"]

    /// The whole HTML document.
    public func html() -> String {
        let groups = StatsSeries.all(records, period: period)
        var body = "<header><h1>Waiting times for children&#39;s services</h1>"
        body +=
            "<p class=\"meta\">Census days \(period.lowerBound) to \(period.upperBound) (\(period.lowerBound.distance(to: period.upperBound) + 1) days) · waits in days · \(HTMLText.escape(source))</p>"
        body +=
            "<nav><ul>"
            + groups.map { "<li><a href=\"#svc-\(HTMLText.escape($0.service))\">\(HTMLText.escape(serviceTitle($0.service)))</a></li>" }
            .joined()
        body += "<li><a href=\"#alerts\">Alerts</a></li></ul></nav></header>"
        if groups.isEmpty { body += "<p>No statistics records in this period.</p>" }
        for group in groups { body += serviceSection(group.service, national: group.national, trusts: group.trusts) }
        body += alertsSection()
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>waitwatch: waiting times \(period.lowerBound) to \(period.upperBound)</title>"
            + "<style>\(Self.css)</style></head><body>\(body)</body></html>\n"
    }

    func serviceTitle(_ code: String) -> String {
        names.service(code).map { "\($0) (\(code))" } ?? code
    }

    func organisationTitle(_ code: String) -> String {
        names.organisation(code).map { code == "ALL" ? $0 : "\(code) · \($0)" } ?? code
    }

    func serviceSection(_ service: String, national: StatsSeries?, trusts: [StatsSeries]) -> String {
        let sample = (national ?? trusts.first)?.last
        var s = "<section class=\"service\" id=\"svc-\(HTMLText.escape(service))\"><h2>\(HTMLText.escape(serviceTitle(service)))</h2>"
        if let sample {
            s +=
                "<p class=\"meta\">Target \(sample.targetDays / 7) weeks (\(sample.targetDays) days); standard \(sample.standardPct)% waiting within target; completed waits and counts over \(sample.windowDays) days.</p>"
        }
        if let national {
            if let last = national.last { s += "<p class=\"summary\">\(summary(last))</p>" }
            s += "<h3>England (all organisations together)</h3>"
            s += "<div class=\"panels\">" + panels(national, chart: SVGChart()) + "</div>"
        }
        s += bandsBlock(service, national: national, trusts: trusts)
        if !trusts.isEmpty {
            s += "<h3>By organisation</h3><div class=\"multiples\">"
            var small = SVGChart()
            small.width = 240
            small.height = 120
            for series in trusts {
                s += "<div class=\"org\"><h4>\(HTMLText.escape(organisationTitle(series.trust)))</h4>"
                if let last = series.last { s += "<p class=\"summary small\">\(summary(last))</p>" }
                s += "<div class=\"panels small\">" + panels(series, chart: small, legends: false) + "</div></div>"
            }
            s += "</div>"
        }
        return s + "</section>"
    }

    /// One line of the latest figures.
    func summary(_ r: WaitStatsRecord) -> String {
        let w = r.waiting
        var parts = ["\(r.asOf): \(HTMLText.grouped(w.count)) waiting"]
        if let m = w.medianDays { parts.append("median \(m) days") }
        if let p = w.p92Days { parts.append("92nd percentile \(p) days") }
        if let pct = w.withinTargetPctTenths { parts.append("\(DecimalTenths.text(pct))% within target") }
        parts.append("\(HTMLText.grouped(w.over52Weeks)) over 52 weeks")
        return parts.joined(separator: " · ")
    }

    /// The four panels of a series (small multiples leave the legends to the national panels).
    func panels(_ series: StatsSeries, chart: SVGChart, legends: Bool = true) -> String {
        let id = "\(series.trust)/\(series.service)/"
        let sample = series.last
        let who = series.trust == "ALL" ? "England" : series.trust
        var s = figure(
            "Waiting list", legend: [("waiting", "children waiting")],
            chart.lineChart(
                title: "\(who) \(series.service): children waiting", period: period,
                lines: [.init(id: id + "waiting", cssClass: "waiting", values: series.values { $0.waiting.count })]), legends: legends)
        s += figure(
            "Waits (days)", legend: [("median", "median"), ("p92", "92nd percentile"), ("ref", "target")],
            chart.lineChart(
                title: "\(who) \(series.service): median and 92nd percentile waits against the target", period: period,
                lines: [
                    .init(id: id + "median", cssClass: "median", values: series.values { $0.waiting.medianDays }),
                    .init(id: id + "p92", cssClass: "p92", values: series.values { $0.waiting.p92Days }),
                ],
                reference: sample.map { ($0.targetDays, "target \($0.targetDays)") }), legends: legends)
        s += figure(
            "% within target", legend: [("within", "within target"), ("ref", "standard")],
            chart.lineChart(
                title: "\(who) \(series.service): percent within target against the standard", period: period,
                lines: [
                    .init(
                        id: id + "withinTarget", cssClass: "within",
                        values: series.values { $0.waiting.withinTargetPctTenths.map { ($0 + 5) / 10 } })
                ],
                reference: sample.map { ($0.standardPct, "standard \($0.standardPct)%") }, yMax: 100), legends: legends)
        s += figure(
            "Over 52 weeks", legend: [("over52", "waiting over 52 weeks")],
            chart.lineChart(
                title: "\(who) \(series.service): children waiting over 52 weeks", period: period,
                lines: [.init(id: id + "over52", cssClass: "over52", values: series.values { $0.waiting.over52Weeks })]), legends: legends)
        return s
    }

    func figure(_ caption: String, legend: [(cssClass: String, label: String)], _ svg: String, legends: Bool = true) -> String {
        let keys = (legends ? legend : []).map { "<span class=\"key \($0.cssClass)\"></span>\(HTMLText.escape($0.label))" }.joined(
            separator: " ")
        return "<figure><figcaption><b>\(HTMLText.escape(caption))</b> \(keys)</figcaption>\(svg)</figure>"
    }

    /// The wait bands at the period's last day: national bars, and a table for every organisation.
    func bandsBlock(_ service: String, national: StatsSeries?, trusts: [StatsSeries]) -> String {
        let lasts = ([national].compactMap { $0 } + trusts).compactMap(\.last)
        guard let day = lasts.map(\.asOf).max() else { return "" }
        var s = "<h3>Wait bands on \(day) (weeks)</h3><div class=\"bands\">"
        if let n = national?.last, n.asOf == day {
            var chart = SVGChart()
            chart.width = 360
            chart.height = 150
            s += figure(
                "England", legend: [],
                chart.barChart(
                    title: "England \(service): children waiting by wait band on \(day)", labels: WaitStatsRecord.Bands.names,
                    values: n.waiting.bands.counts, idPrefix: "ALL/\(service)/band"))
        }
        s +=
            "<table><thead><tr><th>Organisation</th><th>Waiting</th>"
            + WaitStatsRecord.Bands.names.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in lasts where r.asOf == day {
            s +=
                "<tr><td>\(HTMLText.escape(organisationTitle(r.trust)))</td><td>\(HTMLText.grouped(r.waiting.count))</td>"
                + r.waiting.bands.counts.map { "<td>\(HTMLText.grouped($0))</td>" }.joined() + "</tr>"
        }
        return s + "</tbody></table></div>"
    }

    /// The alerts timeline: one row per (rule, trust, service), a bar from firing to resolution
    /// (or to the end of the period while still firing), then the list of transitions.
    func alertsSection() -> String {
        var s = "<section id=\"alerts\"><h2>Alerts</h2>"
        let inPeriod = alerts.filter { $0.asOf <= period.upperBound }.sorted {
            ($0.asOf, $0.alertId, $0.state.rawValue) < ($1.asOf, $1.alertId, $1.state.rawValue)
        }
        // Intervals per alertId: firing day → resolved day (or open).
        var intervals: [(row: String, alert: Alert, end: CivilDay?)] = []
        var openIndex: [String: Int] = [:]
        for a in inPeriod {
            if a.state == .firing {
                openIndex[a.alertId] = intervals.count
                intervals.append(("\(a.rule.rawValue) \(a.trust)/\(a.service)", a, nil))
            } else if let i = openIndex[a.alertId] {
                intervals[i].end = a.asOf
            }
        }
        let shown = intervals.filter { ($0.end ?? period.upperBound) >= period.lowerBound && $0.alert.asOf <= period.upperBound }
        guard !shown.isEmpty else { return s + "<p>No alert was firing in this period.</p></section>" }
        let rows = Array(Set(shown.map(\.row))).sorted()
        // At most 36 rows per chart, so that each fits on an A4 page and none is split or clipped.
        let chunk = 36
        for first in stride(from: 0, to: rows.count, by: chunk) {
            let part = Array(rows[first..<min(rows.count, first + chunk)])
            let svg = timeline(part, intervals: shown.filter { part.contains($0.row) })
            s +=
                "<figure class=\"wide\"><figcaption><b>Alerts firing</b>\(rows.count > chunk ? " (\(first + 1)–\(first + part.count) of \(rows.count))" : "") "
                + "<span class=\"key critical\"></span>critical <span class=\"key warning\"></span>warning <span class=\"key info\"></span>info</figcaption>\(svg)</figure>"
        }
        s +=
            "<table class=\"alerts\"><thead><tr><th>Day</th><th>Severity</th><th>State</th><th>Rule</th><th>Where</th><th>Message</th></tr></thead><tbody>"
        for a in inPeriod where a.asOf >= period.lowerBound {
            s +=
                "<tr class=\"\(a.state.rawValue)\"><td>\(a.asOf)</td><td>\(a.severity.rawValue)</td><td>\(a.state.rawValue)</td>"
                + "<td>\(a.rule.rawValue)</td><td>\(HTMLText.escape("\(a.trust)/\(a.service)"))</td><td>\(HTMLText.escape(a.message))</td></tr>"
        }
        return s + "</tbody></table></section>"
    }

    /// One timeline chart: a row per (rule, trust/service), a bar per firing.
    func timeline(_ rows: [String], intervals: [(row: String, alert: Alert, end: CivilDay?)]) -> String {
        let rowHeight = 14.0
        var chart = SVGChart()
        chart.width = 720
        let labelWidth = 190.0
        chart.height = Double(rows.count) * rowHeight + 30
        let span = Double(max(1, period.lowerBound.distance(to: period.upperBound)))
        let plot = chart.width - labelWidth - 10
        func x(_ day: CivilDay) -> Double {
            let clamped = min(max(day, period.lowerBound), period.upperBound)
            return labelWidth + Double(period.lowerBound.distance(to: clamped)) / span * plot
        }
        var svg = chart.open(title: "Alerts firing over the period, one row per rule, organisation and service")
        for (i, row) in rows.enumerated() {
            let y = 8 + Double(i) * rowHeight
            svg +=
                "<text class=\"tick\" x=\"\(HTMLText.coordinate(labelWidth - 4))\" y=\"\(HTMLText.coordinate(y + 9))\" text-anchor=\"end\">\(HTMLText.escape(row))</text>"
            svg +=
                "<path class=\"grid\" d=\"M\(HTMLText.coordinate(labelWidth)) \(HTMLText.coordinate(y + 12))H\(HTMLText.coordinate(labelWidth + plot))\"/>"
        }
        for item in intervals {
            let i = rows.firstIndex(of: item.row) ?? 0
            let y = 8 + Double(i) * rowHeight + 2
            let x0 = x(item.alert.asOf)
            let x1 = max(x0 + 1.5, x(item.end ?? period.upperBound))
            let a = item.alert
            svg +=
                "<path class=\"alert \(a.severity.rawValue)\" data-series=\"\(HTMLText.escape("alert/\(a.rule.rawValue)/\(a.trust)/\(a.service)"))\" "
                + "d=\"M\(HTMLText.coordinate(x0)) \(HTMLText.coordinate(y))H\(HTMLText.coordinate(x1))v8H\(HTMLText.coordinate(x0))z\">"
                + "<title>\(HTMLText.escape(a.message)) (from \(a.asOf)\(item.end.map { " to \($0)" } ?? ", still firing"))</title></path>"
        }
        let axisY = 8 + Double(rows.count) * rowHeight + 12
        svg +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(labelWidth))\" y=\"\(HTMLText.coordinate(axisY))\">\(period.lowerBound)</text>"
        svg +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(labelWidth + plot))\" y=\"\(HTMLText.coordinate(axisY))\" text-anchor=\"end\">\(period.upperBound)</text>"
        return svg + "</svg>"
    }

    /// Screen and print styles: system fonts only (nothing fetched), charts scale to the width,
    /// A4 pages with nothing split across a page break.
    static let css = """
        :root{--blue:#005eb8;--dark:#003087;--red:#d5281b;--green:#007f3b;--orange:#ed8b00;--grey:#768692}
        *{box-sizing:border-box}
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#212b32;margin:0 auto;padding:16px;max-width:1200px;background:#fff}
        h1{font-size:24px;margin:0 0 4px;color:var(--dark)}h2{font-size:20px;margin:24px 0 4px;color:var(--dark);border-top:3px solid var(--blue);padding-top:8px}
        h3{font-size:15px;margin:14px 0 6px}h4{font-size:13px;margin:0 0 2px}
        .meta{color:#4c6272;margin:0 0 6px}.summary{margin:0 0 6px;font-weight:600}.summary.small{font-weight:400;font-size:12px}
        nav ul{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 14px}a{color:var(--blue)}
        .panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:10px}
        .panels.small{grid-template-columns:repeat(4,minmax(0,1fr));gap:6px}
        .multiples{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:12px}
        .org{border:1px solid #d8dde0;border-radius:4px;padding:6px}
        figure{margin:0;break-inside:avoid;page-break-inside:avoid}figure.wide{margin:6px 0}
        figcaption{font-size:12px;color:#4c6272}
        svg{display:block;width:100%;height:auto;overflow:visible}
        .axis{fill:none;stroke:#4c6272;stroke-width:1}.grid{fill:none;stroke:#e8edee;stroke-width:1}
        .ref{fill:none;stroke:#212b32;stroke-width:1;stroke-dasharray:4 3}
        .line{fill:none;stroke-width:1.6;stroke-linejoin:round}
        .line.waiting{stroke:var(--blue)}.line.median{stroke:var(--blue)}.line.p92{stroke:var(--orange)}
        .line.within{stroke:var(--green)}.line.over52{stroke:var(--red)}
        .bar{fill:var(--blue)}.alert.critical{fill:var(--red)}.alert.warning{fill:var(--orange)}.alert.info{fill:var(--grey)}
        text{font-size:9px;fill:#4c6272}.reflabel{font-size:8px;fill:#212b32}.value{font-size:8px;fill:#212b32}
        .key{display:inline-block;width:14px;height:3px;vertical-align:middle;margin:0 3px 0 8px;background:var(--grey)}
        .key.waiting,.key.median{background:var(--blue)}.key.p92{background:var(--orange)}.key.within{background:var(--green)}
        .key.over52,.key.critical{background:var(--red)}.key.warning{background:var(--orange)}.key.ref{background:#212b32}
        .bands{display:grid;grid-template-columns:minmax(260px,380px) 1fr;gap:12px;align-items:start}
        table{border-collapse:collapse;font-size:12px;width:100%}th,td{padding:2px 6px;border-bottom:1px solid #d8dde0;text-align:right}
        th:first-child,td:first-child{text-align:left}table.alerts td{text-align:left}table.alerts tr.resolved{color:#4c6272}
        tr{break-inside:avoid;page-break-inside:avoid}
        @media (max-width:700px){.multiples{grid-template-columns:1fr}.bands{grid-template-columns:1fr}.panels.small{grid-template-columns:repeat(2,minmax(0,1fr))}}
        @page{size:A4;margin:12mm}
        @media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}section.service,#alerts{break-before:page}
        .panels{grid-template-columns:repeat(2,minmax(0,1fr))}.multiples{grid-template-columns:1fr}.org{break-inside:avoid;page-break-inside:avoid}
        .bands{grid-template-columns:1fr 1fr}h2,h3{break-after:avoid}}
        """
}
