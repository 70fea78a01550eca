import ArgumentParser
import WaitwatchAnalysis
import WaitwatchCore
import WaitwatchCLI

/// `waitwatch-worker stats`: time series of the published statistics for analysts, in one read.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the statistics records of a period as one row per key and day (CSV, JSON, NDJSON or a table).",
        discussion: """
            Reads referral-wait-stats once, to the end of every partition, keeping the latest \
            record of every key; only the keys selected are decoded. Columns are every field of \
            the record, named like pandas.json_normalize names them (waiting.count, \
            waiting.bands.0-1, …), with level, trustName (England for ALL) and serviceName added. \
            CSV and NDJSON load as is: pandas.read_csv(…), pandas.read_json(…, lines=True), Excel. \
            --monthly lays out month-end census days like NHS England's monthly Community Health \
            Services waiting-list publication: one row per organisation and service, the wait \
            bands as columns. --suppress-below N withholds counts 1…N−1 and the statistics derived \
            from them as *, the primary small-number suppression of NHS statistical disclosure \
            control (e.g. --suppress-below 8 withholds 1–7; zeros are shown; no secondary \
            suppression). A service, trust or day the data does not have is an error (exit 1) \
            that says what the data covers.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: "Statistics topic.")
    var topic: String = "referral-wait-stats"

    @Option(help: ArgumentHelp("Configuration file (service and organisation names).", valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("trust"),
        help: ArgumentHelp("Only this organisation (repeatable). National records need --level national.", valueName: "code"))
    var trusts: [String] = []

    @Option(name: .customLong("service"), help: ArgumentHelp("Only this service (repeatable).", valueName: "code"))
    var services: [String] = []

    @Option(help: ArgumentHelp("First census day (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last census day (YYYY-MM-DD); default: the latest in the data.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("The last N days of the data (90d, 12w), instead of --to.", valueName: "days"))
    var last: String?

    @Option(
        name: .customLong("level"),
        help: ArgumentHelp(
            "trust or national (repeatable; default: both, or trust when --trust is given). icb and region need roll-up records the worker does not publish yet.",
            valueName: "level"))
    var levels: [String] = []

    @Option(help: ArgumentHelp("table, csv, json or ndjson.", valueName: "format"))
    var format: String = "csv"

    @Flag(help: "Month-end census days in the layout of the monthly CHS waiting-list publication.")
    var monthly = false

    @Option(
        name: .customLong("suppress-below"),
        help: ArgumentHelp("Show counts 1…N−1, and statistics derived from them, as *.", valueName: "N"))
    var suppressBelow: Int?

    func validate() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, CivilDay(value) == nil { throw ValidationError("\(flag) must be a date like 2026-05-01, got \(value)") }
        }
        if let last, StatsReading.days(last) == nil {
            throw ValidationError("--last must be a number of days such as 90d or 12w, got \(last)")
        }
        if last != nil, to != nil { throw ValidationError("give --to or --last, not both") }
        if let from, let to, let a = CivilDay(from), let b = CivilDay(to), a > b {
            throw ValidationError("--from \(from) is after --to \(to)")
        }
        for level in levels where StatsLevel(rawValue: level) == nil {
            if level == "icb" || level == "region" {
                throw ValidationError("--level \(level): the worker does not publish ICB or region roll-ups yet; use trust or national")
            }
            throw ValidationError("--level must be trust or national, got \(level)")
        }
        if StatsTableFormat(rawValue: format) == nil { throw ValidationError("--format must be table, csv, json or ndjson, got \(format)") }
        if let suppressBelow, suppressBelow < 2 { throw ValidationError("--suppress-below must be at least 2, got \(suppressBelow)") }
    }

    func run() throws {
        let (names, _) = try StatsReading.names(configPath: config)
        let selection = StatsSelection(
            trusts: Set(trusts), services: Set(services), levels: Set(levels.compactMap(StatsLevel.init(rawValue:))),
            from: from.flatMap(CivilDay.init), to: to.flatMap(CivilDay.init), lastDays: last.flatMap(StatsReading.days))
        let collector = try StatsReading.collect(selection, topic: topic, options: options, label: "waitwatch.stats")
        let answer = try collector.answer(topic: topic)
        let suppression = suppressBelow.map(SmallNumberSuppression.init(threshold:)) ?? .none
        var table =
            monthly
            ? StatsTable.monthly(answer.records, names: names, suppression: suppression)
            : StatsTable.long(answer.records, names: names, suppression: suppression)
        let format = StatsTableFormat(rawValue: format) ?? .csv
        if format == .table {
            if !monthly { table = table.selecting(Self.tableColumns) }
            let textColumns: Set = [
                "asOf", "level", "trust", "trustName", "service", "serviceName", "period", "censusDay", "orgCode", "orgName",
            ]
            var text = TextTable(table.columns.map { ($0, textColumns.contains($0) ? .left : .right) })
            for row in table.rows { text.add(row.map { $0.plain.isEmpty ? "-" : $0.plain }) }
            for line in text.render() { Output.line(line) }
        } else {
            for line in table.lines(format) { Output.line(line) }
        }
        var summary =
            "stats: \(table.rows.count) row(s), \(answer.period.lowerBound) … \(answer.period.upperBound), from \(collector.messagesRead) message(s) of \(topic)"
        if answer.undecodable + collector.unreadableKeys > 0 {
            summary += "; \(answer.undecodable + collector.unreadableKeys) unreadable message(s) skipped"
        }
        Output.error(summary)
    }

    /// The columns of `--format table` (csv, json and ndjson carry every field).
    static let tableColumns =
        [
            "asOf", "trust", "service", "waiting.count", "waiting.medianDays", "waiting.p92Days", "waiting.maxDays",
            "waiting.withinTargetPct", "waiting.over18Weeks", "waiting.over52Weeks",
        ] + WaitStatsRecord.Bands.names.map { "waiting.bands.\($0)" } + ["completed.count", "completed.medianDays", "received"]
}
