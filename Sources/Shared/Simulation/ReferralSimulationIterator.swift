import WaitwatchCore

/// Generates the events of a ``ReferralSimulation`` one at a time, in non-decreasing
/// `occurredAt` order.
///
/// A discrete-event simulation: a future-event list (``SimulationActionQueue``) holds what
/// happens next; each call to ``next()`` runs actions until one produces an event. Memory
/// follows the number of open referrals, not the number of events. A value type with no
/// shared state: copy it to fork the simulation; use one copy from one task at a time.
public struct ReferralSimulationIterator: IteratorProtocol, Sendable {
    /// Closure reasons after waiting-list validation, drawn uniformly.
    private static let validationReasons: [StaticString] = [
        "no longer required",
        "moved out of area",
        "removed after validation: no response to contact",
        "referred to another service",
    ]
    private static let reasonNotAccepted: Int64 = 0
    private static let reasonNoFollowUp: Int64 = 1
    private static let reasonTwoDNAs: Int64 = 2
    private static let reasonValidation: Int64 = 3

    private static let workdayStart: Int64 = 9 * 3600
    private static let workdayLength: Int64 = 8 * 3600

    private var random: SimulationRandom
    private var actions = SimulationActionQueue()
    private var units: [SimulationUnit] = []
    private var profiles: [SimulationServiceProfile] = []
    private var referrals: [SimulationReferral] = []
    private var freeSlots: [Int32] = []
    /// UTF-8 of `sim-<seed>-`, the prefix of every `eventId`.
    private let eventIdPrefix: [UInt8]
    private var eventCounter: UInt64 = 0
    private let startDay: CivilDay
    private let endDay: CivilDay
    private let endTime: Int64

    /// What has been generated so far.
    public private(set) var summary = SimulationSummary()

    /// A simulation at its beginning. `configuration` must be valid (see
    /// ``SimulationConfiguration/validate()``).
    init(configuration: SimulationConfiguration, organisations: [SimulationOrganisation]) {
        random = SimulationRandom(seed: configuration.seed)
        eventIdPrefix = Array("sim-\(configuration.seed)-".utf8)
        startDay = configuration.startDay
        endDay = configuration.startDay.advanced(by: Int32(configuration.days))
        endTime = Self.dayStartTime(endDay)

        let services = configuration.catalogue.services
        profiles = services.map(SimulationServiceProfile.profile(for:))
        for (o, organisation) in organisations.enumerated() {
            // Each organisation's parameters come from its own stream, so trust i looks the
            // same whatever the number of trusts.
            var local = SimulationRandom(seed: configuration.seed, stream: UInt64(o))
            let size = 0.6 + 0.9 * local.nextUnit()
            for (s, service) in services.enumerated() {
                let profile = profiles[s]
                let capacityFactor = 0.85 + 0.35 * local.nextUnit()
                let demand = profile.demandPerDay * size * configuration.demandScale
                let pathway: SimulationUnit.Pathway =
                    switch service.clockStop {
                    case .treatmentStarted, .planIssued: .followUp(service.clockStop)
                    default: .attendance
                    }
                let backlog =
                    configuration.includesBacklog
                    ? Int((Double(profile.backlogDays) / capacityFactor).rounded()) : 0
                units.append(
                    SimulationUnit(
                        trust: profile.heldByLocalAuthority ? organisation.localAuthority : organisation.nhsTrust,
                        service: service.code,
                        profileIndex: s,
                        pathway: pathway,
                        demandPerDay: demand,
                        slotsPerWorkingDay: demand * profile.capacityRatio * capacityFactor * 7 / 5,
                        leadWorkingDays: local.between(profile.leadWorkingDays.lowerBound...profile.leadWorkingDays.upperBound),
                        backlogDays: backlog
                    ))
            }
        }
        let firstDay = startDay.advanced(by: -Int32(units.map(\.backlogDays).max() ?? 0))
        schedule(.dayStart, at: Self.dayStartTime(firstDay), payload: Int64(firstDay.daysSinceEpoch))
    }

    /// The next event, or nil once the simulated period is over.
    public mutating func next() -> ReferralEvent? {
        while let action = actions.pop() {
            let event: ReferralEvent? =
                switch action.kind {
                case .dayStart: startDay(CivilDay(daysSinceEpoch: Int32(action.payload)))
                case .arrival: arrive(action)
                case .booking: book(action)
                case .appointmentOutcome: appointmentOutcome(action)
                case .followUp: followUp(action)
                case .closure: close(action)
                }
            if let event {
                summary.record(event)
                summary.openReferrals = referrals.count - freeSlots.count
                return event
            }
        }
        return nil
    }

