@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Statistics records for the alert tests: everything healthy unless a test says otherwise.
enum AlertTestRecords {
    static let start = CivilDay("2026-04-01")!

    static func day(_ text: String) -> CivilDay { CivilDay(text)! }

    /// A record of `trust`/`service` on `asOf`. `withinTenths` is `waiting.withinTargetPct`
    /// in tenths (nil: null); the catalogue's target and standard for the service.
    static func record(
        trust: String = "RAJ", service: String = "CAMHS", asOf: CivilDay = start, count: Int = 100,
        withinTenths: Int? = 950, over18: Int = 0, over52: Int = 0, over104: Int = 0, windowDays: Int = 28
    ) -> WaitStatsRecord {
        let definition = ServiceCatalogue.default[service]
        var waiting = WaitStatsRecord.Waiting()
        waiting.count = count
        waiting.withinTargetPctTenths = count == 0 ? nil : withinTenths
        waiting.over18Weeks = max(over18, over52)
        waiting.over52Weeks = over52
        waiting.over104Weeks = over104
        return WaitStatsRecord(
            trust: trust, service: service, asOf: asOf, windowDays: windowDays,
            targetDays: definition?.targetDays ?? 126, standardPct: definition?.standardPct ?? 92,
            waiting: waiting, completed: .init(), received: 0, dna: 0, cancelledByProvider: 0,
            cancelledByPatient: 0, closed: 0, lateEvents: 0)
    }

    /// One record per day from `start` with these waiting counts (everything else healthy).
    static func counts(_ counts: [Int], trust: String = "RAJ", service: String = "NDA", windowDays: Int = 28) -> [WaitStatsRecord] {
        counts.enumerated().map { i, count in
            record(trust: trust, service: service, asOf: start.advanced(by: Int32(i)), count: count, windowDays: windowDays)
        }
    }

    /// `count` records per day of a constant list of `earlier`, then one of `now`, `windowDays`
    /// days after the first: the growth rule's comparison in its simplest form.
    static func growth(
        from earlier: Int, to now: Int, windowDays: Int = 28, service: String = "NDA", trust: String = "RAJ"
    ) -> [WaitStatsRecord] {
        counts(Array(repeating: earlier, count: windowDays) + [now], trust: trust, service: service, windowDays: windowDays)
    }
}
