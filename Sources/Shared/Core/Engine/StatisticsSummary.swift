/// The statistics part of a ``WaitStatsRecord`` (everything but the identity and configuration).
struct StatisticsSummary: Sendable, Hashable {
    var waiting: WaitStatsRecord.Waiting
    var completed: WaitStatsRecord.Completed
    var received: Int
    var dna: Int
    var cancelledByProvider: Int
    var cancelledByPatient: Int
    var closed: Int
    var lateEvents: Int
}