    // MARK: - Actions

    /// Schedules the day's arrivals and bookings, and the next day.
    private mutating func startDay(_ day: CivilDay) -> ReferralEvent? {
        let next = day.advanced(by: 1)
        if next < endDay {
            schedule(.dayStart, at: Self.dayStartTime(next), payload: Int64(next.daysSinceEpoch))
        }
        let isBacklog = day < startDay
        let isWeekday = SimulationCalendar.isWeekday(day)
        let years = Double(startDay.distance(to: day)) / 365.25
        let month = SimulationCalendar.civilFromDays(Int64(day.daysSinceEpoch)).month
        for u in units.indices {
            let profile = profiles[units[u].profileIndex]
            // Referrals: Poisson, mostly on weekdays, fewer in the August school holidays,
            // growing linearly by the service's annual growth rate.
            var rate = units[u].demandPerDay * max(0.1, 1 + profile.annualDemandGrowth * years)
            let weekdayFactor = 7 / (5 + 2 * profile.weekendDemandFactor)
            rate *= isWeekday ? weekdayFactor : weekdayFactor * profile.weekendDemandFactor
            if month == 8 { rate *= 0.8 }
            if isBacklog {
                guard startDay.distance(to: day) >= -Int32(units[u].backlogDays) else { continue }
                rate *= profile.backlogRetention
            }
            let arrivals = random.poisson(mean: rate)
            for _ in 0..<arrivals {
                schedule(.arrival, at: workingTime(on: day), unit: u, payload: isBacklog ? 1 : 0)
            }
            // Bookings: each working day books the slots of the working day `lead` ahead.
            guard !isBacklog, isWeekday else { continue }
            let capacity = units[u].slotsPerWorkingDay * max(0.1, 1 + profile.annualCapacityGrowth * years)
            let slots = random.roundStochastically(capacity)
            guard slots > 0 else { continue }
            let slotDay = Self.addingWorkingDays(units[u].leadWorkingDays, to: day)
            let spacing = Self.workdayLength / Int64(slots) / 300 * 300  // whole 5 minutes
            for j in 0..<Int64(slots) {
                let slot = SimulationCalendar.timestamp(day: slotDay, localSecond: Self.workdayStart + j * spacing)
                schedule(.booking, at: workingTime(on: day), unit: u, payload: slot.microsecondsSinceEpoch)
            }
        }
        if !isBacklog, SimulationCalendar.weekday(day) == 1 { validateWaitingLists(on: day) }
        return nil
    }

    /// Monday waiting-list validation: each waiting referral is removed with the service's
    /// weekly probability (moved away, no longer required …). Also drops stale queue entries
    /// once they outnumber the live ones.
    private mutating func validateWaitingLists(on day: CivilDay) {
        for u in units.indices {
            let p = profiles[units[u].profileIndex].weeklyValidationClosure
            validate(units[u].urgent, probability: p, unit: u, day: day)
            validate(units[u].rebook, probability: p, unit: u, day: day)
            validate(units[u].routine, probability: p, unit: u, day: day)
            let stale = units[u].urgent.count + units[u].rebook.count + units[u].routine.count - units[u].liveQueued
            if stale > 64, stale > units[u].liveQueued {
                let table = referrals
                let live: (SimulationReferralQueue.Handle) -> Bool = {
                    table[Int($0.slot)].generation == $0.generation && table[Int($0.slot)].state == .queued
                }
                units[u].urgent.compact(keeping: live)
                units[u].rebook.compact(keeping: live)
                units[u].routine.compact(keeping: live)
            }
        }
    }

    /// Picks each position of `queue` with probability `p` (jumping geometric gaps, so the
    /// cost follows the number picked) and closes the picked referrals still waiting.
    private mutating func validate(_ queue: SimulationReferralQueue, probability p: Double, unit u: Int, day: CivilDay) {
        guard p > 0, !queue.isEmpty else { return }
        let logKeep = SimulationMath.log(1 - p)
        var i = -1
        while true {
            let gap = SimulationMath.log(1 - random.nextUnit()) / logKeep
            guard gap < Double(queue.count - i) else { return }
            i += 1 + Int(gap)
            guard i < queue.count else { return }
            let handle = queue[i]
            guard isQueued(handle) else { continue }
            referrals[Int(handle.slot)].state = .closing
            units[u].liveQueued -= 1
            let reason = Self.reasonValidation + Int64(random.below(Self.validationReasons.count))
            schedule(.closure, at: workingTime(on: day), referral: handle, payload: reason)
        }
    }

