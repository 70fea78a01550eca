import Foundation
import Yams
import WaitwatchCore

/// The worker's configuration: window, lateness allowance, topic names, the service
/// catalogue and the alert rules (SPEC sections 2, 3 and 4), loaded from a YAML file.
///
/// `WaitwatchConfiguration()` is the SPEC's defaults; a file only needs the keys it
/// changes. `deploy/waitwatch.yaml` documents every key with its default:
///
/// ```yaml
/// windowDays: 28          # W, the rolling window in days (1–3660)
/// lateness: 1h            # L: 90s, 30m, 1h, 1h30m, 2d … or whole seconds (at most 7d)
/// trustsReportingDays: 30 # N of trustsReporting: trusts with an event in the N days ending asOf
/// feedSilentAfter: 14d    # a feed is silent (feedSilent, alert feed-silent) after this many days
/// topics:
///   events: referral-events
///   stats: referral-wait-stats
///   alerts: referral-wait-alerts
///   deadLetters: referral-events-dlq
/// services:               # when present, REPLACES the default catalogue entirely
///   - code: SALT
///     name: Speech and language therapy (children and young people)
///     targetWeeks: 18
///     standardPct: 92
///     clockStop: appointment.attended
/// alerts:                 # see AlertConfiguration; per-service entries override `rules`
///   rules:
///     waiting-standard: { enabled: true, severity: warning, standardPct: null }
///     long-waiters: { enabled: true, severity: critical, weeks: 52 }
///     waiting-list-growth: { enabled: true, severity: warning, percent: 10, minimumWaiting: 20 }
///   services: {}          # e.g. SALT: { waiting-list-growth: { enabled: false } }
/// ```
///
/// Rules: unknown keys are errors (typos must not pass silently); a key set to `null` or
/// left empty keeps its default; `services`, when given, must list at least one service,
/// each with all five keys, codes unique and made of `A–Z 0–9 - _` (1–16), `clockStop` one
/// of `appointment.attended`, `treatment.started`, `plan.issued`; the four topics must be
/// legal Kafka names and all different; `alerts.services` keys must be codes of the catalogue
/// (the configured one when `services` is given). Every error is one line naming the file and the key
/// path (``ConfigurationError``).
///
/// A plain value: `Sendable`, compare with `==`, override fields from flags after loading.
public struct WaitwatchConfiguration: Sendable, Hashable {
    /// `W`: the rolling window of the `completed` and event counts, in days (default 28).
    public var windowDays: Int
    /// `L`: the lateness allowance, in seconds (default 3600). Day D's records are published
    /// once event time passes the end of D plus this.
    public var latenessSeconds: Int64
    /// `N` of `trustsReporting`, in days (default 30).
    public var trustsReportingDays = 30
    /// Days without an accepted event after which a feed is silent (default 14; key
    /// `feedSilentAfter`, e.g. `14d` or `2w`).
    public var feedSilentAfterDays = 14
    /// The Kafka topic names.
    public var topics: TopicNames
    /// The services accepted and their targets (default: SPEC section 4).
    public var catalogue: ServiceCatalogue
    /// The alert rules, severities and thresholds (default: SPEC section 3).
    public var alerts: AlertConfiguration
    /// How far an event's time may be from its message's timestamp (SPEC section 1,
    /// "Implausible times"; key `implausibleTime`).
    public var implausibleTime = ImplausibleTimeCheck()
    /// How trusts' CSV, HL7 v2 and FHIR feeds are read (code map, patient-reference key).
    public var feeds = FeedConfiguration()
    /// Names of organisations by code (`organisations:`, optional; see `organisationNames`):
    /// shown by reports, never used by the statistics.
    public var organisationNames: [String: String] = [:]
    /// The ICB of each organisation that has one (`organisations.<code>.icb`): puts it in that
    /// ICB's and its region's roll-up records.
    public var organisationICBs: [String: String] = [:]
    /// Integrated care boards by code (`icbs:`): name and region.
    public var icbs: [String: ICB] = [:]
    /// Names of NHS England regions by code (`regions:`).
    public var regionNames: [String: String] = [:]

    /// The roll-up mapping the engine uses: each organisation with an ICB, its ICB and region.
    public var rollups: OrganisationRollups {
        var memberships: [String: OrganisationRollups.Membership] = [:]
        for (organisation, icb) in organisationICBs {
            if let region = icbs[icb]?.region { memberships[organisation] = .init(icb: icb, region: region) }
        }
        return OrganisationRollups(memberships)
    }

    /// Names of the roll-ups by their records' `trust` value (`ICB:QH8`, `REGION:Y61`).
    public var rollupNames: [String: String] {
        var names: [String: String] = [:]
        for (code, icb) in icbs { names[OrganisationRollups.icbPrefix + code] = icb.name }
        for (code, name) in regionNames { names[OrganisationRollups.regionPrefix + code] = name }
        return names
    }

