import Foundation
import WaitwatchCore

/// FHIR R4 JSON (UK Core) → events (FEEDS.md section 3; the mapping table is in
/// docs/FEEDS.md). Input: one resource or Bundle (`collection`, `transaction`, `message`)
/// per line.
///
/// | resource | event |
/// |---|---|
/// | `ServiceRequest` `active` | `referral.received` at `authoredOn` |
/// | `ServiceRequest` `revoked`, `completed`, `entered-in-error` | `referral.closed` at `meta.lastUpdated`, reason `cancelled` (revoked), `completed` or `entered-in-error` |
/// | `Appointment` `booked` | `appointment.booked` at `created` (else `meta.lastUpdated`), for `start` |
/// | `Appointment` `fulfilled`, `arrived`, `checked-in` | `appointment.attended` at `start` |
/// | `Appointment` `cancelled` | `appointment.cancelled` at `meta.lastUpdated`, by `cancelationReason` |
/// | `Appointment` `noshow` | `appointment.dna` at `start` |
/// | `Encounter` `in-progress`, `finished` | `treatment.started` at `period.start` |
/// | `CarePlan` `active`, `completed` | `plan.issued` at `created` |
///
/// Patient data: `subject`/`participant` identifiers with the NHS number system are hashed
/// into `patientRef`; `Patient` resources and contained resources are never read.
public struct FHIRFeed: Sendable {
    /// The ODS organisation code identifier system (the trust).
    public static let odsSystem = "https://fhir.nhs.uk/Id/ods-organization-code"
    /// The e-RS Unique Booking Reference Number system (preferred referral id).
    public static let ubrnSystem = "https://fhir.nhs.uk/Id/UBRN"
    /// The NHS number system (hashed into `patientRef`).
    public static let nhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number"
    /// The longest line accepted (4 MiB).
    public static let maximumLineBytes = 4 << 20

    let settings: FeedSettings

    /// A converter with these settings.
    public init(settings: FeedSettings) {
        self.settings = settings
    }

