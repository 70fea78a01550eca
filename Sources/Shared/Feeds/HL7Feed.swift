import WaitwatchCore
/// HL7 v2 referral and scheduling messages → events (FEEDS.md section 2; the mapping table
/// is in docs/FEEDS.md).
///
/// | message | event |
/// |---|---|
/// | `REF^I12` | `referral.received` |
/// | `REF^I13` with RF1-1 `R` (rejected) or `E` (expired) | `referral.closed` (other statuses: ignored) |
/// | `REF^I14` | `referral.closed` |
/// | `SIU^S12` | `appointment.booked` |
/// | `SIU^S13`, `SIU^S14` | `appointment.attended` when SCH-25 is `Complete`, else `appointment.booked` (the new time) |
/// | `SIU^S15` | `appointment.cancelled`, by whom from SCH-6 |
/// | `SIU^S26` | `appointment.dna` |
///
/// Common: trust = MSH-4.1 (sending facility); patient = PID-3.1 of the repetition typed `NH`
/// (NHS number; else the first), hashed; names (PID-5),
/// dates of birth (PID-7), addresses and every other PID field are never read.
public struct HL7Feed: Sendable {
    let settings: FeedSettings

    /// A converter with these settings.
    public init(settings: FeedSettings) {
        self.settings = settings
    }

    /// Converts a file of messages (MLLP-framed or one after another), calling `body` with
    /// each message's outcome in order.
    public func convert(_ bytes: [UInt8], _ body: (FeedRecordOutcome) -> Void) {
        let decoder = EventDecoder(catalogue: settings.catalogue)
        let messages = HL7Message.split(file: bytes)
        if messages.isEmpty {
            body(.rejected(FeedRejection(location: "line 1", code: "bad-hl7", reason: "no HL7 v2 message (no MSH segment) in the input")))
        }
        for (line, message) in messages {
            body(convert(message: message, line: line, decoder: decoder))
        }
    }

    /// Converts one message; `line` locates it in its file (0 for a message not from a file).
    public func convert(message bytes: [UInt8], line: Int = 0, decoder: EventDecoder? = nil) -> FeedRecordOutcome {
        let decoder = decoder ?? EventDecoder(catalogue: settings.catalogue)
        let at = line > 0 ? "line \(line)" : "message"
        let message: HL7Message
        do {
            message = try HL7Message(bytes)
        } catch {
            return .rejected(FeedRejection(location: at, code: "bad-hl7", reason: error.description))
        }
        guard let msh = message.segment("MSH") else {
            return .rejected(FeedRejection(location: at, code: "bad-hl7", reason: "no MSH segment"))
        }
        let control = message.value(msh, 10)
        let here = control.isEmpty ? at : "\(at), message \(FeedRejection.quoted(String(control.prefix(40))))"
        do throws(FeedRejection) {
            return try convert(message, msh: msh, control: control, at: here, decoder: decoder)
        } catch {
            return .rejected(error)
        }
    }

