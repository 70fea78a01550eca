import WaitwatchCore

/// One partition engine fed by hand, for the definition tests.
package struct SinglePartition {
    package var engine: PartitionEngine
    package var outcomes: [IngestOutcome] = []
    package var deadLetters: [DeadLetter] = []
    package var records: [String: WaitStatsRecord] = [:]
    package var contributions: [AllContribution] = []

    package init(configuration: EngineConfiguration = EngineConfiguration(), partition: Int = 0) {
        engine = PartitionEngine(partition: partition, configuration: configuration)
    }

    /// Ingests events (tokens are their positions in `outcomes`), returning their outcomes.
    @discardableResult
    package mutating func ingest(_ events: ReferralEvent...) -> [IngestOutcome] {
        var out: [IngestOutcome] = []
        for e in events {
            var dl: [DeadLetter] = []
            let o = engine.ingest(e, token: UInt64(outcomes.count), deadLetters: &dl)
            outcomes.append(o)
            out.append(o)
            deadLetters += dl
        }
        return out
    }

    /// Publishes through `day`, keeping the latest records.
    package mutating func advance(through day: CivilDay) {
        let a = engine.advance(through: day)
        for r in a.records { records[r.key] = r }
        if let c = a.contribution { contributions.append(c) }
    }

    /// The latest record of `trust/service` on `day`.
    package func record(_ trust: String, _ service: String, _ day: CivilDay) -> WaitStatsRecord? {
        records["\(trust)/\(service)/\(day.description)"]
    }

    /// The latest `RAJ/SALT` record on `day`.
    package func record(_ day: CivilDay) -> WaitStatsRecord? {
        record("RAJ", "SALT", day)
    }
}

extension CivilDay {
    /// `self` moved by `n` days.
    package static func + (lhs: CivilDay, rhs: Int) -> CivilDay { lhs.advanced(by: Int32(rhs)) }
    /// `self` moved back by `n` days.
    package static func - (lhs: CivilDay, rhs: Int) -> CivilDay { lhs.advanced(by: -Int32(rhs)) }
}
