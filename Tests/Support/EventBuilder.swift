import WaitwatchCore

/// Builds events for hand-computed tests: `at` is RFC 3339 text, the London date is derived by
/// Foundation (see ``FixtureEvents/londonDay(_:)``).
package struct EventBuilder {
    package var trust = "RAJ"
    package var service = "SALT"
    private var counter = 0

    package init(trust: String = "RAJ", service: String = "SALT") {
        self.trust = trust
        self.service = service
    }

    package mutating func next(
        _ type: EventType, _ referralId: String, at: String, id: String? = nil, cancelledBy: CancelledBy? = nil
    ) -> ReferralEvent {
        counter += 1
        let t: Timestamp
        do { t = try FixtureEvents.instant(at) } catch { preconditionFailure("bad timestamp \(at)") }
        return ReferralEvent(
            eventId: id ?? "\(trust)-\(service)-e\(counter)", type: type, referralId: referralId, trust: trust,
            service: service, occurredAt: t, day: FixtureEvents.londonDay(t),
            appointmentId: type.rawValue.hasPrefix("appointment.") ? "A\(counter)" : nil,
            cancelledBy: type == .appointmentCancelled ? (cancelledBy ?? .provider) : nil)
    }

    /// An event at local noon (BST/GMT-agnostic: 12:00Z) of a day given as days from `base`.
    package mutating func on(
        _ type: EventType, _ referralId: String, day: CivilDay, hour: Int = 12, id: String? = nil,
        cancelledBy: CancelledBy? = nil
    ) -> ReferralEvent {
        counter += 1
        let t = Timestamp(secondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400 + Int64(hour) * 3600)
        return ReferralEvent(
            eventId: id ?? "\(trust)-\(service)-e\(counter)", type: type, referralId: referralId, trust: trust,
            service: service, occurredAt: t, day: FixtureEvents.londonDay(t),
            appointmentId: type.rawValue.hasPrefix("appointment.") ? "A\(counter)" : nil,
            cancelledBy: type == .appointmentCancelled ? (cancelledBy ?? .provider) : nil)
    }
}
