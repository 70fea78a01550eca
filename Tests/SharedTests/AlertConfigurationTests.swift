import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// The `alerts:` section of the configuration file.
@Suite struct AlertConfigurationTests: ConfigurationErrorChecking {
    @Test func defaultsAreTheSpecs() {
        let rules = WaitwatchConfiguration().alerts.rules
        #expect(WaitwatchConfiguration().alerts.services.isEmpty)
        #expect(rules.waitingStandard == WaitingStandardSettings(enabled: true, severity: .warning, standardPctTenths: nil))
        #expect(rules.longWaiters == LongWaitersSettings(enabled: true, severity: .critical, weeks: .over52))
        #expect(
            rules.waitingListGrowth == WaitingListGrowthSettings(enabled: true, severity: .warning, percentTenths: 100, minimumWaiting: 20))
        #expect(AlertRule.allCases.allSatisfy(rules.isEnabled))
    }

    @Test func emptyOrNullSectionsKeepTheDefaults() throws {
        for yaml in [
            "alerts:", "alerts: {}", "alerts:\n  rules:\n  services:", "alerts:\n  rules:\n    long-waiters: {}\n    waiting-standard:\n",
        ] {
            #expect(try WaitwatchConfiguration(yaml: yaml).alerts == AlertConfiguration(), "\(yaml)")
        }
    }

    @Test func globalRulesAreTuned() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                alerts:
                  rules:
                    waiting-standard: { severity: critical, standardPct: 92.5 }
                    long-waiters: { enabled: false, weeks: 78 }
                    waiting-list-growth: { percent: 12.5, minimumWaiting: 0, severity: info }
                """
        ).alerts
        #expect(c.rules.waitingStandard == WaitingStandardSettings(enabled: true, severity: .critical, standardPctTenths: 925))
        #expect(c.rules.longWaiters == LongWaitersSettings(enabled: false, severity: .critical, weeks: .over78))
        #expect(
            c.rules.waitingListGrowth == WaitingListGrowthSettings(enabled: true, severity: .info, percentTenths: 125, minimumWaiting: 0))
    }

    @Test func serviceEntriesInheritTheGlobalRulesAndOverrideSomeKeys() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                alerts:
                  services:
                    SALT:
                      waiting-list-growth: { enabled: false }
                    CAMHS:
                      waiting-standard: { standardPct: 95 }
                      long-waiters: { weeks: 18 }
                  rules:
                    long-waiters: { severity: warning }
                """
        ).alerts
        #expect(Set(c.services.keys) == ["SALT", "CAMHS"])
        let salt = c.settings(forService: "SALT")
        #expect(!salt.isEnabled(.waitingListGrowth))
        #expect(salt.isEnabled(.waitingStandard))
        #expect(salt.longWaiters.severity == .warning)
        let camhs = c.settings(forService: "CAMHS")
        #expect(camhs.waitingStandard.standardPctTenths == 950)
        #expect(camhs.longWaiters == LongWaitersSettings(enabled: true, severity: .warning, weeks: .over18))
        #expect(camhs.isEnabled(.waitingListGrowth))
        #expect(c.settings(forService: "OT") == c.rules)
    }

    @Test func aRuleDisabledGloballyCanBeEnabledForOneService() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                alerts:
                  rules:
                    waiting-list-growth: { enabled: false }
                  services:
                    NDA:
                      waiting-list-growth: { enabled: true }
                """
        ).alerts
        #expect(!c.settings(forService: "SALT").isEnabled(.waitingListGrowth))
        #expect(c.settings(forService: "NDA").isEnabled(.waitingListGrowth))
    }

    @Test func serviceEntriesMayNameConfiguredServices() throws {
        let c = try WaitwatchConfiguration(
            yaml: WaitwatchConfigurationTests.oneService + """

                alerts:
                  services:
                    DIET: { long-waiters: { weeks: 104 } }
                """
        ).alerts
        #expect(c.settings(forService: "DIET").longWaiters.weeks == .over104)
    }

    @Test(arguments: [
        ("alerts: []", "config.yaml: alerts: must be a mapping of keys to values, got a list"),
        ("alerts:\n  rule: {}", "config.yaml: alerts.rule: unknown key; expected one of rules, services"),
        (
            "alerts:\n  rules:\n    long-waiter: {}",
            "config.yaml: alerts.rules.long-waiter: unknown key; expected one of waiting-standard, long-waiters, waiting-list-growth, feed-silent"
        ),
        (
            "alerts:\n  rules:\n    long-waiters: { weeks: 50 }",
            "config.yaml: alerts.rules.long-waiters.weeks: must be one of 18, 52, 65, 78, 104 (the bands a statistics record counts), got 50"
        ),
        (
            "alerts:\n  rules:\n    long-waiters: { threshold: 1 }",
            "config.yaml: alerts.rules.long-waiters.threshold: unknown key; expected one of enabled, severity, weeks"
        ),
        (
            "alerts:\n  rules:\n    waiting-standard: { enabled: yes }",
            #"config.yaml: alerts.rules.waiting-standard.enabled: must be true or false, got "yes""#
        ),
        (
            "alerts:\n  rules:\n    waiting-standard: { severity: high }",
            #"config.yaml: alerts.rules.waiting-standard.severity: must be one of info, warning, critical, got "high""#
        ),
        (
            "alerts:\n  rules:\n    waiting-standard: { standardPct: 100.1 }",
            #"config.yaml: alerts.rules.waiting-standard.standardPct: must be a percentage between 0 and 100 with at most one decimal (e.g. 92 or 92.5), got "100.1""#
        ),
        (
            "alerts:\n  rules:\n    waiting-standard: { standardPct: 92.25 }",
            #"config.yaml: alerts.rules.waiting-standard.standardPct: must be a percentage between 0 and 100 with at most one decimal (e.g. 92 or 92.5), got "92.25""#
        ),
        (
            "alerts:\n  rules:\n    waiting-list-growth: { percent: -5 }",
            "config.yaml: alerts.rules.waiting-list-growth.percent: must be a percentage between 0 and 1000 with at most one decimal (e.g. 10 or 12.5), got -5"
        ),
        (
            "alerts:\n  rules:\n    waiting-list-growth: { percent: ten }",
            #"config.yaml: alerts.rules.waiting-list-growth.percent: must be a percentage between 0 and 1000 with at most one decimal (e.g. 10 or 12.5), got "ten""#
        ),
        (
            "alerts:\n  rules:\n    waiting-list-growth: { minimumWaiting: 2.5 }",
            #"config.yaml: alerts.rules.waiting-list-growth.minimumWaiting: must be a whole number of children, 0 or more, got "2.5""#
        ),
        (
            "alerts:\n  services:\n    SLAT: {}",
            "config.yaml: alerts.services.SLAT: unknown key; expected one of SALT, CAMHS, OT, PHYSIO, COMMPAEDS, NDA, EHCNA"
        ),
        (
            "alerts:\n  services:\n    SALT:\n      waiting-list-growth: { percent: 1001 }",
            "config.yaml: alerts.services.SALT.waiting-list-growth.percent: must be a percentage between 0 and 1000 with at most one decimal (e.g. 10 or 12.5), got 1001"
        ),
        (
            "alerts:\n  services:\n    SALT: off",
            #"config.yaml: alerts.services.SALT: must be a mapping of keys to values, got "off""#
        ),
    ])
    func errorMessages(yaml: String, expected: String) {
        #expect(error(yaml) == expected)
    }

    @Test func serviceEntriesMustBeInTheConfiguredCatalogue() {
        #expect(
            error(WaitwatchConfigurationTests.oneService + "\nalerts:\n  services:\n    SALT: {}\n")
                == "config.yaml: alerts.services.SALT: unknown key; expected one of DIET")
    }
}
