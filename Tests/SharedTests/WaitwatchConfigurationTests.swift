import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct WaitwatchConfigurationTests: ConfigurationErrorChecking {
    static let oneService = """
        services:
          - code: DIET
            name: Dietetics
            targetWeeks: 18
            standardPct: 92
            clockStop: appointment.attended
        """

    // MARK: Defaults

    @Test func defaultsAreTheSpecs() {
        let c = WaitwatchConfiguration()
        #expect(c.windowDays == 28)
        #expect(c.latenessSeconds == 3600)
        #expect(
            c.topics
                == TopicNames(
                    events: "referral-events", stats: "referral-wait-stats", alerts: "referral-wait-alerts",
                    deadLetters: "referral-events-dlq"))
        #expect(c.catalogue == ServiceCatalogue.default)
    }

    @Test func emptyDocumentsGiveTheDefaults() throws {
        #expect(try WaitwatchConfiguration(yaml: "") == WaitwatchConfiguration())
        #expect(try WaitwatchConfiguration(yaml: "# nothing here\n") == WaitwatchConfiguration())
        #expect(try WaitwatchConfiguration(yaml: "windowDays:\nlateness: null\ntopics: ~\n") == WaitwatchConfiguration())
    }

    @Test func exampleDeployFileLoadsAndEqualsTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/waitwatch.yaml").path
        #expect(try WaitwatchConfiguration.load(path: path) == WaitwatchConfiguration())
    }

    // MARK: Overrides

    @Test func overridesKeysGiven() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                windowDays: 14
                lateness: 1h30m
                topics:
                  stats: test-stats
                """)
        #expect(c.windowDays == 14)
        #expect(c.latenessSeconds == 5400)
        #expect(c.topics.stats == "test-stats")
        #expect(c.topics.events == "referral-events")
        #expect(c.catalogue == .default)
    }

    @Test(arguments: [
        ("0", 0), ("3600", 3600), ("90s", 90), ("30m", 1800), ("1h", 3600), ("2d", 172_800),
        ("1d2h3m4s", 93_784), ("7d", 604_800), ("\"45m\"", 2700),
    ])
    func latenessDurations(text: String, seconds: Int64) throws {
        #expect(try WaitwatchConfiguration(yaml: "lateness: \(text)").latenessSeconds == seconds)
    }

    @Test func servicesReplaceTheDefaultCatalogue() throws {
        let c = try WaitwatchConfiguration(yaml: Self.oneService)
        #expect(
            c.catalogue.services == [
                ServiceDefinition(code: "DIET", name: "Dietetics", targetWeeks: 18, standardPct: 92, clockStop: .appointmentAttended)
            ])
        #expect(c.catalogue["SALT"] == nil)
        #expect(EventDecoder(catalogue: c.catalogue).decode(EventDecoderTests.received()).failureReason == #"unknown service "SALT""#)
    }

    @Test func quotedNumbersAreAccepted() throws {
        #expect(try WaitwatchConfiguration(yaml: "windowDays: \"7\"").windowDays == 7)
    }

    @Test func loadsFromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-\(UUID()).yaml").path
        try "windowDays: 7\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try WaitwatchConfiguration.load(path: path).windowDays == 7)
    }

    // MARK: Errors, one line each, naming the key

    @Test func unreadableFiles() {
        #expect(throws: ConfigurationError.unreadable(source: "/nonexistent/x.yaml", reason: "no such file")) {
            try WaitwatchConfiguration.load(path: "/nonexistent/x.yaml")
        }
        let dir = FileManager.default.temporaryDirectory.path
        #expect(throws: ConfigurationError.unreadable(source: dir, reason: "it is a directory")) {
            try WaitwatchConfiguration.load(path: dir)
        }
        #expect(
            ConfigurationError.unreadable(source: "c.yaml", reason: "no such file").description
                == "c.yaml: cannot read the configuration file: no such file")
    }

    @Test(arguments: [
        ("windowDays: 0", "config.yaml: windowDays: must be a whole number between 1 and 3660, got 0"),
        ("windowDays: 3661", "config.yaml: windowDays: must be a whole number between 1 and 3660, got 3661"),
        ("windowDays: four", #"config.yaml: windowDays: must be a whole number between 1 and 3660, got "four""#),
        ("windowDays: 2.5", #"config.yaml: windowDays: must be a whole number between 1 and 3660, got "2.5""#),
        ("windowDays: [1]", "config.yaml: windowDays: must be a whole number between 1 and 3660, got a list"),
        ("lateness: soon", #"config.yaml: lateness: must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got "soon""#),
        ("lateness: 8d", #"config.yaml: lateness: must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got "8d""#),
        ("lateness: 30m1h", #"config.yaml: lateness: must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got "30m1h""#),
        ("lateness: -5", "config.yaml: lateness: must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got -5"),
        ("lateness: 1h30", #"config.yaml: lateness: must be a duration such as 90s, 30m, 1h or 1h30m (at most 7d), got "1h30""#),
        (
            "windowDay: 28",
            "config.yaml: windowDay: unknown key; expected one of windowDays, lateness, trustsReportingDays, feedSilentAfter, topics, services, alerts, implausibleTime, feeds, regions, icbs, organisations"
        ),
        (
            "alert:\n  rules: {}",
            "config.yaml: alert: unknown key; expected one of windowDays, lateness, trustsReportingDays, feedSilentAfter, topics, services, alerts, implausibleTime, feeds, regions, icbs, organisations"
        ),
        ("topics:\n  event: x", "config.yaml: topics.event: unknown key; expected one of events, stats, alerts, deadLetters"),
        (
            "topics:\n  stats: has space",
            #"config.yaml: topics.stats: must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -), got "has space""#
        ),
        ("topics:\n  stats: referral-events", #"config.yaml: topics.stats: must differ from topics.events (both are "referral-events")"#),
        ("topics: kafka", #"config.yaml: topics: must be a mapping of keys to values, got "kafka""#),
        ("- 1\n- 2", "config.yaml: (top level): must be a mapping of keys to values, got a list"),
        ("services: []", "config.yaml: services: must list at least one service"),
        ("services:\n  code: SALT", "config.yaml: services: must be a list, got a mapping"),
        ("windowDays: 1\nwindowDays: 2", #"config.yaml: line 1, column 1: not valid YAML: duplicate key "windowDays""#),
        (
            "windowDays: [1, 2",
            "config.yaml: line 2, column 1: not valid YAML: while parsing a flow sequence: did not find expected ',' or ']'"
        ),
    ])
    func errorMessages(yaml: String, expected: String) {
        #expect(error(yaml) == expected)
    }

    @Test(arguments: [
        (
            "targetWeeks: 18", "targetWeeks: ten",
            #"config.yaml: services[0].targetWeeks: must be a positive whole number of weeks (at most 520), got "ten""#
        ),
        (
            "targetWeeks: 18", "targetWeeks: 0",
            "config.yaml: services[0].targetWeeks: must be a positive whole number of weeks (at most 520), got 0"
        ),
        ("standardPct: 92", "standardPct: 101", "config.yaml: services[0].standardPct: must be a whole number between 0 and 100, got 101"),
        (
            "clockStop: appointment.attended", "clockStop: referral.closed",
            #"config.yaml: services[0].clockStop: must be one of appointment.attended, treatment.started, plan.issued, got "referral.closed""#
        ),
        ("code: DIET", "code: diet", #"config.yaml: services[0].code: must be 1–16 uppercase letters, digits, '-' or '_', got "diet""#),
        ("code: DIET", "code: A/B", #"config.yaml: services[0].code: must be 1–16 uppercase letters, digits, '-' or '_', got "A/B""#),
        ("name: Dietetics", "name: ''", "config.yaml: services[0].name: must not be empty"),
        ("    name: Dietetics\n", "", #"config.yaml: services[0]: missing required key "name""#),
        (
            "standardPct: 92", "standardPct: 92\n    target: 3",
            "config.yaml: services[0].target: unknown key; expected one of code, name, targetWeeks, standardPct, clockStop"
        ),
    ])
    func serviceErrorMessages(replace: String, with: String, expected: String) {
        #expect(error(Self.oneService.replacingOccurrences(of: replace, with: with)) == expected)
    }

    @Test func errorsNameTheListIndex() {
        let two =
            Self.oneService + "\n"
            + Self.oneService.split(separator: "\n").dropFirst()
            .joined(separator: "\n").replacingOccurrences(of: "DIET", with: "PODS")
            .replacingOccurrences(of: "targetWeeks: 18", with: "targetWeeks: ten")
        #expect(error(two) == #"config.yaml: services[1].targetWeeks: must be a positive whole number of weeks (at most 520), got "ten""#)
        let duplicate = Self.oneService + "\n" + Self.oneService.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(error(duplicate) == #"config.yaml: services[1].code: duplicate service code "DIET" (also at services[0])"#)
    }

    @Test func everyMessageIsOneLine() {
        for yaml in ["a: [", "x: 1", "windowDays: 0", "\t bad", "a: 'open"] {
            let message = error(yaml) ?? ""
            #expect(!message.isEmpty && !message.contains("\n"), "\(message)")
        }
    }
}
