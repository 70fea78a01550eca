import WaitwatchCore

/// Small inline SVG charts for the HTML report: lines over days, bars, and a timeline. Each
/// drawn series is one `<path>` with a `data-series` attribute naming it, so tests (and
/// readers of the page source) can find every series. Sizes are in viewBox units; the page's
/// CSS scales the charts to the width available, on screen and on paper.
struct SVGChart {
    /// One line: a name for `data-series`, a CSS class for its colour, one value per day (nil: gap).
    struct Line {
        var id: String
        var cssClass: String
        var values: [Int?]
    }

    var width = 320.0
    var height = 150.0
    let left = 36.0
    let right = 8.0
    let top = 8.0
    let bottom = 18.0

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    /// A line chart of `lines` over `period` (values indexed by day offset from its start), with
    /// an optional dashed reference line (a target or standard) and a fixed `yMax` (percentages).
    func lineChart(
        title: String, period: ClosedRange<CivilDay>, lines: [Line], reference: (value: Int, label: String)? = nil,
        yMax fixed: Int? = nil
    ) -> String {
        let dataMax = lines.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let yMax = Double(fixed ?? Self.niceCeiling(max(dataMax, reference?.value ?? 0, 1)))
        let span = Double(max(1, period.lowerBound.distance(to: period.upperBound)))
        func x(_ i: Int) -> Double { left + Double(i) / span * plotWidth }
        func y(_ v: Int) -> Double { top + plotHeight - Double(v) / yMax * plotHeight }
        var svg = open(title: title)
        svg += axes(yLabel: HTMLText.grouped(Int(yMax)), period: period)
        if let reference {
            let ry = HTMLText.coordinate(y(reference.value))
            svg += "<path class=\"ref\" d=\"M\(HTMLText.coordinate(left)) \(ry)H\(HTMLText.coordinate(left + plotWidth))\"/>"
            svg +=
                "<text class=\"reflabel\" x=\"\(HTMLText.coordinate(left + plotWidth - 2))\" y=\"\(HTMLText.coordinate(y(reference.value) - 3))\" text-anchor=\"end\">\(HTMLText.escape(reference.label))</text>"
        }
        for line in lines {
            var d = ""
            var pen = false
            var points = 0
            for (i, value) in line.values.enumerated() {
                guard let value else {
                    pen = false
                    continue
                }
                d += (pen ? "L" : "M") + HTMLText.coordinate(x(i)) + " " + HTMLText.coordinate(y(value))
                pen = true
                points += 1
            }
            if points == 1 { d += "h1" }
            svg += "<path class=\"line \(line.cssClass)\" data-series=\"\(HTMLText.escape(line.id))\" d=\"\(d)\"/>"
        }
        return svg + "</svg>"
    }

    /// A bar chart of `values` with `labels` under the bars; each bar is a path named `idPrefix/label`.
    func barChart(title: String, labels: [String], values: [Int], idPrefix: String) -> String {
        let yMax = Double(Self.niceCeiling(max(values.max() ?? 0, 1)))
        let slot = plotWidth / Double(max(1, values.count))
        var svg = open(title: title)
        svg +=
            "<path class=\"axis\" d=\"M\(HTMLText.coordinate(left)) \(HTMLText.coordinate(top))V\(HTMLText.coordinate(top + plotHeight))H\(HTMLText.coordinate(left + plotWidth))\"/>"
        svg +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(left - 3))\" y=\"\(HTMLText.coordinate(top + 4))\" text-anchor=\"end\">\(HTMLText.grouped(Int(yMax)))</text>"
        for (i, value) in values.enumerated() {
            let h = max(0.5, Double(value) / yMax * plotHeight)
            let x0 = left + Double(i) * slot + slot * 0.15
            let d =
                "M\(HTMLText.coordinate(x0)) \(HTMLText.coordinate(top + plotHeight))v-\(HTMLText.coordinate(h))h\(HTMLText.coordinate(slot * 0.7))v\(HTMLText.coordinate(h))z"
            svg +=
                "<path class=\"bar\" data-series=\"\(HTMLText.escape(idPrefix + "/" + labels[i]))\" d=\"\(d)\"><title>\(HTMLText.escape(labels[i])) weeks: \(HTMLText.grouped(value))</title></path>"
            svg +=
                "<text class=\"tick\" x=\"\(HTMLText.coordinate(x0 + slot * 0.35))\" y=\"\(HTMLText.coordinate(height - 5))\" text-anchor=\"middle\">\(HTMLText.escape(labels[i]))</text>"
            svg +=
                "<text class=\"value\" x=\"\(HTMLText.coordinate(x0 + slot * 0.35))\" y=\"\(HTMLText.coordinate(top + plotHeight - h - 2))\" text-anchor=\"middle\">\(HTMLText.grouped(value))</text>"
        }
        return svg + "</svg>"
    }

    /// The opening tag: a viewBox (scaled by CSS), a role and a label for screen readers.
    func open(title: String) -> String {
        "<svg viewBox=\"0 0 \(HTMLText.coordinate(width)) \(HTMLText.coordinate(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" preserveAspectRatio=\"xMidYMid meet\">"
    }

    /// The y axis with its top value, and the x axis with the first and last day.
    func axes(yLabel: String, period: ClosedRange<CivilDay>) -> String {
        var s =
            "<path class=\"axis\" d=\"M\(HTMLText.coordinate(left)) \(HTMLText.coordinate(top))V\(HTMLText.coordinate(top + plotHeight))H\(HTMLText.coordinate(left + plotWidth))\"/>"
        s +=
            "<path class=\"grid\" d=\"M\(HTMLText.coordinate(left)) \(HTMLText.coordinate(top))H\(HTMLText.coordinate(left + plotWidth))M\(HTMLText.coordinate(left)) \(HTMLText.coordinate(top + plotHeight / 2))H\(HTMLText.coordinate(left + plotWidth))\"/>"
        s +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(left - 3))\" y=\"\(HTMLText.coordinate(top + 4))\" text-anchor=\"end\">\(yLabel)</text>"
        s +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(left - 3))\" y=\"\(HTMLText.coordinate(top + plotHeight + 3))\" text-anchor=\"end\">0</text>"
        s += "<text class=\"tick\" x=\"\(HTMLText.coordinate(left))\" y=\"\(HTMLText.coordinate(height - 4))\">\(period.lowerBound)</text>"
        s +=
            "<text class=\"tick\" x=\"\(HTMLText.coordinate(left + plotWidth))\" y=\"\(HTMLText.coordinate(height - 4))\" text-anchor=\"end\">\(period.upperBound)</text>"
        return s
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`, for a readable top of axis.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }
}