    /// A referral arrives: `referral.received`, then queued (or a closure scheduled).
    private mutating func arrive(_ action: SimulationAction) -> ReferralEvent {
        let u = Int(action.unit)
        let profile = profiles[units[u].profileIndex]
        let isBacklog = action.payload == 1
        units[u].referralCount += 1
        let referralId = "\(units[u].trust)-\(units[u].service)-\(units[u].referralCount)"
        let handle = allocateReferral(unit: action.unit, referralId: referralId)
        let urgent = !isBacklog && profile.urgentShare > 0 && random.chance(profile.urgentShare)
        if !isBacklog, random.chance(profile.notAcceptedShare) {
            referrals[Int(handle.slot)].state = .closing
            let day = Self.day(of: action.time)
            let delay = random.between(profile.notAcceptedDelayDays)
            schedule(
                .closure, at: workingTime(on: Self.weekdayOnOrAfter(day.advanced(by: Int32(delay)))),
                referral: handle, payload: Self.reasonNotAccepted)
        } else {
            referrals[Int(handle.slot)].state = .queued
            units[u].liveQueued += 1
            if urgent { units[u].urgent.append(handle) } else { units[u].routine.append(handle) }
        }
        return event(.referralReceived, action.time, referral: Int(handle.slot), priority: urgent ? .urgent : .routine)
    }

    /// A slot is booked for the next waiting referral, if any: `appointment.booked`.
    private mutating func book(_ action: SimulationAction) -> ReferralEvent? {
        let u = Int(action.unit)
        guard let handle = nextToBook(unit: u) else { return nil }
        let profile = profiles[units[u].profileIndex]
        let slot = Int(handle.slot)
        units[u].liveQueued -= 1
        referrals[slot].state = .booked
        referrals[slot].appointments += 1
        referrals[slot].appointmentId = "\(referrals[slot].referralId)-A\(referrals[slot].appointments)"
        let scheduledFor = action.payload
        var outcomeTime = scheduledFor
        let draw = random.nextUnit()
        let outcome: SimulationReferral.Outcome
        if draw < profile.patientCancellationRate {
            outcome = .cancelledByPatient
        } else if draw < profile.patientCancellationRate + profile.providerCancellationRate {
            outcome = .cancelledByProvider
        } else if draw < profile.patientCancellationRate + profile.providerCancellationRate + profile.dnaRate {
            outcome = .didNotAttend
        } else {
            outcome = .attended
        }
        if outcome == .cancelledByPatient || outcome == .cancelledByProvider {
            // Cancelled the working day before the appointment, or on its day before it starts.
            let bookingDay = Self.day(of: action.time)
            let appointmentDay = Self.day(of: scheduledFor)
            let dayBefore = Self.addingWorkingDays(-1, to: appointmentDay)
            outcomeTime =
                dayBefore > bookingDay
                ? workingTime(on: dayBefore)
                : min(workingTime(on: appointmentDay), scheduledFor)
        }
        referrals[slot].outcome = outcome
        schedule(.appointmentOutcome, at: outcomeTime, referral: handle)
        return event(.appointmentBooked, action.time, referral: slot, appointment: true, scheduledFor: scheduledFor)
    }

