import WaitwatchCore
/// One converted event and the hashed patient reference it carries, if any.
public struct FeedEvent: Sendable, Hashable {
    /// The SPEC section 1 event.
    public var event: ReferralEvent
    /// `patientRef`: the keyed hash of the source's patient identifier (never the identifier).
    public var patientRef: String?

    /// An event with an optional patient reference.
    public init(event: ReferralEvent, patientRef: String? = nil) {
        self.event = event
        self.patientRef = patientRef
    }

    /// The event as one SPEC section 1 JSON object (no line end), `patientRef` last.
    public func json() -> [UInt8] {
        var bytes = EventEncoder().encode(event)
        if let patientRef, bytes.last == UInt8(ascii: "}") {
            bytes.removeLast()
            bytes += Array(",\"patientRef\":\"\(patientRef)\"}".utf8)
        }
        return bytes
    }
}

/// What one source record gave: events, nothing (a record the feed deliberately skips, such
/// as an HL7 `REF^I13` that only accepts a referral), or a located rejection.
public enum FeedRecordOutcome: Sendable, Hashable {
    /// Converted and validated events, in source order (usually one).
    case events([FeedEvent])
    /// Understood but carrying no waiting-list event; the text says why (one line, no values).
    case ignored(location: String, reason: String)
    /// Not convertible.
    case rejected(FeedRejection)
}