    /// The largest accepted `windowDays` (ten years).
    public static let maximumWindowDays = 3660
    /// The largest accepted lateness allowance: 7 days, in seconds.
    public static let maximumLatenessSeconds: Int64 = 7 * 86_400
    /// The event types a service may use as its clock stop.
    public static let allowedClockStops: [EventType] = [.appointmentAttended, .treatmentStarted, .planIssued]

    /// The SPEC defaults.
    public init(
        windowDays: Int = 28, latenessSeconds: Int64 = 3600, topics: TopicNames = TopicNames(),
        catalogue: ServiceCatalogue = .default, alerts: AlertConfiguration = AlertConfiguration()
    ) {
        self.windowDays = windowDays
        self.latenessSeconds = latenessSeconds
        self.topics = topics
        self.catalogue = catalogue
        self.alerts = alerts
    }

    /// Loads a configuration file. `path` is also the name used in error messages.
    public static func load(path: String) throws(ConfigurationError) -> WaitwatchConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(source: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(source: path, reason: "it is a directory") }
        try ConfigurationLimits.checkFileSize(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(source: path, reason: "permission denied or I/O error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidYAML(source: path, line: 0, column: 0, problem: "not valid UTF-8")
        }
        return try WaitwatchConfiguration(yaml: text, source: path)
    }

    /// Reads a configuration from YAML text; `source` names it in error messages. An empty
    /// document gives the defaults.
    public init(yaml: String, source: String = "configuration") throws(ConfigurationError) {
        self.init()
        guard yaml.utf8.count <= ConfigurationLimits.maximumBytes else {
            throw .unreadable(source: source, reason: ConfigurationLimits.tooLarge(yaml.utf8.count))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw Self.yamlError(error, source: source)
        }
        guard let root else { return }
        try decode(ConfigurationNode(node: root, path: "", source: source))
    }

    // MARK: - Decoding

    /// Reads the top-level mapping. To add a key: one more `take` here (or in a section's
    /// own decoder); everything else is reported as unknown.
    private mutating func decode(_ root: ConfigurationNode) throws(ConfigurationError) {
        var keys = try root.mapping()
        if let node = keys.take("windowDays") {
            windowDays = try node.integer(
                in: 1...Self.maximumWindowDays, expectation: "must be a whole number between 1 and \(Self.maximumWindowDays)")
        }
        if let node = keys.take("lateness") {
            latenessSeconds = try Self.duration(node)
        }
        if let node = keys.take("trustsReportingDays") {
            trustsReportingDays = try node.integer(
                in: 1...Self.maximumWindowDays, expectation: "must be a whole number of days between 1 and \(Self.maximumWindowDays)")
        }
        if let node = keys.take("feedSilentAfter") {
            feedSilentAfterDays = try Self.days(node)
        }
        if let node = keys.take("topics") {
            topics = try Self.topics(node)
        }
        if let node = keys.take("services") {
            catalogue = try Self.catalogue(node)
        }
        if let node = keys.take("alerts") {
            alerts = try AlertConfiguration(node: node, catalogue: catalogue)
        }
        if let node = keys.take("implausibleTime") {
            implausibleTime = try Self.implausibleTime(node)
        }
        if let node = keys.take("feeds") {
            feeds = try FeedConfiguration(node: node, catalogue: catalogue)
        }
        if let node = keys.take("regions") {
            regionNames = try Self.regions(node)
        }
        if let node = keys.take("icbs") {
            icbs = try Self.icbs(node, regions: regionNames)
        }
        if let node = keys.take("organisations") {
            (organisationNames, organisationICBs) = try Self.organisations(node, icbs: icbs)
        }
        try keys.finish()
        // The feed-silent rule's threshold is the records' own.
        alerts.rules.feedSilent.afterDays = feedSilentAfterDays
        for code in alerts.services.keys { alerts.services[code]?.feedSilent.afterDays = feedSilentAfterDays }
    }

    /// `feedSilentAfter`: whole days as `14d`, `2w` or `14`, from 1 day to 3660 days.
    private static func days(_ node: ConfigurationNode) throws(ConfigurationError) -> Int {
        let bad = node.failure("must be a number of days such as 14d or 2w (1d to \(maximumWindowDays)d), got \(node.shown)")
        guard let (n, unit) = DayCount.parse(try node.string()), (1...maximumWindowDays).contains(n * unit) else { throw bad }
        return n * unit
    }