    /// The appointment's outcome: attended, DNA or cancelled, and what follows.
    private mutating func appointmentOutcome(_ action: SimulationAction) -> ReferralEvent? {
        guard let handle = live(action, in: .booked) else { return nil }
        let slot = Int(handle.slot)
        let u = Int(referrals[slot].unit)
        let profile = profiles[units[u].profileIndex]
        let day = Self.day(of: action.time)
        switch referrals[slot].outcome {
        case .attended:
            let attended = event(.appointmentAttended, action.time, referral: slot, appointment: true)
            switch units[u].pathway {
            case .attendance:
                freeReferral(slot)
            case .followUp:
                let delay = max(Double(profile.followUpMinimumDays), random.erlang(shape: 3, mean: profile.followUpMeanDays))
                let when = workingTime(on: Self.weekdayOnOrAfter(day.advanced(by: Int32(delay))))
                if random.chance(profile.noFollowUpShare) {
                    referrals[slot].state = .closing
                    schedule(.closure, at: when, referral: handle, payload: Self.reasonNoFollowUp)
                } else {
                    referrals[slot].state = .awaitingFollowUp
                    schedule(.followUp, at: when, referral: handle)
                }
            }
            return attended
        case .didNotAttend:
            let dna = event(.appointmentDNA, action.time, referral: slot, appointment: true)
            referrals[slot].didNotAttendCount += 1
            if referrals[slot].didNotAttendCount >= 2 {
                referrals[slot].state = .closing
                let when = workingTime(on: Self.weekdayOnOrAfter(day.advanced(by: Int32(random.between(3...10)))))
                schedule(.closure, at: when, referral: handle, payload: Self.reasonTwoDNAs)
            } else {
                requeueForRebooking(handle)
            }
            return dna
        case .cancelledByPatient, .cancelledByProvider:
            let by: CancelledBy = referrals[slot].outcome == .cancelledByPatient ? .patient : .provider
            let cancelled = event(.appointmentCancelled, action.time, referral: slot, appointment: true, cancelledBy: by)
            requeueForRebooking(handle)
            return cancelled
        }
    }

    /// The clock-stop event after an attended assessment (`treatment.started`, `plan.issued`).
    private mutating func followUp(_ action: SimulationAction) -> ReferralEvent? {
        guard let handle = live(action, in: .awaitingFollowUp) else { return nil }
        let slot = Int(handle.slot)
        guard case let .followUp(type) = units[Int(referrals[slot].unit)].pathway else { return nil }
        let stop = event(type, action.time, referral: slot)
        freeReferral(slot)
        return stop
    }

    /// `referral.closed` with its reason; the referral's pathway ends.
    private mutating func close(_ action: SimulationAction) -> ReferralEvent? {
        guard let handle = live(action, in: .closing) else { return nil }
        let slot = Int(handle.slot)
        let profile = profiles[units[Int(referrals[slot].unit)].profileIndex]
        let reason: StaticString =
            switch action.payload {
            case Self.reasonNotAccepted: profile.notAcceptedReason
            case Self.reasonNoFollowUp: profile.noFollowUpReason
            case Self.reasonTwoDNAs: "discharged after two DNAs"
            default: Self.validationReasons[Int(action.payload - Self.reasonValidation)]
            }
        let closed = event(.referralClosed, action.time, referral: slot, reason: reason.description)
        freeReferral(slot)
        return closed
    }

    // MARK: - Referral table and queues

