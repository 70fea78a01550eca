import WaitwatchCore

/// A random stream of events for a few trusts, services and referrals over a few weeks, with
/// the anomalies the engine must handle: disorder within the lateness allowance, duplicates,
/// conflicting receipts, events for referrals never received, clock stops before receipt.
///
/// Arrival order: each event arrives at `occurredAt + delay` with `0 <= delay <= L`, so no event
/// is late beyond `L` (the reference's assumption) — except in "late mode" (a third of the
/// seeds), where one event in ten is delayed by up to four days: then only the latest records
/// can be compared with the reference. Events of a referral other than anomalies happen after
/// its receipt; one referral in ten also gets an event dated before its receipt.
package struct RandomScenario {
    package var events: [ReferralEvent] = []
    package var configuration: EngineConfiguration
    package var partitions: Int

    package init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let lateness: Int64 = [3600, 600, 7200][Int.random(in: 0..<3, using: &rng)]
        configuration = EngineConfiguration(windowDays: [28, 7, 3][Int.random(in: 0..<3, using: &rng)], latenessSeconds: lateness)
        partitions = Int.random(in: 1...3, using: &rng)
        let trusts = Array(["RAJ", "RQW", "RGT", "E06000033"].shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)))
        let services = Array(["SALT", "CAMHS", "EHCNA", "NDA"].shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
        // Around the March clock change, a few weeks.
        let start: Int64 = 1_773_964_800  // 2026-03-20T00:00:00Z
        let span: Int64 = Int64(Int.random(in: 5...35, using: &rng)) * 86_400
        var counter = 0
        var timed: [(arrival: Int64, order: Int, event: ReferralEvent)] = []
        let lateMode = Int.random(in: 0..<3, using: &rng) == 0

        func make(
            _ type: EventType, _ referral: String, _ trust: String, _ service: String, _ seconds: Int64,
            id: String? = nil
        ) -> ReferralEvent {
            counter += 1
            let t = Timestamp(secondsSinceEpoch: seconds)
            let cancelledBy: CancelledBy? = type == .appointmentCancelled ? (Bool.random(using: &rng) ? .provider : .patient) : nil
            return ReferralEvent(
                eventId: id ?? "e\(counter)", type: type, referralId: referral, trust: trust, service: service,
                occurredAt: t, day: FixtureEvents.londonDay(t), cancelledBy: cancelledBy)
        }
        func send(_ e: ReferralEvent) {
            var delay = Int64.random(in: 0...lateness, using: &rng)
            if lateMode && Int.random(in: 0..<10, using: &rng) == 0 {
                delay = Int64.random(in: 0...(4 * 86_400), using: &rng)
            }
            timed.append((e.occurredAt.microsecondsSinceEpoch / 1_000_000 + delay, timed.count, e))
        }
        let followUps: [EventType] = [
            .appointmentBooked, .appointmentDNA, .appointmentCancelled, .appointmentAttended, .treatmentStarted,
            .planIssued, .referralClosed,
        ]
        for trust in trusts {
            for service in services {
                let referrals = Int.random(in: 0...12, using: &rng)
                for r in 0..<referrals {
                    let id = "R\(r)"
                    var t = start + Int64.random(in: 0..<span, using: &rng)
                    let received = make(.referralReceived, id, trust, service, t)
                    send(received)
                    for _ in 0..<Int.random(in: 0...4, using: &rng) {
                        t += Int64.random(in: 0...(10 * 86_400), using: &rng)
                        let e = make(followUps[Int.random(in: 0..<followUps.count, using: &rng)], id, trust, service, t)
                        send(e)
                        if Int.random(in: 0..<8, using: &rng) == 0 { send(e) }  // duplicate
                    }
                    switch Int.random(in: 0..<12, using: &rng) {
                    case 0:  // conflicting receipt
                        send(
                            make(
                                .referralReceived, id, trust, service,
                                received.occurredAt.microsecondsSinceEpoch / 1_000_000
                                    + Int64.random(in: 0...(3 * 86_400), using: &rng)))
                    case 1:  // clock stop before receipt (any type: only the service's own is refused)
                        let stop = [EventType.appointmentAttended, .treatmentStarted, .planIssued][Int.random(in: 0..<3, using: &rng)]
                        send(
                            make(
                                stop, id, trust, service,
                                received.occurredAt.microsecondsSinceEpoch / 1_000_000
                                    - Int64.random(in: 1...7200, using: &rng)))
                    case 2:  // the receipt itself re-sent
                        send(received)
                    case 3:  // an event dated before the receipt (accepted unless it stops the clock)
                        let early = [EventType.appointmentDNA, .referralClosed, .appointmentCancelled, .appointmentBooked]
                        send(
                            make(
                                early[Int.random(in: 0..<early.count, using: &rng)], id, trust, service,
                                received.occurredAt.microsecondsSinceEpoch / 1_000_000
                                    - Int64.random(in: 1...(2 * 86_400), using: &rng)))
                    default:
                        break
                    }
                }
                // Events for referrals never received.
                for _ in 0..<Int.random(in: 0...2, using: &rng) {
                    send(
                        make(
                            followUps[Int.random(in: 0..<followUps.count, using: &rng)], "GHOST\(counter)", trust, service,
                            start + Int64.random(in: 0..<span, using: &rng)))
                }
            }
        }
        timed.sort { ($0.arrival, $0.order) < ($1.arrival, $1.order) }
        events = timed.map(\.event)
    }
}