    /// Converts a file, one resource or Bundle per line; `body` gets each resource's outcome.
    public func convert(_ bytes: [UInt8], _ body: (FeedRecordOutcome) -> Void) {
        let decoder = EventDecoder(catalogue: settings.catalogue)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var text = Array(bytes[start..<end])
            if text.last == 0x0D { text.removeLast() }
            if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                convert(line: text, number: line, decoder: decoder, body)
            }
            start = end + 1
            line += 1
        }
    }

    private func convert(line text: [UInt8], number: Int, decoder: EventDecoder, _ body: (FeedRecordOutcome) -> Void) {
        let at = "line \(number)"
        guard text.count <= Self.maximumLineBytes else {
            body(.rejected(FeedRejection(location: at, code: "too-large", reason: "line longer than \(Self.maximumLineBytes) bytes")))
            return
        }
        guard UTF8Check.isValid(text) else {
            body(.rejected(FeedRejection(location: at, code: "not-utf8", reason: "not valid UTF-8")))
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed]) else {
            body(.rejected(FeedRejection(location: at, code: "not-json", reason: "not JSON (one FHIR resource or Bundle per line)")))
            return
        }
        guard let resource = object as? [String: Any], let type = resource["resourceType"] as? String else {
            body(.rejected(FeedRejection(location: at, code: "not-fhir", reason: "not a FHIR resource (a JSON object with resourceType)")))
            return
        }
        if type == "Bundle" {
            let bundleType = resource["type"] as? String ?? ""
            guard ["collection", "transaction", "message", "batch", "searchset"].contains(bundleType) else {
                body(
                    .rejected(
                        FeedRejection(
                            location: "\(at), Bundle.type", code: "invalid-value",
                            reason: "Bundle type must be collection, transaction or message, got \(FeedRejection.quoted(bundleType))")))
                return
            }
            let entries = resource["entry"] as? [Any] ?? []
            for (i, entry) in entries.enumerated() {
                let entryAt = "\(at), entry[\(i)]"
                guard let inner = (entry as? [String: Any])?["resource"] as? [String: Any], let innerType = inner["resourceType"] as? String
                else {
                    body(.rejected(FeedRejection(location: entryAt, code: "not-fhir", reason: "entry without a resource")))
                    continue
                }
                body(outcome(inner, type: innerType, at: "\(entryAt) \(innerType)", decoder: decoder))
            }
            return
        }
        body(outcome(resource, type: type, at: "\(at) \(type)", decoder: decoder))
    }

    private func outcome(_ r: [String: Any], type: String, at: String, decoder: EventDecoder) -> FeedRecordOutcome {
        do throws(FeedRejection) {
            switch type {
            case "ServiceRequest": return try serviceRequest(r, at: at, decoder: decoder)
            case "Appointment": return try appointment(r, at: at, decoder: decoder)
            case "Encounter", "CarePlan": return try treatmentOrPlan(r, type: type, at: at, decoder: decoder)
            case "Patient", "Organization", "Practitioner", "PractitionerRole", "MessageHeader", "Location", "HealthcareService":
                return .ignored(location: at, reason: "\(type) carries no waiting-list event")
            default:
                throw FeedRejection(
                    location: at, code: "unsupported-resource",
                    reason: "resource type \(FeedRejection.quoted(type)) is not ServiceRequest, Appointment, Encounter or CarePlan")
            }
        } catch {
            return .rejected(error)
        }
    }

    // MARK: - Resources

    private func serviceRequest(_ r: [String: Any], at: String, decoder: EventDecoder) throws(FeedRejection) -> FeedRecordOutcome {
        let status = try string(r, "status", at: at)
        let referralId = identifier(r["identifier"], system: Self.ubrnSystem) ?? (r["id"] as? String)
        guard let referralId, !referralId.isEmpty else {
            throw FeedRejection(
                location: "\(at).identifier", code: "missing-field", reason: "no UBRN identifier and no id, the referral id")
        }
        let trust = try ods(r["performer"], path: "performer", at: at)
        let service = try serviceCode(r, elements: ["code", "category"], at: at)
        var event: ReferralEvent
        switch status {
        case "active":
            let occurredAt = try time(r, ["authoredOn"], at: at)
            event = ReferralEvent(
                eventId: "", type: .referralReceived, referralId: referralId, trust: trust, service: service,
                occurredAt: occurredAt, day: occurredAt.londonDay)
            switch r["priority"] as? String ?? "routine" {
            case "routine": event.priority = .routine
            case "urgent", "asap", "stat": event.priority = .urgent
            case let other:
                throw FeedRejection(
                    location: "\(at).priority", code: "invalid-value",
                    reason: "priority must be routine, urgent, asap or stat, got \(FeedRejection.quoted(other))")
            }
        case "revoked", "completed", "entered-in-error":
            let occurredAt = try time(r, ["meta.lastUpdated"], at: at)
            event = ReferralEvent(
                eventId: "", type: .referralClosed, referralId: referralId, trust: trust, service: service,
                occurredAt: occurredAt, day: occurredAt.londonDay, reason: status == "revoked" ? "cancelled" : status)
        case "draft", "on-hold", "unknown":
            return .ignored(location: at, reason: "ServiceRequest status \(status) changes no waiting list")
        default:
            throw FeedRejection(
                location: "\(at).status", code: "invalid-value", reason: "unknown ServiceRequest status \(FeedRejection.quoted(status))")
        }
        return try finish(event, r, type: "ServiceRequest", status: status, patient: r["subject"], at: at, decoder: decoder)
    }

    private func appointment(_ r: [String: Any], at: String, decoder: EventDecoder) throws(FeedRejection) -> FeedRecordOutcome {
        let status = try string(r, "status", at: at)
        guard let appointmentId = r["id"] as? String ?? identifier(r["identifier"], system: nil), !appointmentId.isEmpty else {
            throw FeedRejection(location: "\(at).id", code: "missing-field", reason: "no id, the appointment id")
        }
        let referralId = try basedOn(r, at: at)
        let participants = (r["participant"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["actor"] }
        let trust = try ods(participants, path: "participant.actor", at: at)
        let service = try serviceCode(r, elements: ["serviceType", "specialty"], at: at)
        func make(_ type: EventType, _ occurredAt: Timestamp) -> ReferralEvent {
            ReferralEvent(
                eventId: "", type: type, referralId: referralId, trust: trust, service: service,
                occurredAt: occurredAt, day: occurredAt.londonDay, appointmentId: appointmentId)
        }
        var event: ReferralEvent
        switch status {
        case "booked":
            event = make(.appointmentBooked, try time(r, ["created", "meta.lastUpdated"], at: at))
            event.scheduledFor = try time(r, ["start"], at: at)
        case "fulfilled", "arrived", "checked-in":
            event = make(.appointmentAttended, try time(r, ["start"], at: at))
        case "noshow":
            event = make(.appointmentDNA, try time(r, ["start"], at: at))
        case "cancelled":
            event = make(.appointmentCancelled, try time(r, ["meta.lastUpdated"], at: at))
            let codes = codings(r["cancelationReason"]).map(\.code)
            guard let by = codes.lazy.compactMap(CancellationReason.cancelledBy).first else {
                throw FeedRejection(
                    location: "\(at).cancelationReason", code: codes.isEmpty ? "missing-field" : "invalid-value",
                    reason: codes.isEmpty
                        ? "no cancelationReason saying who cancelled"
                        : "cancelationReason must be an appointment-cancellation-reason code (pat…, prov…, …), got \(FeedRejection.quoted(codes[0]))"
                )
            }
            event.cancelledBy = by
        case "proposed", "pending", "waitlist":
            return .ignored(location: at, reason: "Appointment status \(status) changes no waiting list")
        case "entered-in-error":
            return .ignored(location: at, reason: "Appointment entered in error")
        default:
            throw FeedRejection(
                location: "\(at).status", code: "invalid-value", reason: "unknown Appointment status \(FeedRejection.quoted(status))")
        }
        let patient = participants.first { identifier($0, system: Self.nhsNumberSystem) != nil }
        return try finish(event, r, type: "Appointment", status: status, patient: patient, at: at, decoder: decoder)
    }

    private func treatmentOrPlan(
        _ r: [String: Any], type: String, at: String, decoder: EventDecoder
    ) throws(FeedRejection) -> FeedRecordOutcome {
        let status = try string(r, "status", at: at)
        let referralId = try basedOn(r, at: at)
        let isEncounter = type == "Encounter"
        let accepted = isEncounter ? ["in-progress", "finished"] : ["active", "completed"]
        guard accepted.contains(status) else {
            return .ignored(location: at, reason: "\(type) status \(status) is not \(accepted.joined(separator: " or "))")
        }
        let trust = try ods(isEncounter ? r["serviceProvider"] : r["author"], path: isEncounter ? "serviceProvider" : "author", at: at)
        let service = try serviceCode(r, elements: isEncounter ? ["serviceType", "type"] : ["category"], at: at)
        let occurredAt = try time(r, isEncounter ? ["period.start"] : ["created"], at: at)
        let event = ReferralEvent(
            eventId: "", type: isEncounter ? .treatmentStarted : .planIssued, referralId: referralId, trust: trust,
            service: service, occurredAt: occurredAt, day: occurredAt.londonDay)
        return try finish(event, r, type: type, status: status, patient: r["subject"], at: at, decoder: decoder)
    }

    private func finish(
        _ event: ReferralEvent, _ r: [String: Any], type: String, status: String, patient: Any?, at: String, decoder: EventDecoder
    ) throws(FeedRejection) -> FeedRecordOutcome {
        var event = event
        let version = (r["meta"] as? [String: Any])?["versionId"] as? String ?? ""
        event.eventId = DerivedEventId.make(
            "fhir", [type, r["id"] as? String ?? "", status, version, event.type.rawValue, event.referralId, event.occurredAt.rfc3339UTC])
        let nhs = identifier(patient, system: Self.nhsNumberSystem)
        let feedEvent = FeedEvent(event: event, patientRef: settings.patientRef(nhs))
        return .events([try settings.validated(feedEvent, at: at, decoder: decoder)])
    }

    // MARK: - Elements

    private func string(_ r: [String: Any], _ key: String, at: String) throws(FeedRejection) -> String {
        guard let value = r[key] as? String, !value.isEmpty else {
            throw FeedRejection(location: "\(at).\(key)", code: "missing-field", reason: "no \(key)")
        }
        return value
    }

    /// The first of `paths` (dotted) that is present, as an instant.
    private func time(_ r: [String: Any], _ paths: [String], at: String) throws(FeedRejection) -> Timestamp {
        for path in paths {
            var node: Any? = r
            for key in path.split(separator: ".") { node = (node as? [String: Any])?[String(key)] }
            guard let text = node as? String else { continue }
            guard let instant = FeedTime.parseFHIR(text) else {
                throw FeedRejection(
                    location: "\(at).\(path)", code: "bad-timestamp",
                    reason: "not a FHIR dateTime with an offset (or a date): \(FeedRejection.quoted(text))")
            }
            return instant
        }
        throw FeedRejection(location: "\(at).\(paths[0])", code: "missing-field", reason: "no \(paths.joined(separator: " or "))")
    }

    /// The value of the first identifier with `system` (any system when nil) in an
    /// `Identifier` or a list of them (or of References holding one).
    private func identifier(_ node: Any?, system: String?) -> String? {
        let items: [Any] = (node as? [Any]) ?? (node.map { [$0] } ?? [])
        for item in items {
            guard let id = item as? [String: Any] else { continue }
            if let nested = id["identifier"] { if let v = identifier(nested, system: system) { return v } else { continue } }
            if system == nil || id["system"] as? String == system, let value = id["value"] as? String, !value.isEmpty { return value }
        }
        return nil
    }

    /// The ODS code of the first Reference (or list) carrying an ODS identifier: the trust.
    private func ods(_ node: Any?, path: String, at: String) throws(FeedRejection) -> String {
        guard let code = identifier(node, system: Self.odsSystem) else {
            throw FeedRejection(
                location: "\(at).\(path)", code: "missing-field",
                reason: "no organisation identifier with system \(Self.odsSystem), the trust")
        }
        return code
    }

    /// The referral id from `basedOn`: a UBRN identifier, else the id of a `ServiceRequest/…` reference.
    private func basedOn(_ r: [String: Any], at: String) throws(FeedRejection) -> String {
        let refs = r["basedOn"] as? [Any] ?? []
        if let ubrn = identifier(refs, system: Self.ubrnSystem) { return ubrn }
        for ref in refs {
            if let text = (ref as? [String: Any])?["reference"] as? String, text.hasPrefix("ServiceRequest/") {
                return String(text.dropFirst("ServiceRequest/".count))
            }
        }
        throw FeedRejection(
            location: "\(at).basedOn", code: "missing-field",
            reason: "no basedOn ServiceRequest (UBRN identifier or reference), the referral")
    }

    /// Every coding (system, code) in a CodeableConcept or a list of them.
    private func codings(_ node: Any?) -> [(system: String, code: String)] {
        let concepts: [Any] = (node as? [Any]) ?? (node.map { [$0] } ?? [])
        return concepts.flatMap { concept -> [(system: String, code: String)] in
            ((concept as? [String: Any])?["coding"] as? [Any] ?? []).compactMap { c in
                guard let c = c as? [String: Any], let code = c["code"] as? String else { return nil }
                return (c["system"] as? String ?? "", code)
            }
        }
    }

    /// The catalogue code of the first coding, in the elements' order, that the catalogue or
    /// the code map knows.
    private func serviceCode(_ r: [String: Any], elements: [String], at: String) throws(FeedRejection) -> String {
        var seen: [String] = []
        for element in elements {
            for coding in codings(r[element]) {
                if let code = settings.codeMap.service(for: coding.code, catalogue: settings.catalogue) { return code }
                seen.append(coding.code)
            }
        }
        return try settings.service(seen.first ?? "", at: "\(at).\(elements[0])")
    }
}
