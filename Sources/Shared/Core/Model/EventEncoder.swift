/// Writes a ``ReferralEvent`` as one JSON object (SPEC section 1): the form producers send
/// and ``EventDecoder`` reads.
///
/// - Fields come in SPEC table order: `eventId`, `type`, `referralId`, `trust`, `service`,
///   `occurredAt`, `priority`, `appointmentId`, `scheduledFor`, `cancelledBy`, `reason`.
/// - Optional fields are written when non-nil and omitted when nil. The encoder does not
///   validate: it writes what the event holds (use ``EventDecoder`` to check).
/// - `occurredAt` and `scheduledFor` are written as RFC 3339 in Europe/London local time with
///   its offset, e.g. `2026-05-01T09:00:00+01:00`, with microseconds when not zero.
/// - `day` is not written: it is derived from `occurredAt` when decoding.
/// - No whitespace and no trailing newline (append `\n` yourself for NDJSON).
///
/// Round trip: for every event as ``EventDecoder`` produces it (type-specific fields only on
/// their types, `priority` set on `referral.received`, `day` the London date of
/// `occurredAt`, valid field values), `decode(encode(e)) == e`.
///
/// `EventEncoder` holds no state: share it freely.
public struct EventEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// Appends the JSON object for `event` to `buffer` (which is not cleared), so that one
    /// buffer can be reused for many messages.
    public func encode(_ event: ReferralEvent, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        JSONWriter.appendKey("eventId", to: &buffer)
        JSONWriter.appendString(event.eventId, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONWriter.appendKey("type", to: &buffer)
        JSONWriter.appendString(event.type.rawValue, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONWriter.appendKey("referralId", to: &buffer)
        JSONWriter.appendString(event.referralId, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONWriter.appendKey("trust", to: &buffer)
        JSONWriter.appendString(event.trust, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONWriter.appendKey("service", to: &buffer)
        JSONWriter.appendString(event.service, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        JSONWriter.appendKey("occurredAt", to: &buffer)
        appendTimestamp(event.occurredAt, to: &buffer)
        if let priority = event.priority {
            buffer.append(UInt8(ascii: ","))
            JSONWriter.appendKey("priority", to: &buffer)
            JSONWriter.appendString(priority.rawValue, to: &buffer)
        }
        if let appointmentId = event.appointmentId {
            buffer.append(UInt8(ascii: ","))
            JSONWriter.appendKey("appointmentId", to: &buffer)
            JSONWriter.appendString(appointmentId, to: &buffer)
        }
        if let scheduledFor = event.scheduledFor {
            buffer.append(UInt8(ascii: ","))
            JSONWriter.appendKey("scheduledFor", to: &buffer)
            appendTimestamp(scheduledFor, to: &buffer)
        }
        if let cancelledBy = event.cancelledBy {
            buffer.append(UInt8(ascii: ","))
            JSONWriter.appendKey("cancelledBy", to: &buffer)
            JSONWriter.appendString(cancelledBy.rawValue, to: &buffer)
        }
        if let reason = event.reason {
            buffer.append(UInt8(ascii: ","))
            JSONWriter.appendKey("reason", to: &buffer)
            JSONWriter.appendString(reason, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// The JSON object for `event` as UTF-8 bytes.
    public func encode(_ event: ReferralEvent) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        encode(event, into: &buffer)
        return buffer
    }

    private func appendTimestamp(_ timestamp: Timestamp, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        timestamp.appendRFC3339London(to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }
}
