/// The "implausible times" rule of the contract (SPEC section 1, v1.1): an event is bad input,
/// reason code `implausible-time`, when its `occurredAt` is more than ``maxAheadHours`` after
/// the timestamp of the Kafka message that carries it, or more than ``maxBehindYears`` before it.
///
/// The reference is the message's own timestamp, never the wall clock, so a replay of the same
/// messages decides the same way. A message without a timestamp is not checked (there is nothing
/// deterministic to compare with; see docs/DESIGN.md). Pure: no clock, no I/O.
///
/// A year here is 365.25 days (20 years = 7,305 days), so the limit does not depend on the
/// calendar position of the message.
public struct ImplausibleTimeCheck: Sendable, Hashable {
    /// The dead-letter reason code.
    public static let code = "implausible-time"
    /// The largest accepted ``maxAheadHours`` (one year).
    public static let maximumAheadHours = 8_784
    /// The largest accepted ``maxBehindYears``.
    public static let maximumBehindYears = 200

    /// How far after its message's timestamp an event may be dated, in hours (default 24).
    public var maxAheadHours: Int
    /// How far before its message's timestamp an event may be dated, in years of 365.25 days
    /// (default 20).
    public var maxBehindYears: Int

    /// The contract's defaults: 24 hours ahead, 20 years behind.
    public init(maxAheadHours: Int = 24, maxBehindYears: Int = 20) {
        self.maxAheadHours = maxAheadHours
        self.maxBehindYears = maxBehindYears
    }

    /// ``maxAheadHours`` in microseconds.
    var maxAheadMicroseconds: Int64 { Int64(maxAheadHours) * 3_600_000_000 }
    /// ``maxBehindYears`` in microseconds (365.25 days a year).
    var maxBehindMicroseconds: Int64 { Int64(maxBehindYears) * 36_525 * 864_000_000 }

    /// Why an event dated `occurredAt` is implausible in a message with this timestamp
    /// (milliseconds since the epoch), or nil when it is plausible or the message has no
    /// timestamp. The reason is one line naming both times, without any identifier.
    public func reason(occurredAt: Timestamp, messageTimestampMilliseconds: Int64?) -> String? {
        guard let milliseconds = messageTimestampMilliseconds else { return nil }
        // Any Int64 is accepted: clamp far outside the years 0000–9999 (no overflow below).
        let clamped = min(max(milliseconds, -Self.limitMilliseconds), Self.limitMilliseconds)
        let message = clamped * 1_000
        let event = occurredAt.microsecondsSinceEpoch
        if event > message, event - message > maxAheadMicroseconds {
            return
                "\(Self.code): occurredAt \(occurredAt.rfc3339UTC) is more than \(maxAheadHours) hours after the message timestamp \(Self.shown(milliseconds))"
        }
        if message > event, message - event > maxBehindMicroseconds {
            return
                "\(Self.code): occurredAt \(occurredAt.rfc3339UTC) is more than \(maxBehindYears) years before the message timestamp \(Self.shown(milliseconds))"
        }
        return nil
    }

    /// 2^50 ms, about 35,700 years either side of 1970: beyond any RFC 3339 timestamp.
    private static let limitMilliseconds: Int64 = 1 << 50
    /// Years 0000–9999 in milliseconds since the epoch.
    private static let writableMilliseconds: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// A message timestamp as RFC 3339 (UTC), or as raw milliseconds when it has no such form.
    private static func shown(_ milliseconds: Int64) -> String {
        guard writableMilliseconds.contains(milliseconds) else { return "\(milliseconds) ms since 1970" }
        return Timestamp(microsecondsSinceEpoch: milliseconds * 1_000).rfc3339UTC
    }
}