    private mutating func allocateReferral(unit: Int32, referralId: String) -> SimulationReferralQueue.Handle {
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = Int(reused)
        } else {
            slot = referrals.count
            referrals.append(SimulationReferral())
        }
        referrals[slot].unit = unit
        referrals[slot].referralId = referralId
        referrals[slot].appointments = 0
        referrals[slot].didNotAttendCount = 0
        return SimulationReferralQueue.Handle(slot: Int32(slot), generation: referrals[slot].generation)
    }

    private mutating func freeReferral(_ slot: Int) {
        referrals[slot].state = .free
        referrals[slot].generation &+= 1
        referrals[slot].referralId = ""
        referrals[slot].appointmentId = ""
        freeSlots.append(Int32(slot))
    }

    private func isQueued(_ handle: SimulationReferralQueue.Handle) -> Bool {
        let slot = Int(handle.slot)
        return referrals[slot].generation == handle.generation && referrals[slot].state == .queued
    }

    /// The action's referral, if it is still the same referral and in `state`.
    private func live(_ action: SimulationAction, in state: SimulationReferral.State) -> SimulationReferralQueue.Handle? {
        let slot = Int(action.referral)
        guard referrals[slot].generation == action.generation, referrals[slot].state == state else { return nil }
        return SimulationReferralQueue.Handle(slot: action.referral, generation: action.generation)
    }

    private mutating func requeueForRebooking(_ handle: SimulationReferralQueue.Handle) {
        let slot = Int(handle.slot)
        referrals[slot].state = .queued
        let u = Int(referrals[slot].unit)
        units[u].liveQueued += 1
        units[u].rebook.append(handle)
    }

    /// Urgent first, then rebookings, then routine: usually the longest waiting, sometimes
    /// (clinical prioritisation) the most recent.
    private mutating func nextToBook(unit u: Int) -> SimulationReferralQueue.Handle? {
        while let h = units[u].urgent.popFirst() {
            if isQueued(h) { return h }
        }
        while let h = units[u].rebook.popFirst() {
            if isQueued(h) { return h }
        }
        let newestFirst = random.chance(profiles[units[u].profileIndex].newestFirstShare)
        while let h = newestFirst ? units[u].routine.popLast() : units[u].routine.popFirst() {
            if isQueued(h) { return h }
        }
        return nil
    }

    // MARK: - Scheduling and events

    private mutating func schedule(
        _ kind: SimulationAction.Kind, at time: Int64, unit: Int = -1,
        referral: SimulationReferralQueue.Handle = .init(slot: -1, generation: 0), payload: Int64 = 0
    ) {
        guard time < endTime else { return }
        actions.push(
            SimulationAction(
                time: time, sequence: 0, kind: kind, unit: Int32(unit), referral: referral.slot,
                generation: referral.generation, payload: payload
            ))
    }

    private mutating func event(
        _ type: EventType, _ time: Int64, referral slot: Int, priority: Priority? = nil, appointment: Bool = false,
        scheduledFor: Int64? = nil, cancelledBy: CancelledBy? = nil, reason: String? = nil
    ) -> ReferralEvent {
        eventCounter += 1
        let u = Int(referrals[slot].unit)
        let occurredAt = Timestamp(microsecondsSinceEpoch: time)
        return ReferralEvent(
            eventId: nextEventId(),
            type: type,
            referralId: referrals[slot].referralId,
            trust: units[u].trust,
            service: units[u].service,
            occurredAt: occurredAt,
            day: SimulationCalendar.londonDay(of: occurredAt),
            priority: priority,
            appointmentId: appointment ? referrals[slot].appointmentId : nil,
            scheduledFor: scheduledFor.map { Timestamp(microsecondsSinceEpoch: $0) },
            cancelledBy: cancelledBy,
            reason: reason
        )
    }

    /// `sim-<seed>-<counter>` for the current counter, formatted without intermediate strings.
    private func nextEventId() -> String {
        var digits: (UInt64, Int) = (eventCounter, 0)
        repeat {
            digits.1 += 1
            digits.0 /= 10
        } while digits.0 > 0
        let length = eventIdPrefix.count + digits.1
        return String(unsafeUninitializedCapacity: length) { buffer in
            for (i, byte) in eventIdPrefix.enumerated() { buffer[i] = byte }
            var value = eventCounter
            var i = length
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            } while value > 0
            return length
        }
    }

    // MARK: - Time

    /// A uniformly random instant between 09:00 and 17:00 London time on `day` (whole seconds).
    private mutating func workingTime(on day: CivilDay) -> Int64 {
        let second = Self.workdayStart + Int64(random.below(Int(Self.workdayLength)))
        return SimulationCalendar.timestamp(day: day, localSecond: second).microsecondsSinceEpoch
    }

    /// When a day's scheduling runs: 22:00 UTC the evening before (after every working-hours
    /// event of the previous day, before every event of the day).
    private static func dayStartTime(_ day: CivilDay) -> Int64 {
        (Int64(day.daysSinceEpoch) * SimulationCalendar.secondsPerDay - 2 * 3600) * SimulationCalendar.microsecondsPerSecond
    }

    private static func day(of time: Int64) -> CivilDay {
        SimulationCalendar.londonDay(of: Timestamp(microsecondsSinceEpoch: time))
    }

    /// `day` moved by `n` working days (Monday to Friday; `n` may be negative).
    private static func addingWorkingDays(_ n: Int, to day: CivilDay) -> CivilDay {
        var d = day
        var left = abs(n)
        let step: Int32 = n < 0 ? -1 : 1
        while left > 0 {
            d = d.advanced(by: step)
            if SimulationCalendar.isWeekday(d) { left -= 1 }
        }
        return d
    }

    /// `day`, or the Monday after it when it falls at a weekend.
    private static func weekdayOnOrAfter(_ day: CivilDay) -> CivilDay {
        var d = day
        while !SimulationCalendar.isWeekday(d) { d = d.advanced(by: 1) }
        return d
    }
}
