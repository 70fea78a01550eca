import PropertyBased
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// State snapshots: an engine (or aggregator) restored from another's bytes continues exactly as
/// the original would have, and the bytes are deterministic and checked.
@Suite struct EngineSnapshotTests {
    /// Everything one step of the worker's loop produces.
    struct Step: Hashable {
        var outcome: IngestOutcome?
        var deadLetters: [DeadLetter] = []
        var records: [WaitStatsRecord] = []
        var contribution: AllContribution?
    }

    /// Ingests `events[range]` (tokens are their indices), advancing to the watermark after
    /// each, as the worker does.
    static func drive(_ engine: inout PartitionEngine, _ events: [ReferralEvent], _ range: Range<Int>) -> [Step] {
        var steps: [Step] = []
        for i in range {
            var step = Step()
            step.outcome = engine.ingest(events[i], token: UInt64(i), deadLetters: &step.deadLetters)
            if let a = engine.advanceToWatermark() {
                step.records = a.records
                step.contribution = a.contribution
            }
            steps.append(step)
        }
        return steps
    }

    /// End of a replay (finish, advance through the last census day), then two more days
    /// (live mode on a quiet partition).
    static func end(_ engine: inout PartitionEngine) -> [Step] {
        var finish = Step()
        engine.finish(deadLetters: &finish.deadLetters)
        var steps = [finish]
        guard let last = PartitionEngine.lastCensusDay(latestAcceptedDays: [engine.latestAcceptedDay]) else { return steps }
        for day in [last, last + 2] {
            let a = engine.advance(through: day)
            steps.append(Step(records: a.records, contribution: a.contribution))
        }
        return steps
    }

    static func restored(_ engine: PartitionEngine) throws -> PartitionEngine {
        try PartitionEngine(restoring: engine.snapshotBytes(), partition: engine.partition, configuration: engine.configuration)
    }

    /// Observable properties of an engine, for a quick comparison.
    static func summary(_ e: PartitionEngine) -> String {
        "\(String(describing: e.watermark)) \(String(describing: e.completeThrough)) \(e.counters) "
            + "\(String(describing: e.latestAcceptedDay)) \(e.keyCount) \(e.heldEventCount) \(e.referralCount)"
    }

    /// A random scenario's events, some with sub-second times and the optional fields set (so
    /// that held events exercise every field of the encoding).
    static func events(seed: UInt64) -> (events: [ReferralEvent], configuration: EngineConfiguration) {
        let scenario = RandomScenario(seed: seed)
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        let events = scenario.events.map { e -> ReferralEvent in
            var e = e
            if Int.random(in: 0..<3, using: &rng) == 0 {
                e.occurredAt = Timestamp(
                    microsecondsSinceEpoch: e.occurredAt.microsecondsSinceEpoch + Int64.random(in: 1..<1_000_000, using: &rng))
                e.day = LondonTime.day(of: e.occurredAt)
            }
            if Bool.random(using: &rng) { e.appointmentId = "A-\(e.eventId)-é" }
            if Bool.random(using: &rng) { e.scheduledFor = e.occurredAt.adding(seconds: Int64.random(in: -86_400...864_000, using: &rng)) }
            if e.type == .referralReceived, Bool.random(using: &rng) { e.priority = Bool.random(using: &rng) ? .urgent : .routine }
            if e.type == .referralClosed, Bool.random(using: &rng) { e.reason = "moved away" }
            return e
        }
        return (events, scenario.configuration)
    }

    /// Split points: the ends, a few random ones, and (when there are any) one with held events
    /// and one right after a day was published.
    static func splitPoints(_ events: [ReferralEvent], configuration: EngineConfiguration, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var points: Set<Int> = [0, events.count, events.count / 2]
        for _ in 0..<3 { points.insert(Int.random(in: 0...events.count, using: &rng)) }
        var engine = PartitionEngine(partition: 2, configuration: configuration)
        var heldPoints: [Int] = []
        var advancePoints: [Int] = []
        for (i, e) in events.enumerated() {
            var dl: [DeadLetter] = []
            _ = engine.ingest(e, token: 0, deadLetters: &dl)
            if engine.advanceToWatermark() != nil { advancePoints.append(i + 1) }
            if engine.heldEventCount > 0 { heldPoints.append(i + 1) }
        }
        if let p = heldPoints.randomElement(using: &rng) { points.insert(p) }
        if let p = advancePoints.randomElement(using: &rng) { points.insert(p) }
        return points.sorted()
    }

    @Test func aRestoredEngineContinuesExactlyAsTheOriginal() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let (events, configuration) = Self.events(seed: seed)
            var a = PartitionEngine(partition: 2, configuration: configuration)
            let stepsA = Self.drive(&a, events, 0..<events.count)
            let bytesAfterEvents = a.snapshotBytes()
            let endA = Self.end(&a)
            let bytesAtEnd = a.snapshotBytes()

