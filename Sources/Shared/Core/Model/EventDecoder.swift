/// Turns one input message (a Kafka message value or one NDJSON line) into a validated
/// ``ReferralEvent``, or says why it cannot be used (SPEC section 1).
///
/// This is the pipeline's hot path: a hand-written strict JSON reader (no Foundation) that
/// allocates only the `String`s of the kept fields (short ones are stored inline by Swift
/// and allocate nothing; `service` reuses the catalogue's string).
///
/// What is accepted:
/// - Exactly one JSON object (RFC 8259), UTF-8, optionally surrounded by whitespace (so a
///   trailing `\n` or `\r\n` of an NDJSON line is fine). Anything after the object is an error.
/// - Field names are case-sensitive. A field name appearing twice at the top level is an
///   error, whatever its value (names are compared after unescaping). Nested objects are not
///   checked for duplicates; they only belong to ignored fields.
/// - Unknown fields are ignored, whatever their value (nested up to 64 levels, fully
///   syntax-checked), and so is `patientRef`.
/// - A known field that does not apply to the event's type is ignored like an unknown field
///   (e.g. `priority` on `appointment.dna`, `reason` on `referral.received`), whatever its
///   value; it is not kept in the decoded event.
/// - Required fields must be strings: a number, object, `null`, … is a rejection naming the
///   field. On optional fields (`priority`, `reason`) `null` means absent.
/// - `eventId` and `referralId`: 1–128 Unicode code points after unescaping.
/// - `trust`: 3–9 of `A`–`Z`, `0`–`9`; `ALL` is reserved.
/// - `service`: a code of the decoder's catalogue (case-sensitive).
/// - `occurredAt`, `scheduledFor`: RFC 3339 with an offset (see ``Timestamp``).
/// - `priority` on `referral.received`: `routine` or `urgent`; absent means `routine`, so a
///   decoded `referral.received` always has a priority.
/// - `appointmentId`: a non-empty string, required on `appointment.*`.
/// - `scheduledFor`: required on `appointment.booked`.
/// - `cancelledBy`: `patient` or `provider`, required on `appointment.cancelled`.
/// - `reason`: optional string on `referral.closed`.
///
/// ``ReferralEvent/day`` is set to the Europe/London date of `occurredAt`.
/// See ``EventRejection`` for the order in which problems are reported.
///
/// `EventDecoder` is an immutable value: share it freely between threads and tasks.
public struct EventDecoder: Sendable {
    /// The services accepted in `service`.
    public let catalogue: ServiceCatalogue

    /// Catalogue codes as UTF-8, with the catalogue's own strings for reuse.
    private let services: [(utf8: [UInt8], code: String)]

    /// A decoder accepting the services of `catalogue`.
    public init(catalogue: ServiceCatalogue = .default) {
        self.catalogue = catalogue
        self.services = catalogue.services.map { (Array($0.code.utf8), $0.code) }
    }

