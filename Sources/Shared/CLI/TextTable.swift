import WaitwatchKafka

/// A plain-text table with aligned columns, for terminal reports.
public struct TextTable {
    public enum Alignment: Sendable { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private var rows: [[String]] = []

    /// - Parameter columns: header and alignment of each column.
    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines: header, a rule, then the rows.
    public func render() -> [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return alignments[i] == .left ? cell + pad : pad + cell
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        return [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }
}

extension String {
    /// Linear in the spaces removed. (Dropping one `Character` at a time from a `Substring`
    /// made `check-config` quadratic in the longest cell: 27 s for a 100,000-character name.)
    fileprivate var trailingSpacesRemoved: String {
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") {
            end = utf8.index(before: end)
        }
        return end == utf8.endIndex ? self : String(decoding: utf8[..<end], as: UTF8.self)
    }
}