            for k in Self.splitPoints(events, configuration: configuration, seed: seed) {
                var b = PartitionEngine(partition: 2, configuration: configuration)
                _ = Self.drive(&b, events, 0..<k)
                do {
                    var c = try Self.restored(b)
                    #expect(Self.summary(c) == Self.summary(b), "seed \(seed) k \(k)")
                    #expect(c.snapshotBytes() == b.snapshotBytes(), "seed \(seed) k \(k)")
                    // Restore once more halfway through the rest.
                    let k2 = k + (events.count - k) / 2
                    var stepsC = Self.drive(&c, events, k..<k2)
                    c = try Self.restored(c)
                    stepsC += Self.drive(&c, events, k2..<events.count)
                    #expect(stepsC == Array(stepsA[k...]), "seed \(seed) k \(k)")
                    #expect(c.snapshotBytes() == bytesAfterEvents, "seed \(seed) k \(k)")
                    let endC = Self.end(&c)
                    #expect(endC == endA, "seed \(seed) k \(k)")
                    #expect(c.snapshotBytes() == bytesAtEnd, "seed \(seed) k \(k)")
                } catch {
                    Issue.record("seed \(seed) k \(k): \(error)")
                }
            }
        }
    }

    @Test func aRestoredEngineFinishesExactlyAsTheOriginal() throws {
        // Held events (with every optional field) still held when the replay ends.
        var builder = EventBuilder()
        var held = builder.next(.appointmentBooked, "R-RAJ-SALT-000007", at: "2026-05-01T09:00:00.123456+01:00")
        held.appointmentId = "APT-1"
        held.scheduledFor = Timestamp(microsecondsSinceEpoch: held.occurredAt.microsecondsSinceEpoch + 3_600_000_001)
        var closed = builder.next(.referralClosed, "R-RAJ-SALT-000008", at: "2026-05-01T09:30:00+01:00")
        closed.reason = "no longer needed"
        var received = builder.next(.referralReceived, "R-RAJ-SALT-000001", at: "2026-04-30T23:30:00+01:00")
        received.priority = .urgent
        let events = [received, held, closed, builder.next(.appointmentDNA, "R-RAJ-SALT-000001", at: "2026-05-01T09:45:00+01:00")]
        var a = PartitionEngine(partition: 0)
        let stepsA = Self.drive(&a, events, 0..<events.count)
        #expect(a.heldEventCount == 2)
        var c = try Self.restored(a)
        #expect(Self.summary(c) == Self.summary(a))
        #expect(Self.end(&c) == Self.end(&a))
        #expect(c.snapshotBytes() == a.snapshotBytes())
        #expect(stepsA.map(\.outcome) == [.accepted(late: false), .held, .held, .accepted(late: false)])
    }

    @Test func equalStatesGiveIdenticalBytes() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let (events, configuration) = Self.events(seed: seed)
            var x = PartitionEngine(partition: 1, configuration: configuration)
            var y = PartitionEngine(partition: 1, configuration: configuration)
            _ = Self.drive(&x, events, 0..<events.count)
            _ = Self.drive(&y, events, 0..<events.count)
            #expect(x.snapshotBytes() == y.snapshotBytes(), "seed \(seed)")
            // Dictionaries built differently (restored with other capacities) encode the same.
            let z = try? Self.restored(x)
            #expect(z?.snapshotBytes() == y.snapshotBytes(), "seed \(seed)")
        }
    }

    // MARK: National aggregator

    /// Contributions of a random scenario in delivery order, with some delivered out of order
    /// (adjacent ones of a partition swapped) and some twice.
    static func contributions(seed: UInt64) -> (contributions: [AllContribution], partitions: Int, configuration: EngineConfiguration) {
        let (events, configuration) = Self.events(seed: seed)
        let partitions = RandomScenario(seed: seed).partitions
        var engines = (0..<partitions).map { PartitionEngine(partition: $0, configuration: configuration) }
        var out: [AllContribution] = []
        for e in events {
            let p = StreamingRun.partition(of: e, count: partitions)
            var dl: [DeadLetter] = []
            _ = engines[p].ingest(e, token: 0, deadLetters: &dl)
            if let c = engines[p].advanceToWatermark()?.contribution { out.append(c) }
        }
        for p in engines.indices {
            var dl: [DeadLetter] = []
            engines[p].finish(deadLetters: &dl)
        }
        if let last = PartitionEngine.lastCensusDay(latestAcceptedDays: engines.map(\.latestAcceptedDay)) {
            for p in engines.indices {
                if let c = engines[p].advance(through: last).contribution { out.append(c) }
            }
        }
        var rng = SplitMix64(seed: seed ^ 0xA11)
        var i = 0
        while i + 1 < out.count {
            if out[i].partition == out[i + 1].partition, Int.random(in: 0..<3, using: &rng) == 0 {
                out.swapAt(i, i + 1)
                i += 2
            } else {
                i += 1
            }
        }
        var delivered: [AllContribution] = []
        for c in out {
            delivered.append(c)
            if Int.random(in: 0..<6, using: &rng) == 0 { delivered.append(c) }
        }
        // Drop one now and then, so that applyHeld has gaps to apply past at the end.
        if delivered.count > 4, Bool.random(using: &rng) {
            delivered.remove(at: Int.random(in: 0..<delivered.count, using: &rng))
        }
        return (delivered, partitions, configuration)
    }

    struct Delivery: Hashable {
        var outcome: AllAggregator.Outcome
        var records: [WaitStatsRecord]
        var unknownServices: [String]
    }

    static func deliver(_ aggregator: inout AllAggregator, _ contributions: ArraySlice<AllContribution>) -> [Delivery] {
        contributions.map {
            let r = aggregator.receive($0)
            return Delivery(outcome: r.outcome, records: r.records, unknownServices: r.unknownServices)
        }
    }

    @Test func aRestoredAggregatorContinuesExactlyAsTheOriginal() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let (contributions, partitions, configuration) = Self.contributions(seed: seed)
            var a = AllAggregator(configuration: configuration, partitionCount: partitions)
            let deliveriesA = Self.deliver(&a, contributions[...])
            let heldA = a.applyHeld()
            let bytesA = a.snapshotBytes()

            var rng = SplitMix64(seed: seed)
            var points: Set<Int> = [0, contributions.count, Int.random(in: 0...contributions.count, using: &rng)]
            var probe = AllAggregator(configuration: configuration, partitionCount: partitions)
            var heldPoints: [Int] = []
            for (i, c) in contributions.enumerated() {
                _ = probe.receive(c)
                if probe.heldCount > 0 { heldPoints.append(i + 1) }
            }
            if let p = heldPoints.randomElement(using: &rng) { points.insert(p) }

            for k in points.sorted() {
                var b = AllAggregator(configuration: configuration, partitionCount: partitions)
                _ = Self.deliver(&b, contributions[..<k])
                do {
                    var c = try AllAggregator(restoring: b.snapshotBytes(), configuration: configuration)
                    #expect(c.snapshotBytes() == b.snapshotBytes(), "seed \(seed) k \(k)")
                    #expect(c.heldCount == b.heldCount && c.partitionCount == b.partitionCount, "seed \(seed) k \(k)")
                    #expect(c.completeThrough == b.completeThrough, "seed \(seed) k \(k)")
                    let deliveriesC = Self.deliver(&c, contributions[k...])
                    #expect(deliveriesC == Array(deliveriesA[k...]), "seed \(seed) k \(k)")
                    let heldC = c.applyHeld()
                    #expect(heldC.records == heldA.records && heldC.missing == heldA.missing, "seed \(seed) k \(k)")
                    #expect(c.snapshotBytes() == bytesA, "seed \(seed) k \(k)")
                } catch {
                    Issue.record("seed \(seed) k \(k): \(error)")
                }
            }
        }
    }

    // MARK: Refusals

    /// A small engine with some of everything: keys, referrals, held events, published days.
    static func sampleEngine(partition: Int = 3, configuration: EngineConfiguration = EngineConfiguration()) -> PartitionEngine {
        var builder = EventBuilder()
        var engine = PartitionEngine(partition: partition, configuration: configuration)
        let events = [
            builder.next(.referralReceived, "R-RAJ-SALT-000001", at: "2026-05-01T09:00:00+01:00"),
            builder.next(.referralReceived, "R-RAJ-SALT-000002", at: "2026-05-01T10:00:00+01:00"),
            builder.next(.appointmentAttended, "R-RAJ-SALT-000001", at: "2026-05-02T10:00:00+01:00"),
            builder.next(.appointmentBooked, "R-RAJ-SALT-000009", at: "2026-05-03T11:00:00+01:00"),
            builder.next(.referralReceived, "R-RAJ-SALT-000003", at: "2026-05-03T12:00:00+01:00"),
        ]
        _ = drive(&engine, events, 0..<events.count)
        return engine
    }

    func reason(_ body: () throws(StateSnapshotError) -> Void) -> StateSnapshotError.Reason? {
        do {
            try body()
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func truncatedOrCorruptedBytesAreRefused() {
        let engine = Self.sampleEngine()
        let bytes = engine.snapshotBytes()
        #expect(engine.heldEventCount == 1 && engine.completeThrough != nil)
        for n in 0..<bytes.count {
            let r = reason { () throws(StateSnapshotError) in
                _ = try PartitionEngine(restoring: Array(bytes[..<n]), partition: 3, configuration: engine.configuration)
            }
            #expect(r != nil, "prefix \(n)")
            if n >= StateSnapshotFormat.headerLength { #expect(r == .truncated, "prefix \(n)") }
        }
        for i in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[i] ^= 1 << bit
                let r = reason { () throws(StateSnapshotError) in
                    _ = try PartitionEngine(restoring: flipped, partition: 3, configuration: engine.configuration)
                }
                #expect(r != nil, "byte \(i) bit \(bit)")
            }
        }
        var extra = bytes
        extra.append(0)
        #expect(
            reason { () throws(StateSnapshotError) in
                _ = try PartitionEngine(restoring: extra, partition: 3, configuration: engine.configuration)
            } == .corrupt("1 trailing bytes"))
        #expect(
            reason { () throws(StateSnapshotError) in
                _ = try PartitionEngine(restoring: Array("{\"not\":1}".utf8), partition: 3, configuration: engine.configuration)
            } == .notASnapshot)
        #expect(
            reason { () throws(StateSnapshotError) in
                _ = try PartitionEngine(restoring: [], partition: 3, configuration: engine.configuration)
            } == .truncated)
    }

    @Test func anotherVersionIsRefused() {
        var bytes = Self.sampleEngine().snapshotBytes()
        bytes[4] = StateSnapshotFormat.version &+ 1
        let error = #expect(throws: StateSnapshotError.self) {
            _ = try PartitionEngine(restoring: bytes, partition: 3, configuration: EngineConfiguration())
        }
        #expect(error?.reason == .unsupportedVersion(StateSnapshotFormat.version &+ 1))
        #expect(error?.description == "state snapshot has format version 3 (this build reads 2)")
    }

    @Test func anotherPartitionOrKindIsRefused() {
        let bytes = Self.sampleEngine(partition: 3).snapshotBytes()
        let error = #expect(throws: StateSnapshotError.self) {
            _ = try PartitionEngine(restoring: bytes, partition: 4, configuration: EngineConfiguration())
        }
        #expect(error?.reason == .wrongPartition(expected: 4, found: 3))
        #expect(error?.description == "state snapshot is of partition 3, not 4")
        #expect(throws: StateSnapshotError(.wrongKind)) {
            _ = try AllAggregator(restoring: bytes, configuration: EngineConfiguration())
        }
        let aggregator = AllAggregator(configuration: EngineConfiguration(), partitionCount: 2).snapshotBytes()
        #expect(throws: StateSnapshotError(.wrongKind)) {
            _ = try PartitionEngine(restoring: aggregator, partition: 0, configuration: EngineConfiguration())
        }
        #expect((try? AllAggregator(restoring: aggregator, configuration: EngineConfiguration()))?.partitionCount == 2)
    }

    @Test func anotherConfigurationIsRefused() {
        let taken = EngineConfiguration()
        let bytes = Self.sampleEngine(configuration: taken).snapshotBytes()
        var window = taken
        window.windowDays = 14
        var lateness = taken
        lateness.latenessSeconds = 600
        var retention = taken
        retention.finishedReferralRetentionDays = 30
        var target = taken
        var services = taken.catalogue.services
        services[0].targetWeeks += 1
        target.catalogue = ServiceCatalogue(services)
        var clockStop = taken
        services = taken.catalogue.services
        services[1].clockStop = .appointmentAttended
        clockStop.catalogue = ServiceCatalogue(services)
        var fewer = taken
        fewer.catalogue = ServiceCatalogue(Array(taken.catalogue.services.dropLast()))
        for c in [window, lateness, retention, target, clockStop, fewer] {
            let r = reason { () throws(StateSnapshotError) in
                _ = try PartitionEngine(restoring: bytes, partition: 3, configuration: c)
            }
            guard case .configurationMismatch = r else {
                Issue.record("\(c): \(String(describing: r))")
                continue
            }
        }
        let error = #expect(throws: StateSnapshotError.self) {
            _ = try PartitionEngine(restoring: bytes, partition: 3, configuration: window)
        }
        #expect(error?.description == "state snapshot was taken with another configuration (windowDays 28 → 14)")
        // A display name is not a rule.
        var renamed = taken
        services = taken.catalogue.services
        services[0].name = "Speech therapy"
        renamed.catalogue = ServiceCatalogue(services)
        #expect((try? PartitionEngine(restoring: bytes, partition: 3, configuration: renamed))?.snapshotBytes() != nil)

        let aggregatorBytes = AllAggregator(configuration: taken, partitionCount: 1).snapshotBytes()
        let r = reason { () throws(StateSnapshotError) in
            _ = try AllAggregator(restoring: aggregatorBytes, configuration: lateness)
        }
        #expect(r == .configurationMismatch("latenessSeconds 3600 → 600"))
    }
}
