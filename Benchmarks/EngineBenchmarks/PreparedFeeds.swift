import WaitwatchCore
import WaitwatchSimulation

/// The inputs of the engine benchmarks, made in their setup.
enum PreparedFeeds {
    /// The first `count` events of the simulated national feed (seed 1, 25 trusts, 730 days).
    ///
    /// Stops the process if the simulation's configuration is invalid: a benchmark executable run
    /// on its own (as the CI smoke run does) would otherwise skip a failed setup silently.
    static func simulatedEvents(_ count: Int) -> [ReferralEvent] {
        do {
            let simulation = try ReferralSimulation(SimulationConfiguration(seed: 1, trusts: 25, days: 730))
            return Array(simulation.prefix(count))
        } catch {
            fatalError("the benchmark feed's simulation configuration is invalid: \(error)")
        }
    }

    /// The JSON messages of ``simulatedEvents(_:)``, as the producer sends them.
    static func simulatedMessages(_ count: Int) -> [[UInt8]] {
        let encoder = EventEncoder()
        return simulatedEvents(count).map { encoder.encode($0) }
    }

    /// The steady-state trust and service (one key).
    private static let trust = "RBENCH"
    private static let service = "SALT"
    /// 2026-01-14 00:00 UTC, which is London midnight (GMT): every event below is on that day.
    private static let day = Timestamp(secondsSinceEpoch: 1_768_348_800)

    /// `referral.received` for `referrals` referrals of one key, from 08:00 on the steady-state day.
    static func steadyStateReceipts(referrals: Int) -> [ReferralEvent] {
        (0..<referrals).map { i in
            let at = day.adding(seconds: 8 * 3_600 + Int64(i % 3_600))
            return ReferralEvent(
                eventId: "rcv-\(i)", type: .referralReceived, referralId: "ref-\(i)", trust: trust,
                service: service, occurredAt: at, day: CivilDay(londonDateOf: at), priority: .routine)
        }
    }

    /// `count` events updating the referrals of ``steadyStateReceipts(referrals:)``, from 09:00
    /// on the same day (so no day completes): for each referral in turn, an `appointment.booked`
    /// and then an `appointment.dna` for that appointment. Every event has its own eventId.
    static func steadyStateUpdates(referrals: Int, count: Int) -> [ReferralEvent] {
        (0..<count).map { k in
            let appointment = k / 2
            let at = day.adding(seconds: 9 * 3_600 + Int64(k % 36_000))
            return ReferralEvent(
                eventId: "upd-\(k)", type: k.isMultiple(of: 2) ? .appointmentBooked : .appointmentDNA,
                referralId: "ref-\(appointment % referrals)", trust: trust, service: service, occurredAt: at,
                day: CivilDay(londonDateOf: at), appointmentId: "apt-\(appointment)",
                scheduledFor: k.isMultiple(of: 2) ? at.adding(seconds: 14 * 86_400) : nil)
        }
    }

    /// An engine that has ingested `receipts` (and published what their watermark completed).
    static func engine(receiving receipts: [ReferralEvent]) -> PartitionEngine {
        var engine = PartitionEngine(partition: 0)
        var deadLetters: [DeadLetter] = []
        for (i, event) in receipts.enumerated() {
            _ = engine.ingest(event, token: UInt64(i), deadLetters: &deadLetters)
            _ = engine.advanceToWatermark()
        }
        precondition(deadLetters.isEmpty && engine.referralCount == receipts.count, "every receipt is accepted")
        return engine
    }
}