    /// `lateness`: whole seconds, or `<n>d`, `<n>h`, `<n>m`, `<n>s` groups in that order
    /// (`1h30m`), at most 7 days.
    private static func duration(_ node: ConfigurationNode) throws(ConfigurationError) -> Int64 {
        let bad = node.failure("must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got \(node.shown)")
        let text = try node.string()
        if let seconds = Int64(text) {
            guard (0...maximumLatenessSeconds).contains(seconds) else { throw bad }
            return seconds
        }
        var total: Int64 = 0
        var number: Int64?
        var previousUnit = Int64.max
        for byte in text.utf8 {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                number = (number ?? 0) * 10 + Int64(byte - UInt8(ascii: "0"))
                guard let n = number, n <= maximumLatenessSeconds else { throw bad }
                continue
            }
            let unit: Int64
            switch byte {
            case UInt8(ascii: "d"): unit = 86_400
            case UInt8(ascii: "h"): unit = 3600
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "s"): unit = 1
            default: throw bad
            }
            // Each group needs a number, and units must go from larger to smaller.
            guard let n = number, unit < previousUnit else { throw bad }
            total += n * unit
            guard total <= maximumLatenessSeconds else { throw bad }
            previousUnit = unit
            number = nil
        }
        guard number == nil, previousUnit != .max else { throw bad }
        return total
    }

    private static func topics(_ node: ConfigurationNode) throws(ConfigurationError) -> TopicNames {
        var keys = try node.mapping()
        var topics = TopicNames()
        var seen: [(path: String, name: String)] = []
        func read(_ key: String, _ value: inout String, _ keys: inout ConfigurationMapping) throws(ConfigurationError) {
            if let node = keys.take(key) {
                let name = try node.string()
                guard TopicNames.isValid(name) else {
                    throw node.failure("must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -), got \(node.shown)")
                }
                value = name
            }
        }
        try read("events", &topics.events, &keys)
        try read("stats", &topics.stats, &keys)
        try read("alerts", &topics.alerts, &keys)
        try read("deadLetters", &topics.deadLetters, &keys)
        try keys.finish()
        for (key, name) in [
            ("events", topics.events), ("stats", topics.stats), ("alerts", topics.alerts), ("deadLetters", topics.deadLetters),
        ] {
            let path = node.childPath(key)
            if let other = seen.first(where: { $0.name == name }) {
                throw .invalidValue(
                    source: node.source, keyPath: path, problem: "must differ from \(other.path) (both are \(EventRejection.quoted(name)))")
            }
            seen.append((path, name))
        }
        return topics
    }

    private static func catalogue(_ node: ConfigurationNode) throws(ConfigurationError) -> ServiceCatalogue {
        let items = try node.sequence()
        guard !items.isEmpty else { throw node.failure("must list at least one service") }
        var services: [ServiceDefinition] = []
        var codePaths: [String: String] = [:]
        for item in items {
            var keys = try item.mapping()
            let codeNode = try keys.require("code")
            let code = try codeNode.string()
            guard isValidServiceCode(code) else {
                throw codeNode.failure("must be 1–16 uppercase letters, digits, '-' or '_', got \(codeNode.shown)")
            }
            if let first = codePaths[code] {
                throw codeNode.failure("duplicate service code \(EventRejection.quoted(code)) (also at \(first))")
            }
            codePaths[code] = item.path
            let nameNode = try keys.require("name")
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.failure("must not be empty") }
            guard name.unicodeScalars.count <= ConfigurationLimits.maximumServiceNameCharacters else {
                throw nameNode.failure(
                    "must be at most \(ConfigurationLimits.maximumServiceNameCharacters) characters, got \(name.unicodeScalars.count)")
            }
            let targetWeeks = try keys.require("targetWeeks").integer(
                in: 1...520, expectation: "must be a positive whole number of weeks (at most 520)")
            let standardPct = try keys.require("standardPct").integer(in: 0...100, expectation: "must be a whole number between 0 and 100")
            let clockStopNode = try keys.require("clockStop")
            let clockStopText = try clockStopNode.string()
            guard let clockStop = EventType(rawValue: clockStopText), allowedClockStops.contains(clockStop) else {
                throw clockStopNode.failure(
                    "must be one of \(allowedClockStops.map(\.rawValue).joined(separator: ", ")), got \(clockStopNode.shown)")
            }
            try keys.finish()
            services.append(
                ServiceDefinition(code: code, name: name, targetWeeks: targetWeeks, standardPct: standardPct, clockStop: clockStop))
        }
        return ServiceCatalogue(services)
    }

    /// Service codes appear in Kafka keys (`RAJ/SALT/2026-03-01`), so they are restricted to
    /// 1–16 of `A–Z 0–9 - _`.
    static func isValidServiceCode(_ code: String) -> Bool {
        (1...16).contains(code.utf8.count)
            && code.utf8.allSatisfy { b in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            }
    }

    /// One-line error for a Yams failure.
    private static func yamlError(_ error: any Error, source: String) -> ConfigurationError {
        guard let error = error as? YamlError else {
            return .invalidYAML(
                source: source, line: 0, column: 0, problem: "\(error)".split(separator: "\n").first.map(String.init) ?? "unknown error")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\($0.text): \(problem)" } ?? problem
            return .invalidYAML(source: source, line: mark.line, column: mark.column, problem: text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { EventRejection.quoted($0) }.joined(separator: ", ")
            return .invalidYAML(source: source, line: context.mark.line, column: context.mark.column, problem: "duplicate key \(names)")
        case .reader(let problem, _, _, _):
            return .invalidYAML(source: source, line: 0, column: 0, problem: problem)
        default:
            return .invalidYAML(
                source: source, line: 0, column: 0, problem: "\(error)".split(separator: "\n").first.map(String.init) ?? "unknown error")
        }
    }
}