    /// Decodes one message. The bytes are only read during the call.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> Result<ReferralEvent, EventRejection> {
        do {
            return .success(try decodeOrThrow(bytes))
        } catch {
            return .failure(error)
        }
    }

    /// Decodes one message held in a byte array.
    public func decode(_ bytes: [UInt8]) -> Result<ReferralEvent, EventRejection> {
        bytes.withUnsafeBytes { raw in
            do throws(EventRejection) {
                return .success(try decodeOrThrow(raw))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Decodes one message held in a string (e.g. a line read as text).
    public func decode(_ text: String) -> Result<ReferralEvent, EventRejection> {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    // MARK: - Parsing

    /// The fields the decoder knows, in SPEC table order.
    private enum Field: Int, CaseIterable {
        case eventId, type, referralId, trust, service, occurredAt
        case priority, appointmentId, scheduledFor, cancelledBy, reason

        var name: String {
            switch self {
            case .eventId: "eventId"
            case .type: "type"
            case .referralId: "referralId"
            case .trust: "trust"
            case .service: "service"
            case .occurredAt: "occurredAt"
            case .priority: "priority"
            case .appointmentId: "appointmentId"
            case .scheduledFor: "scheduledFor"
            case .cancelledBy: "cancelledBy"
            case .reason: "reason"
            }
        }

        /// The field with this (unescaped) name, if any.
        @inline(__always)
        init?(_ name: UnsafeRawBufferPointer) {
            @inline(__always)
            func equals(_ literal: StaticString) -> Bool { ByteComparison.equals(name, literal) }
            switch name.count {
            case 4 where equals("type"): self = .type
            case 5 where equals("trust"): self = .trust
            case 6 where equals("reason"): self = .reason
            case 7 where equals("eventId"): self = .eventId
            case 7 where equals("service"): self = .service
            case 8 where equals("priority"): self = .priority
            case 10 where equals("referralId"): self = .referralId
            case 10 where equals("occurredAt"): self = .occurredAt
            case 11 where equals("cancelledBy"): self = .cancelledBy
            case 12 where equals("scheduledFor"): self = .scheduledFor
            case 13 where equals("appointmentId"): self = .appointmentId
            default: return nil
            }
        }
    }

    /// What the object held for each known field (nil: absent). One stored property per
    /// field so that reading one does not copy the others.
    private struct Fields {
        var eventId, type, referralId, trust, service, occurredAt: JSONScanner.Value?
        var priority, appointmentId, scheduledFor, cancelledBy, reason: JSONScanner.Value?

        subscript(field: Field) -> JSONScanner.Value? {
            get {
                switch field {
                case .eventId: eventId
                case .type: type
                case .referralId: referralId
                case .trust: trust
                case .service: service
                case .occurredAt: occurredAt
                case .priority: priority
                case .appointmentId: appointmentId
                case .scheduledFor: scheduledFor
                case .cancelledBy: cancelledBy
                case .reason: reason
                }
            }
            set {
                switch field {
                case .eventId: eventId = newValue
                case .type: type = newValue
                case .referralId: referralId = newValue
                case .trust: trust = newValue
                case .service: service = newValue
                case .occurredAt: occurredAt = newValue
                case .priority: priority = newValue
                case .appointmentId: appointmentId = newValue
                case .scheduledFor: scheduledFor = newValue
                case .cancelledBy: cancelledBy = newValue
                case .reason: reason = newValue
                }
            }
        }
    }

    /// Names of unknown fields seen so far, for duplicate detection: the first four without
    /// escapes are kept as tokens (no allocation), the rest in a set.
    private struct UnknownNames {
        private static let none = JSONScanner.StringToken(start: 0, end: 0, hasEscapes: false)
        var inline = (none, none, none, none)
        var inlineCount = 0
        var spilled: Set<[UInt8]> = []

        /// Records a name; returns false if it was seen before.
        mutating func insert(_ token: JSONScanner.StringToken, scanner: JSONScanner) -> Bool {
            if !token.hasEscapes && spilled.isEmpty && inlineCount < 4 {
                // Common case: few plain names, compared in place.
                let raw = scanner.rawBytes(token)
                for i in 0..<inlineCount where scanner.rawBytes(inlineToken(i)).elementsEqual(raw) {
                    return false
                }
                switch inlineCount {
                case 0: inline.0 = token
                case 1: inline.1 = token
                case 2: inline.2 = token
                default: inline.3 = token
                }
                inlineCount += 1
                return true
            }
            let name = token.hasEscapes ? scanner.unescaped(token) : Array(scanner.rawBytes(token))
            for i in 0..<inlineCount where scanner.rawBytes(inlineToken(i)).elementsEqual(name) {
                return false
            }
            return spilled.insert(name).inserted
        }

        private func inlineToken(_ i: Int) -> JSONScanner.StringToken {
            switch i {
            case 0: inline.0
            case 1: inline.1
            case 2: inline.2
            default: inline.3
            }
        }
    }

    /// How reading the top-level object ended, when the JSON itself was well-formed so far.
    private enum ParseOutcome {
        case object
        case notAnObject(JSONValueKind)
        case duplicateField(String)
    }

    @inline(__always)
    private func decodeOrThrow(_ bytes: UnsafeRawBufferPointer) throws(EventRejection) -> ReferralEvent {
        var scanner = JSONScanner(bytes)
        var fields = Fields()
        let outcome: ParseOutcome
        do {
            outcome = try parseObject(&scanner, into: &fields)
        } catch {
            throw UTF8Validation.isValid(bytes) ? .notJSON(error) : .notUTF8
        }
        switch outcome {
        case .object:
            // The scanner checked every byte: the input is valid UTF-8.
            return try validate(fields, scanner)
        case .notAnObject(let kind):
            throw UTF8Validation.isValid(bytes) ? .notAnObject(kind) : .notUTF8
        case .duplicateField(let name):
            throw UTF8Validation.isValid(bytes) ? .duplicateField(name) : .notUTF8
        }
    }

    /// Reads the top-level object, recording known fields and checking for duplicates.
    private func parseObject(_ scanner: inout JSONScanner, into fields: inout Fields) throws(JSONSyntaxError) -> ParseOutcome {
        scanner.skipWhitespace()
        if scanner.isAtEnd { throw .emptyInput }
        guard scanner.current == UInt8(ascii: "{") else {
            // A well-formed value of another kind is named as such; anything else ("not json")
            // is a syntax error.
            guard JSONValueKind(firstByte: scanner.current) != nil else { throw scanner.unexpected }
            var probe = scanner
            let value = try probe.scanValue(depth: 0)
            probe.skipWhitespace()
            guard probe.isAtEnd else { throw probe.unexpected }
            if case .other(let kind) = value { return .notAnObject(kind) }
            return .notAnObject(.string)
        }
        scanner.position += 1
        var unknown = UnknownNames()
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "}") {
            scanner.position += 1
        } else {
            while true {
                guard scanner.current == UInt8(ascii: "\"") else { throw scanner.unexpected }
                let key = try scanner.scanString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipWhitespace()
                // Almost every value is a string: scan it here, inline.
                let value =
                    scanner.current == UInt8(ascii: "\"")
                    ? .string(try scanner.scanString()) : try scanner.scanValue(depth: 1)

                let field: Field?
                if key.hasEscapes {
                    field = scanner.unescaped(key).withUnsafeBytes { Field($0) }
                } else {
                    field = Field(scanner.rawBytes(key))
                }
                if let field {
                    if fields[field] != nil { return .duplicateField(field.name) }
                    fields[field] = value
                } else if !unknown.insert(key, scanner: scanner) {
                    return .duplicateField(string(key, scanner))
                }

                scanner.skipWhitespace()
                if scanner.current == UInt8(ascii: ",") {
                    scanner.position += 1
                    scanner.skipWhitespace()
                } else if scanner.current == UInt8(ascii: "}") {
                    scanner.position += 1
                    break
                } else {
                    throw scanner.unexpected
                }
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw .trailingCharacters(offset: scanner.position) }
        return .object
    }

    // MARK: - Validation

    /// Calls `body` with the unescaped UTF-8 bytes of a string token.
    @inline(__always)
    private func withBytes<R>(
        _ token: JSONScanner.StringToken, _ scanner: JSONScanner, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        if !token.hasEscapes { return body(scanner.rawBytes(token)) }
        return scanner.unescaped(token).withUnsafeBytes(body)
    }

    /// A `String` of valid UTF-8 bytes. (Decoding from typed `UInt8` memory takes the
    /// standard library's fast path: about twice as fast as from raw bytes.)
    @inline(__always)
    private static func makeString(_ bytes: UnsafeRawBufferPointer) -> String {
        bytes.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
    }

    /// The unescaped string value of a token.
    private func string(_ token: JSONScanner.StringToken, _ scanner: JSONScanner) -> String {
        withBytes(token, scanner) { Self.makeString($0) }
    }

    /// The token of a field that must be present and a string.
    private func requiredString(
        _ fields: Fields, _ field: Field, requiredOn type: EventType? = nil
    ) throws(EventRejection) -> JSONScanner.StringToken {
        switch fields[field] {
        case nil:
            if let type { throw .missingFieldForType(field: field.name, type: type) }
            throw .missingField(field.name)
        case .other(let kind)?:
            throw .wrongType(field: field.name, expected: .string, got: kind)
        case .string(let token)?:
            return token
        }
    }

    /// The token of an optional string field; `null` counts as absent.
    private func optionalString(_ fields: Fields, _ field: Field) throws(EventRejection) -> JSONScanner.StringToken? {
        switch fields[field] {
        case nil, .other(.null)?: return nil
        case .other(let kind)?: throw .wrongType(field: field.name, expected: .string, got: kind)
        case .string(let token)?: return token
        }
    }

    private func identifier(_ fields: Fields, _ field: Field, _ scanner: JSONScanner) throws(EventRejection) -> String {
        let token = try requiredString(fields, field)
        return try withBytes(token, scanner) { bytes -> Result<String, EventRejection> in
            let length = token.isASCII && !token.hasEscapes ? bytes.count : UTF8Validation.codePointCount(bytes)
            guard (1...128).contains(length) else { return .failure(.invalidLength(field: field.name, codePoints: length)) }
            return .success(Self.makeString(bytes))
        }.get()
    }

    private func eventType(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> EventType {
        let token = try requiredString(fields, .type)
        let type = withBytes(token, scanner) { bytes -> EventType? in
            @inline(__always)
            func equals(_ literal: StaticString) -> Bool { ByteComparison.equals(bytes, literal) }
            switch bytes.count {
            case 11 where equals("plan.issued"): return .planIssued
            case 15 where equals("appointment.dna"): return .appointmentDNA
            case 15 where equals("referral.closed"): return .referralClosed
            case 17 where equals("referral.received"): return .referralReceived
            case 17 where equals("treatment.started"): return .treatmentStarted
            case 18 where equals("appointment.booked"): return .appointmentBooked
            case 20 where equals("appointment.attended"): return .appointmentAttended
            case 21 where equals("appointment.cancelled"): return .appointmentCancelled
            default: return nil
            }
        }
        guard let type else { throw .unknownType(string(token, scanner)) }
        return type
    }

    private func trust(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> String {
        let token = try requiredString(fields, .trust)
        return try withBytes(token, scanner) { bytes -> Result<String, EventRejection> in
            guard (3...9).contains(bytes.count),
                bytes.allSatisfy({
                    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                })
            else { return .failure(.invalidTrust(Self.makeString(bytes))) }
            if bytes.count == 3 && ByteComparison.equals(bytes, "ALL") { return .failure(.reservedTrust) }
            return .success(Self.makeString(bytes))
        }.get()
    }

    private func service(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> String {
        let token = try requiredString(fields, .service)
        let code = withBytes(token, scanner) { bytes -> String? in
            for entry in services where entry.utf8.count == bytes.count {
                if entry.utf8.withUnsafeBytes({ ByteComparison.equals(bytes, $0) }) { return entry.code }
            }
            return nil
        }
        guard let code else { throw .unknownService(string(token, scanner)) }
        return code
    }

    private func timestamp(_ token: JSONScanner.StringToken, _ field: Field, _ scanner: JSONScanner) throws(EventRejection) -> Timestamp {
        try withBytes(token, scanner) { bytes -> Result<Timestamp, EventRejection> in
            do throws(RFC3339Error) {
                return .success(try Timestamp.parseRFC3339(bytes))
            } catch {
                return .failure(.badTimestamp(field: field.name, error: error, text: Self.makeString(bytes)))
            }
        }.get()
    }

    private func priority(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> Priority {
        guard let token = try optionalString(fields, .priority) else { return .routine }
        let value = withBytes(token, scanner) { bytes -> Priority? in
            if ByteComparison.equals(bytes, "routine") { return .routine }
            if ByteComparison.equals(bytes, "urgent") { return .urgent }
            return nil
        }
        guard let value else {
            throw .invalidValue(field: Field.priority.name, allowed: ["routine", "urgent"], got: string(token, scanner))
        }
        return value
    }

    private func cancelledBy(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> CancelledBy {
        let token = try requiredString(fields, .cancelledBy, requiredOn: .appointmentCancelled)
        let value = withBytes(token, scanner) { bytes -> CancelledBy? in
            if ByteComparison.equals(bytes, "patient") { return .patient }
            if ByteComparison.equals(bytes, "provider") { return .provider }
            return nil
        }
        guard let value else {
            throw .invalidValue(field: Field.cancelledBy.name, allowed: ["patient", "provider"], got: string(token, scanner))
        }
        return value
    }

    @inline(__always)
    private func validate(_ fields: Fields, _ scanner: JSONScanner) throws(EventRejection) -> ReferralEvent {
        let eventId = try identifier(fields, .eventId, scanner)
        let type = try eventType(fields, scanner)
        let referralId = try identifier(fields, .referralId, scanner)
        let trust = try trust(fields, scanner)
        let service = try service(fields, scanner)
        let occurredAt = try timestamp(try requiredString(fields, .occurredAt), .occurredAt, scanner)

        // Type-specific fields first, then one initialisation (no copy of a half-built event).
        var priority: Priority?
        var appointmentId: String?
        var scheduledFor: Timestamp?
        var cancelledBy: CancelledBy?
        var reason: String?
        switch type {
        case .referralReceived:
            priority = try self.priority(fields, scanner)
        case .appointmentBooked, .appointmentAttended, .appointmentCancelled, .appointmentDNA:
            let token = try requiredString(fields, .appointmentId, requiredOn: type)
            guard token.end > token.start else { throw .emptyField(Field.appointmentId.name) }
            appointmentId = string(token, scanner)
            if type == .appointmentBooked {
                let scheduled = try requiredString(fields, .scheduledFor, requiredOn: type)
                scheduledFor = try timestamp(scheduled, .scheduledFor, scanner)
            }
            if type == .appointmentCancelled {
                cancelledBy = try self.cancelledBy(fields, scanner)
            }
        case .referralClosed:
            reason = try optionalString(fields, .reason).map { string($0, scanner) }
        case .treatmentStarted, .planIssued:
            break
        }
        return ReferralEvent(
            eventId: eventId, type: type, referralId: referralId, trust: trust, service: service,
            occurredAt: occurredAt, day: LondonTime.day(of: occurredAt), priority: priority,
            appointmentId: appointmentId, scheduledFor: scheduledFor, cancelledBy: cancelledBy, reason: reason)
    }
}
