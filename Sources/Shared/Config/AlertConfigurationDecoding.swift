import WaitwatchCore

/// Reading the `alerts:` section of a configuration file (see ``AlertConfiguration`` and
/// `deploy/waitwatch.yaml`). Every error is one line naming the key path, e.g.
/// `config.yaml: alerts.services.SALT.waiting-list-growth.percent: must be a percentage …`.
extension AlertConfiguration {
    /// The values allowed for `enabled`.
    private static let booleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false,
    ]

    /// Reads `alerts:`. Keys under `services` must be codes of `catalogue`.
    init(node: ConfigurationNode, catalogue: ServiceCatalogue) throws(ConfigurationError) {
        self.init()
        var keys = try node.mapping()
        if let rulesNode = keys.take("rules") {
            try Self.apply(rulesNode, to: &rules)
        }
        if let servicesNode = keys.take("services") {
            var codes = try servicesNode.mapping()
            for service in catalogue.services {
                guard let serviceNode = codes.take(service.code) else { continue }
                var settings = rules
                try Self.apply(serviceNode, to: &settings)
                services[service.code] = settings
            }
            try codes.finish()
        }
        try keys.finish()
    }

    /// Applies a mapping of rule names to rule settings (`rules:`, or one service's entry).
    private static func apply(_ node: ConfigurationNode, to settings: inout AlertSettings) throws(ConfigurationError) {
        var keys = try node.mapping()
        if let ruleNode = keys.take(AlertRule.waitingStandard.rawValue) {
            var rule = try ruleNode.mapping()
            try common(&rule, enabled: &settings.waitingStandard.enabled, severity: &settings.waitingStandard.severity)
            if let n = rule.take("standardPct") {
                settings.waitingStandard.standardPctTenths = try tenths(
                    n, in: 0...1000, expectation: "must be a percentage between 0 and 100 with at most one decimal (e.g. 92 or 92.5)")
            }
            try rule.finish()
        }
        if let ruleNode = keys.take(AlertRule.longWaiters.rawValue) {
            var rule = try ruleNode.mapping()
            try common(&rule, enabled: &settings.longWaiters.enabled, severity: &settings.longWaiters.severity)
            if let n = rule.take("weeks") {
                let allowed = LongWaitWeeks.allCases.map(\.description).joined(separator: ", ")
                guard case .scalar(let scalar) = n.node, let weeks = Int(scalar.string).flatMap(LongWaitWeeks.init(rawValue:)) else {
                    throw n.failure("must be one of \(allowed) (the bands a statistics record counts), got \(n.shown)")
                }
                settings.longWaiters.weeks = weeks
            }
            try rule.finish()
        }
        if let ruleNode = keys.take(AlertRule.waitingListGrowth.rawValue) {
            var rule = try ruleNode.mapping()
            try common(&rule, enabled: &settings.waitingListGrowth.enabled, severity: &settings.waitingListGrowth.severity)
            if let n = rule.take("percent") {
                settings.waitingListGrowth.percentTenths = try tenths(
                    n, in: 0...10_000, expectation: "must be a percentage between 0 and 1000 with at most one decimal (e.g. 10 or 12.5)")
            }
            if let n = rule.take("minimumWaiting") {
                settings.waitingListGrowth.minimumWaiting = try n.integer(
                    in: 0...1_000_000_000, expectation: "must be a whole number of children, 0 or more")
            }
            try rule.finish()
        }
        if let ruleNode = keys.take(AlertRule.feedSilent.rawValue) {
            var rule = try ruleNode.mapping()
            try common(&rule, enabled: &settings.feedSilent.enabled, severity: &settings.feedSilent.severity)
            if rule.take("after") != nil || rule.take("afterDays") != nil {
                throw ruleNode.failure(
                    "takes only enabled and severity: the days are the top-level feedSilentAfter (e.g. feedSilentAfter: 14d)")
            }
            try rule.finish()
        }
        try keys.finish()
    }

    /// `enabled` and `severity`, which every rule has.
    private static func common(
        _ rule: inout ConfigurationMapping, enabled: inout Bool, severity: inout AlertSeverity
    ) throws(ConfigurationError) {
        if let n = rule.take("enabled") {
            guard case .scalar(let scalar) = n.node, let value = booleans[scalar.string] else {
                throw n.failure("must be true or false, got \(n.shown)")
            }
            enabled = value
        }
        if let n = rule.take("severity") {
            guard case .scalar(let scalar) = n.node, let value = AlertSeverity(rawValue: scalar.string) else {
                throw n.failure("must be one of \(AlertSeverity.allCases.map(\.rawValue).joined(separator: ", ")), got \(n.shown)")
            }
            severity = value
        }
    }

    /// A non-negative decimal with at most one decimal place (`92`, `92.5`, `10.0`), in tenths,
    /// within `range` (in tenths).
    private static func tenths(_ node: ConfigurationNode, in range: ClosedRange<Int>, expectation: String) throws(ConfigurationError) -> Int
    {
        let bad = node.failure("\(expectation), got \(node.shown)")
        guard case .scalar(let scalar) = node.node else { throw bad }
        let parts = scalar.string.split(separator: ".", omittingEmptySubsequences: false)
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
        guard (1...2).contains(parts.count), parts[0].utf8.count <= 9, digits(parts[0]), let whole = Int(parts[0]) else { throw bad }
        var value = whole * 10
        if parts.count == 2 {
            guard parts[1].utf8.count == 1, digits(parts[1]), let decimal = Int(parts[1]) else { throw bad }
            value += decimal
        }
        guard range.contains(value) else { throw bad }
        return value
    }
}