    private func convert(
        _ m: HL7Message, msh: HL7Message.Segment, control: String, at: String, decoder: EventDecoder
    ) throws(FeedRejection) -> FeedRecordOutcome {
        for segment in m.segments {
            for field in 1...max(1, segment.fields.count) where m.rawLength(segment, field) > HL7Message.maximumFieldBytes {
                throw FeedRejection(
                    location: "\(at), \(segment.id)-\(field)", code: "too-large",
                    reason: "field longer than \(HL7Message.maximumFieldBytes) bytes")
            }
        }
        let type = m.value(msh, 9, component: 1)
        let trigger = m.value(msh, 9, component: 2)
        let trust = m.value(msh, 4).trimmingSpaces
        guard !trust.isEmpty else {
            throw FeedRejection(location: "\(at), MSH-4", code: "missing-field", reason: "no sending facility (MSH-4.1), the trust")
        }
        // PID-3: the repetition whose identifier type (CX.5) is NH (NHS number), else the first.
        let patient: String? = m.segment("PID").flatMap { pid in
            let count = m.repetitions(pid, 3)
            let nhs = (0..<count).first { m.value(pid, 3, repetition: $0, component: 5).uppercased() == "NH" }
            let value = m.value(pid, 3, repetition: nhs ?? 0)
            return value.isEmpty ? nil : value
        }
        let messageTime = m.value(msh, 7)

        func time(
            _ segment: HL7Message.Segment?, _ field: Int, component: Int = 1, name: String, fallbackToMSH7: Bool
        ) throws(FeedRejection) -> Timestamp {
            var text = segment.map { m.value($0, field, component: component) } ?? ""
            var path = segment.map { "\($0.id)-\(field)\(component > 1 ? ".\(component)" : "")" } ?? "MSH-7"
            if text.isEmpty, fallbackToMSH7 { text = messageTime; path = "MSH-7" }
            guard !text.isEmpty else {
                throw FeedRejection(location: "\(at), \(path)", code: "missing-field", reason: "no \(name)")
            }
            guard let instant = FeedTime.parseHL7(text) else {
                throw FeedRejection(
                    location: "\(at), \(path)", code: "bad-timestamp",
                    reason: "\(name) is not an HL7 date/time YYYYMMDD[HHMM[SS]][+ZZZZ]: \(FeedRejection.quoted(text))")
            }
            return instant
        }
        func require(_ id: String) throws(FeedRejection) -> HL7Message.Segment {
            guard let s = m.segment(id) else {
                throw FeedRejection(location: "\(at), \(id)", code: "missing-segment", reason: "\(type)^\(trigger) without a \(id) segment")
            }
            return s
        }
        func build(_ event: ReferralEvent, _ parts: [String]) throws(FeedRejection) -> FeedRecordOutcome {
            var event = event
            event.eventId = DerivedEventId.make("hl7", [trust, control] + parts)
            let feedEvent = FeedEvent(event: event, patientRef: settings.patientRef(patient))
            return .events([try settings.validated(feedEvent, at: at, decoder: decoder)])
        }

        switch (type, trigger) {
        case ("REF", "I12"), ("REF", "I13"), ("REF", "I14"):
            let rf1 = try require("RF1")
            let referralId = m.value(rf1, 6)
            guard !referralId.isEmpty else {
                throw FeedRejection(
                    location: "\(at), RF1-6", code: "missing-field", reason: "no originating referral identifier (RF1-6.1), the referral id"
                )
            }
            let service = try settings.service(m.value(rf1, 3), at: "\(at), RF1-3")
            let status = m.value(rf1, 1).uppercased()
            if trigger == "I13", status != "R", status != "E" {
                return .ignored(location: at, reason: "REF^I13 with referral status (RF1-1) other than R or E changes no waiting list")
            }
            let occurredAt = try time(
                rf1, trigger == "I12" ? 7 : 9, name: trigger == "I12" ? "effective date (RF1-7)" : "process date (RF1-9)",
                fallbackToMSH7: true)
            var event = ReferralEvent(
                eventId: "", type: .referralReceived, referralId: referralId, trust: trust, service: service,
                occurredAt: occurredAt, day: occurredAt.londonDay)
            if trigger == "I12" {
                switch m.value(rf1, 2).uppercased() {
                case "", "R", "ROUTINE": event.priority = .routine
                case "S", "A", "U", "URGENT": event.priority = .urgent
                case let other:
                    throw FeedRejection(
                        location: "\(at), RF1-2", code: "invalid-value",
                        reason: "referral priority must be R (routine), S, A or U (urgent), got \(FeedRejection.quoted(other))")
                }
            } else {
                event.type = .referralClosed
                event.reason = trigger == "I14" ? "cancelled" : (status == "R" ? "rejected" : "expired")
            }
            return try build(event, [trigger, status])
        case ("SIU", "S12"), ("SIU", "S13"), ("SIU", "S14"), ("SIU", "S15"), ("SIU", "S26"):
            let sch = try require("SCH")
            var appointment = m.value(sch, 1)
            if appointment.isEmpty { appointment = m.value(sch, 2) }
            guard !appointment.isEmpty else {
                throw FeedRejection(
                    location: "\(at), SCH-1", code: "missing-field", reason: "no placer (SCH-1) or filler (SCH-2) appointment id")
            }
            let referralId = m.value(sch, 26)
            guard !referralId.isEmpty else {
                throw FeedRejection(
                    location: "\(at), SCH-26", code: "missing-field", reason: "no placer order number (SCH-26.1), the referral id")
            }
            let ais = m.segment("AIS")
            var serviceCode = ais.map { m.value($0, 3) } ?? ""
            var servicePath = "AIS-3"
            if serviceCode.isEmpty { serviceCode = m.value(sch, 7); servicePath = "SCH-7" }
            let service = try settings.service(serviceCode, at: "\(at), \(servicePath)")
            let occurredAt = try time(nil, 0, name: "message date/time (MSH-7)", fallbackToMSH7: true)
            var event = ReferralEvent(
                eventId: "", type: .appointmentBooked, referralId: referralId, trust: trust, service: service,
                occurredAt: occurredAt, day: occurredAt.londonDay, appointmentId: appointment)
            let status = m.value(sch, 25).uppercased()
            var parts = [trigger, status]
            let completed = (trigger == "S13" || trigger == "S14") && status == "COMPLETE"
            switch completed ? "attended" : trigger {
            case "S12", "S13", "S14":
                let tq1 = m.segment("TQ1")
                let start: Timestamp
                if let tq1, !m.value(tq1, 7).isEmpty {
                    start = try time(tq1, 7, name: "start date/time (TQ1-7)", fallbackToMSH7: false)
                } else {
                    start = try time(sch, 11, component: 4, name: "appointment start (TQ1-7 or SCH-11.4)", fallbackToMSH7: false)
                }
                event.scheduledFor = start
                parts.append(start.rfc3339UTC)
            case "attended":
                event.type = .appointmentAttended
            case "S15":
                event.type = .appointmentCancelled
                let reason = m.value(sch, 6)
                guard let by = CancellationReason.cancelledBy(reason) else {
                    throw FeedRejection(
                        location: "\(at), SCH-6", code: reason.isEmpty ? "missing-field" : "invalid-value",
                        reason: reason.isEmpty
                            ? "no event reason (SCH-6.1) saying who cancelled"
                            : "event reason (SCH-6.1) must be a cancellation reason code (pat…, prov…, maint, meds-inc, other, oth-…), got \(FeedRejection.quoted(reason))"
                    )
                }
                event.cancelledBy = by
            default:
                event.type = .appointmentDNA
            }
            return try build(event, parts)
        default:
            if type.isEmpty {
                throw FeedRejection(location: "\(at), MSH-9", code: "missing-field", reason: "no message type (MSH-9)")
            }
            throw FeedRejection(
                location: "\(at), MSH-9", code: "unsupported-message",
                reason: "message type \(FeedRejection.quoted("\(type)^\(trigger)")) is not one of REF^I12/I13/I14, SIU^S12/S13/S14/S15/S26")
        }
    }
}
