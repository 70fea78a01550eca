import WaitwatchCore

/// How a ``StatsTable`` is written.
public enum StatsTableFormat: String, Sendable, CaseIterable {
    /// Aligned text columns for a terminal (the command renders it).
    case table
    /// RFC 4180 CSV with a header row: empty cell for null, `*` when suppressed.
    case csv
    /// One JSON array of flat objects (column → value): numbers as numbers, null as `null`,
    /// text and `*` as strings.
    case json
    /// One flat JSON object per line (`pandas.read_json(…, lines=True)`).
    case ndjson
}

extension StatsTable {
    /// The table as CSV lines (header first), without line ends.
    public func csvLines() -> [String] {
        [columns.map(Self.csvField).joined(separator: ",")]
            + rows.map { $0.map { Self.csvField($0.plain) }.joined(separator: ",") }
    }

    /// The table as JSON objects, one per row (NDJSON lines).
    public func jsonObjects() -> [String] {
        let keys = columns.map { key -> String in
            var out: [UInt8] = []
            JSONWriter.appendString(key, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        return rows.map { row in
            var out: [UInt8] = [UInt8(ascii: "{")]
            for (i, cell) in row.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: keys[i].utf8)
                out.append(UInt8(ascii: ":"))
                switch cell {
                case .int(let v): out.append(contentsOf: String(v).utf8)
                case .tenths(let t): out.append(contentsOf: DecimalTenths.text(t).utf8)
                case .text(let s): JSONWriter.appendString(s, to: &out)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .null: out.append(contentsOf: "null".utf8)
                case .suppressed: JSONWriter.appendString("*", to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The table as lines of `format` (for ``StatsTableFormat/table``: the plain cells, tab-separated;
    /// the command aligns them).
    public func lines(_ format: StatsTableFormat) -> [String] {
        switch format {
        case .csv: return csvLines()
        case .ndjson: return jsonObjects()
        case .json:
            let objects = jsonObjects()
            if objects.isEmpty { return ["[]"] }
            return ["["] + objects.enumerated().map { i, o in i < objects.count - 1 ? o + "," : o } + ["]"]
        case .table:
            return [columns.joined(separator: "\t")] + rows.map { $0.map(\.plain).joined(separator: "\t") }
        }
    }

    /// Only the named columns, in that order (unknown names are ignored).
    public func selecting(_ names: [String]) -> StatsTable {
        let indices = names.compactMap { columns.firstIndex(of: $0) }
        return StatsTable(columns: indices.map { columns[$0] }, rows: rows.map { row in indices.map { row[$0] } })
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        var quoted = "\""
        for c in text {
            if c == "\"" { quoted.append("\"") }
            quoted.append(c)
        }
        return quoted + "\""
    }
}
