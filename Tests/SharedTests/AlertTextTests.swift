import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Messages, log lines and the JSON form of alerts (SPEC section 3).
@Suite struct AlertTextTests {
    typealias R = AlertTestRecords

    func first(_ records: [WaitStatsRecord]) throws -> Alert {
        var evaluator = AlertEvaluator()
        return try #require(evaluator.evaluate(records).first)
    }

    static let longWaiters = Alert(
        alertId: "long-waiters/RAJ/SALT/2026-05-06", rule: .longWaiters, trust: "RAJ", service: "SALT", state: .firing,
        asOf: CivilDay("2026-05-06")!, valueTenths: 30, thresholdTenths: 0, severity: .critical,
        message: "Speech and language therapy at RAJ: 3 children have waited over 52 weeks")

    // MARK: Messages

    @Test func waitingStandardMessage() throws {
        var record = R.record(asOf: R.day("2026-05-06"), count: 1204, withinTenths: 412)
        record.trust = "RAJ"
        #expect(
            try first([record]).message
                == "Child and adolescent mental health services at RAJ: 41.2% of 1,204 waiting children are within the 4-week target (standard: 92%)"
        )
        #expect(
            try first([R.record(service: "SALT", count: 1, withinTenths: 0)]).message
                == "Speech and language therapy at RAJ: 0.0% of 1 waiting child is within the 18-week target (standard: 92%)")
    }

    @Test func longWaitersMessages() throws {
        var evaluator = AlertEvaluator()
        let fired = evaluator.evaluate(R.record(trust: "RQW", service: "SALT", over52: 3))
        #expect(fired.map(\.message) == ["Speech and language therapy at RQW: 3 children have waited over 52 weeks"])
        let resolved = evaluator.evaluate(R.record(trust: "RQW", service: "SALT", asOf: R.start.advanced(by: 1)))
        #expect(resolved.map(\.message) == ["Speech and language therapy at RQW: nobody is waiting over 52 weeks any more"])
        #expect(
            try first([R.record(trust: "ALL", service: "EHCNA", withinTenths: 1000, over52: 1234)]).message
                == "Education, health and care needs assessment nationally: 1,234 children have waited over 52 weeks")
    }

    @Test func growthMessage() throws {
        #expect(
            try first(R.growth(from: 4480, to: 5120, trust: "ALL")).message
                == "Neurodevelopmental (autism/ADHD) assessment nationally: the waiting list grew 14.3% in 28 days to 5,120 children (alert above 10%)"
        )
    }

    @Test func servicesOutsideTheCatalogueAreNamedByCode() throws {
        #expect(try first([R.record(service: "DIET", over52: 2)]).message == "DIET at RAJ: 2 children have waited over 52 weeks")
    }

    @Test func serviceNamesDropATrailingQualifier() {
        let catalogue = ServiceCatalogue.default
        #expect(AlertText.serviceName("SALT", catalogue: catalogue) == "Speech and language therapy")
        #expect(AlertText.serviceName("NDA", catalogue: catalogue) == "Neurodevelopmental (autism/ADHD) assessment")
        #expect(AlertText.serviceName("PHYSIO", catalogue: catalogue) == "Physiotherapy")
        #expect(AlertText.serviceName("COMMPAEDS", catalogue: catalogue) == "Community paediatrics")
        let odd = ServiceCatalogue([ServiceDefinition(code: "X", name: "(only)", targetWeeks: 1, standardPct: 1, clockStop: .planIssued)])
        #expect(AlertText.serviceName("X", catalogue: odd) == "(only)")
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (1204, "1,204"), (1_234_567, "1,234,567"), (-5120, "-5,120")])
    func groupedNumbers(value: Int, text: String) {
        #expect(AlertText.grouped(value) == text)
    }

    @Test(arguments: [(412, "41.2"), (920, "92"), (0, "0"), (5, "0.5"), (-32, "-3.2"), (1000, "100")])
    func tenthsNumbers(value: Int, text: String) {
        #expect(AlertText.tenths(value) == text)
    }

    @Test(arguments: [(1, 3, 3), (2, 3, 7), (1, 16, 1), (-1, 3, -3), (5, 200, 0), (1, 20, 1), (-1, 20, -1)])
    func roundingIsHalfAwayFromZero(numerator: Int, denominator: Int, tenths: Int) {
        #expect(
            AlertText.roundedTenths(numerator: numerator * 10, denominator: denominator * 10)
                == AlertText.roundedTenths(numerator: numerator, denominator: denominator))
        #expect(AlertText.roundedTenths(numerator: numerator, denominator: denominator) == tenths)
    }

    // MARK: Log line

    @Test func logLineHasTheFieldsInAFixedOrder() {
        #expect(
            Self.longWaiters.logLine
                == "2026-05-06 CRITICAL FIRING   long-waiters        RAJ/SALT  value=3 threshold=0  Speech and language therapy at RAJ: 3 children have waited over 52 weeks  [long-waiters/RAJ/SALT/2026-05-06]"
        )
    }

    @Test func logLinesOfEveryRuleAndStateAlign() throws {
        var evaluator = AlertEvaluator()
        var alerts = evaluator.evaluate(
            R.growth(from: 100, to: 200, service: "CAMHS").enumerated().map { i, r in
                var r = r
                if i == 28 { r.waiting.withinTargetPctTenths = 412; r.waiting.over52Weeks = 1 }
                return r
            })
        alerts += evaluator.evaluate(R.record(service: "CAMHS", asOf: R.start.advanced(by: 29), count: 10))
        #expect(alerts.count == 6)
        let columns = alerts.map { $0.logLine.firstRange(of: "RAJ/CAMHS")?.lowerBound.utf16Offset(in: $0.logLine) }
        #expect(Set(columns).count == 1)
        #expect(alerts.map { $0.logLine.split(separator: " ")[2] } == ["FIRING", "FIRING", "FIRING", "RESOLVED", "RESOLVED", "RESOLVED"])
        #expect(alerts.map { $0.logLine.split(separator: " ")[1] } == ["WARNING", "CRITICAL", "WARNING", "WARNING", "CRITICAL", "WARNING"])
        #expect(alerts.allSatisfy { !$0.logLine.contains("\n") && $0.logLine.hasSuffix("[\($0.alertId)]") })
        #expect(alerts[3].logLine.contains("value=95 threshold=92"))
    }

    @Test func logLineIsOneLineWhateverTheServiceName() throws {
        let catalogue = ServiceCatalogue([
            ServiceDefinition(code: "X", name: "Two\nlines", targetWeeks: 1, standardPct: 1, clockStop: .planIssued)
        ])
        var evaluator = AlertEvaluator(catalogue: catalogue)
        let alert = try #require(evaluator.evaluate(R.record(service: "X", over52: 1)).first)
        #expect(!alert.logLine.contains("\n"))
        #expect(alert.logLine.contains("Two lines at RAJ"))
    }

    @Test func missingValuesAreNullInTheLog() throws {
        let alert = try first(R.growth(from: 0, to: 25))
        #expect(alert.logLine.contains("value=null threshold=10  "))
    }

    // MARK: JSON

    @Test func jsonHasTheSpecFieldsInOrder() {
        #expect(
            Self.longWaiters.jsonString
                == #"{"alertId":"long-waiters/RAJ/SALT/2026-05-06","rule":"long-waiters","trust":"RAJ","service":"SALT","state":"firing","asOf":"2026-05-06","value":3,"threshold":0,"severity":"critical","message":"Speech and language therapy at RAJ: 3 children have waited over 52 weeks"}"#
        )
    }

    @Test func jsonNumbersHaveADecimalOnlyWhenNeeded() throws {
        var record = R.record(asOf: R.day("2026-05-06"), count: 1204, withinTenths: 412)
        record.trust = "RAJ"
        let text = try first([record]).jsonString
        #expect(text.contains(#""value":41.2,"threshold":92,"severity":"warning""#))
    }

    @Test func jsonRoundTripsThroughJSONDecoder() throws {
        var evaluator = AlertEvaluator()
        let alerts = evaluator.evaluate(R.growth(from: 4480, to: 5120) + [R.record(trust: "ALL", count: 0, withinTenths: nil, over52: 2)])
        #expect(alerts.count == 2)
        for alert in alerts + [Self.longWaiters] {
            let object = try JSONSerialization.jsonObject(with: Data(alert.jsonBytes())) as? [String: Any]
            #expect(object?.count == 10)
            #expect(try JSONDecoder().decode(Alert.self, from: Data(alert.jsonBytes())) == alert)
        }
    }

    @Test func kafkaKeyIsRuleTrustAndService() {
        #expect(Self.longWaiters.key == "long-waiters/RAJ/SALT")
        #expect(Self.longWaiters.value == 3)
        #expect(Self.longWaiters.threshold == 0)
    }
}
