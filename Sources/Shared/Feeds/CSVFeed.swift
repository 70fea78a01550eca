import WaitwatchCore
/// The FEEDS.md section 1 CSV extract → events: one row, one event.
///
/// Column names are matched case-insensitively, in any order; unknown columns are ignored.
/// A rejection names the line and the column; values are quoted only for codes and dates,
/// never for `PATIENT_ID` or `SERVICE_REQUEST_ID`.
public struct CSVFeed: Sendable {
    /// The FEEDS.md columns (upper case).
    public static let columns = [
        "ORG_ID_PROVIDER", "SERVICE_CODE", "SERVICE_REQUEST_ID", "RECORD_TYPE", "EVENT_DATE_TIME", "EVENT_ID",
        "PRIORITY", "CARE_CONTACT_ID", "CONTACT_STATUS", "SCHEDULED_DATE_TIME", "DISCHARGE_REASON", "PATIENT_ID",
    ]
    /// The columns every row needs.
    public static let requiredColumns = ["ORG_ID_PROVIDER", "SERVICE_CODE", "SERVICE_REQUEST_ID", "RECORD_TYPE", "EVENT_DATE_TIME"]

    let settings: FeedSettings

    /// A converter with these settings.
    public init(settings: FeedSettings) {
        self.settings = settings
    }

    /// Converts a whole extract, calling `body` with each row's outcome in order. A header
    /// lacking a required column gives one rejection for line 1 and nothing else.
    public func convert(_ bytes: [UInt8], _ body: (FeedRecordOutcome) -> Void) {
        let records = CSVReader(bytes).records()
        guard let header = records.first else {
            body(.rejected(FeedRejection(location: "line 1", code: "bad-csv", reason: "empty file: no header row")))
            return
        }
        let names: [String]
        switch header.fields {
        case .failure(let rejection): body(.rejected(rejection)); return
        case .success(let fields): names = fields.map { $0.trimmingSpaces.uppercased() }
        }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        let missing = Self.requiredColumns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            let hint =
                names.count == 1 && (names[0].contains(";") || names[0].contains("\t") || names[0].contains("|"))
                ? " (the header has no commas: is it separated by ; or tabs?)" : ""
            body(
                .rejected(
                    FeedRejection(
                        location: "line \(header.line)", code: "bad-header",
                        reason: "the header lacks column(s) \(missing.joined(separator: ", "))\(hint)")))
            return
        }
        let decoder = EventDecoder(catalogue: settings.catalogue)
        for record in records.dropFirst() {
            switch record.fields {
            case .failure(let rejection):
                body(.rejected(rejection))
            case .success(let fields):
                do throws(FeedRejection) {
                    body(.events([try row(fields, index: index, columnCount: names.count, line: record.line, decoder: decoder)]))
                } catch {
                    body(.rejected(error))
                }
            }
        }
    }

    private func row(
        _ fields: [String], index: [String: Int], columnCount: Int, line: Int, decoder: EventDecoder
    ) throws(FeedRejection) -> FeedEvent {
        // Fewer fields than the header: the missing trailing ones are empty. More: the row is
        // shifted (typically an unquoted comma), so nothing in it can be trusted.
        guard fields.count <= columnCount else {
            throw FeedRejection(
                location: "line \(line)", code: "bad-csv",
                reason: "\(fields.count) fields where the header has \(columnCount) (an unquoted comma?)")
        }
        func value(_ column: String) -> String? {
            guard let i = index[column], i < fields.count else { return nil }
            let v = fields[i].trimmingSpaces
            return v.isEmpty ? nil : v
        }
        func required(_ column: String, _ why: String = "") throws(FeedRejection) -> String {
            guard let v = value(column) else {
                throw FeedRejection(location: "line \(line), column \(column)", code: "missing-field", reason: "\(column) is empty\(why)")
            }
            return v
        }
        let trust = try required("ORG_ID_PROVIDER")
        let service = try settings.service(try required("SERVICE_CODE"), at: "line \(line), column SERVICE_CODE")
        let referralId = try required("SERVICE_REQUEST_ID")
        let recordType = try required("RECORD_TYPE").uppercased()
        let occurredText = try required("EVENT_DATE_TIME")
        guard let occurredAt = FeedTime.parseCSV(occurredText) else {
            throw FeedRejection(
                location: "line \(line), column EVENT_DATE_TIME", code: "bad-timestamp",
                reason: "not a date-time (RFC 3339, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD): \(FeedRejection.quoted(occurredText))")
        }
        var event = ReferralEvent(
            eventId: "", type: .referralReceived, referralId: referralId, trust: trust, service: service,
            occurredAt: occurredAt, day: occurredAt.londonDay)
        var identity = [trust, service, referralId, recordType, occurredAt.rfc3339UTC]
        switch recordType {
        case "REFERRAL":
            event.type = .referralReceived
            switch value("PRIORITY")?.uppercased() {
            case nil, "1", "ROUTINE": event.priority = .routine
            case "2", "3", "URGENT": event.priority = .urgent
            case let other?:
                throw FeedRejection(
                    location: "line \(line), column PRIORITY", code: "invalid-value",
                    reason: "PRIORITY must be 1, 2, 3, ROUTINE or URGENT, got \(FeedRejection.quoted(other))")
            }
        case "CONTACT":
            let contact = try required("CARE_CONTACT_ID", " (required on CONTACT)")
            let status = try required("CONTACT_STATUS", " (required on CONTACT)").uppercased()
            event.appointmentId = contact
            identity += [contact, status]
            switch status {
            case "BOOKED":
                event.type = .appointmentBooked
                let text = try required("SCHEDULED_DATE_TIME", " (required on a BOOKED contact)")
                guard let scheduled = FeedTime.parseCSV(text) else {
                    throw FeedRejection(
                        location: "line \(line), column SCHEDULED_DATE_TIME", code: "bad-timestamp",
                        reason: "not a date-time: \(FeedRejection.quoted(text))")
                }
                event.scheduledFor = scheduled
                identity.append(scheduled.rfc3339UTC)
            case "5", "6": event.type = .appointmentAttended
            case "3", "7": event.type = .appointmentDNA
            case "2": event.type = .appointmentCancelled; event.cancelledBy = .patient
            case "4": event.type = .appointmentCancelled; event.cancelledBy = .provider
            default:
                throw FeedRejection(
                    location: "line \(line), column CONTACT_STATUS", code: "invalid-value",
                    reason: "CONTACT_STATUS must be BOOKED or a CSDS attendance code 2–7, got \(FeedRejection.quoted(status))")
            }
        case "TREATMENT_START": event.type = .treatmentStarted
        case "PLAN_ISSUED": event.type = .planIssued
        case "DISCHARGE":
            event.type = .referralClosed
            event.reason = value("DISCHARGE_REASON")
        default:
            throw FeedRejection(
                location: "line \(line), column RECORD_TYPE", code: "unknown-type",
                reason:
                    "RECORD_TYPE must be REFERRAL, CONTACT, TREATMENT_START, PLAN_ISSUED or DISCHARGE, got \(FeedRejection.quoted(recordType))"
            )
        }
        event.eventId = value("EVENT_ID") ?? DerivedEventId.make("csv", identity)
        let feedEvent = FeedEvent(event: event, patientRef: settings.patientRef(value("PATIENT_ID")))
        return try settings.validated(feedEvent, at: "line \(line)", decoder: decoder)
    }
}
