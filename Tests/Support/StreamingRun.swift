import WaitwatchCore

/// Drives the streaming engine the way the Kafka wiring will: events split across partition
/// engines by key hash, each partition advanced as its watermark allows after every event,
/// contributions encoded, decoded and delivered (optionally twice) to one aggregator, and the
/// end-of-replay rule at the end.
package struct StreamingRun {
    /// The latest version of every record, by record key.
    package var records: [String: WaitStatsRecord] = [:]
    /// Every record in emission order (with re-publications).
    package var log: [WaitStatsRecord] = []
    package var deadLetters: [DeadLetter] = []
    package var outcomes: [IngestOutcome] = []
    package var engines: [PartitionEngine] = []
    package var aggregator: AllAggregator
    package var lastCensusDay: CivilDay?

    package init(
        _ events: [ReferralEvent], partitions: Int = 1, configuration: EngineConfiguration = EngineConfiguration(),
        advanceWithWatermark: Bool = true, redeliverContributions: Bool = false, finish: Bool = true
    ) {
        engines = (0..<partitions).map { PartitionEngine(partition: $0, configuration: configuration) }
        aggregator = AllAggregator(configuration: configuration, partitionCount: partitions)
        var pendingContributions: [AllContribution] = []
        for (i, event) in events.enumerated() {
            let p = Self.partition(of: event, count: partitions)
            var dl: [DeadLetter] = []
            outcomes.append(engines[p].ingest(event, token: UInt64(i), deadLetters: &dl))
            deadLetters += dl
            if advanceWithWatermark, let advance = engines[p].advanceToWatermark() {
                take(advance, into: &pendingContributions)
                deliver(&pendingContributions, redeliver: redeliverContributions)
            }
        }
        if finish {
            for p in engines.indices {
                var dl: [DeadLetter] = []
                engines[p].finish(deadLetters: &dl)
                deadLetters += dl
            }
            lastCensusDay = PartitionEngine.lastCensusDay(latestAcceptedDays: engines.map(\.latestAcceptedDay))
            if let last = lastCensusDay {
                for p in engines.indices {
                    take(engines[p].advance(through: last), into: &pendingContributions)
                }
                deliver(&pendingContributions, redeliver: redeliverContributions)
            }
        }
    }

    /// Publishes every partition (and ALL) through `day`, after everything has been read.
    package mutating func extend(through day: CivilDay) {
        var pending: [AllContribution] = []
        for p in engines.indices {
            take(engines[p].advance(through: day), into: &pending)
        }
        deliver(&pending, redeliver: false)
    }

    /// The day after the last day any partition has published: records for it are computed
    /// from the complete state.
    package var firstFreshDay: CivilDay? {
        engines.compactMap(\.completeThrough).max().map { $0.advanced(by: 1) }
    }

    package static func partition(of event: ReferralEvent, count: Int) -> Int {
        Int(FNV1a.hash64(event.trust + "/" + event.service) % UInt64(count))
    }

    private mutating func take(_ advance: PartitionAdvance, into pending: inout [AllContribution]) {
        for r in advance.records { publish(r) }
        if let c = advance.contribution {
            // Through the wire format, as between processes.
            let bytes = c.encoded()
            do {
                pending.append(try AllContribution(decoding: bytes))
            } catch {
                preconditionFailure("contribution did not round-trip: \(error)")
            }
        }
    }

    private mutating func deliver(_ pending: inout [AllContribution], redeliver: Bool) {
        for c in pending {
            let receipt = aggregator.receive(c)
            for r in receipt.records { publish(r) }
            if redeliver {
                let again = aggregator.receive(c)
                precondition(again.outcome == .duplicate && again.records.isEmpty)
            }
        }
        pending.removeAll()
    }

    private mutating func publish(_ r: WaitStatsRecord) {
        records[r.key] = r
        log.append(r)
    }

    /// The latest record of `trust/service` for `day`.
    package func record(_ trust: String, _ service: String, _ day: CivilDay) -> WaitStatsRecord? {
        records["\(trust)/\(service)/\(day.description)"]
    }
}
