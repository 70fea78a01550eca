/// An instant, as microseconds since 1970-01-01T00:00:00Z (UTC).
///
/// Parsed from RFC 3339 text (``parseRFC3339(_:)-(UnsafeRawBufferPointer)``); the offset
/// written in the text is applied and not kept. Written back as RFC 3339 either in UTC
/// (``rfc3339UTC``) or in Europe/London local time with its offset (``rfc3339London``).
/// See ``RFC3339`` for exactly what is accepted.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    /// Microseconds since the Unix epoch, UTC.
    public var microsecondsSinceEpoch: Int64

    /// An instant from microseconds since the Unix epoch (UTC).
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// An instant from whole seconds since the Unix epoch (UTC).
    public init(secondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = secondsSinceEpoch * 1_000_000
    }

    /// Whether `lhs` is earlier than `rhs`.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }

    // MARK: Europe/London

    /// The Europe/London calendar date of this instant (see ``LondonTime``).
    public var londonDay: CivilDay {
        LondonTime.day(of: self)
    }

    /// The Europe/London UTC offset at this instant, in seconds (3600 in BST, 0 in GMT).
    public var londonUTCOffsetSeconds: Int {
        LondonTime.utcOffsetSeconds(at: self)
    }

    // MARK: Reading RFC 3339

    /// Parses an RFC 3339 timestamp with a UTC offset from UTF-8 bytes, e.g.
    /// `2026-05-01T09:00:00+01:00` or `2026-05-01t08:00:00.5Z`.
    ///
    /// Allocation-free. The bytes are only read during the call. Accepts `T`, `t` or a space
    /// between date and time, `Z`/`z` or `±HH:MM`; keeps microseconds (more fraction digits
    /// are truncated); reads leap second `:60` as `:59.999999`. A time without an offset is
    /// rejected (``RFC3339Error/missingOffset``).
    public static func parseRFC3339(_ bytes: UnsafeRawBufferPointer) throws(RFC3339Error) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: try RFC3339.parse(bytes))
    }

    /// Parses an RFC 3339 timestamp with a UTC offset from a byte array (see
    /// ``parseRFC3339(_:)-(UnsafeRawBufferPointer)``).
    public static func parseRFC3339(_ bytes: [UInt8]) throws(RFC3339Error) -> Timestamp {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(RFC3339Error) -> Timestamp in try parseRFC3339(raw) }
        }.get()
    }

    /// Parses an RFC 3339 timestamp with a UTC offset from text (see
    /// ``parseRFC3339(_:)-(UnsafeRawBufferPointer)``).
    public static func parseRFC3339(_ text: String) throws(RFC3339Error) -> Timestamp {
        let result = text.utf8.withContiguousStorageIfAvailable { utf8 in
            Result { () throws(RFC3339Error) -> Timestamp in try parseRFC3339(UnsafeRawBufferPointer(utf8)) }
        }
        return try (result ?? Result { () throws(RFC3339Error) -> Timestamp in try parseRFC3339(Array(text.utf8)) }).get()
    }

    // MARK: Writing RFC 3339

    /// This instant as RFC 3339 in UTC, e.g. `2026-05-01T08:00:00Z` (fraction only when
    /// non-zero: 3 digits for whole milliseconds, else 6).
    public var rfc3339UTC: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(32)
        appendRFC3339(to: &buffer, utcOffsetSeconds: 0)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// This instant as RFC 3339 in Europe/London local time with its offset, e.g.
    /// `2026-05-01T09:00:00+01:00` in summer and `2026-01-10T09:00:00+00:00` in winter.
    public var rfc3339London: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(32)
        appendRFC3339London(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends this instant as RFC 3339 in Europe/London local time with its offset
    /// (`+00:00` or `+01:00`; never `Z`) to `buffer`.
    public func appendRFC3339London(to buffer: inout [UInt8]) {
        RFC3339.append(
            microseconds: microsecondsSinceEpoch, utcOffsetSeconds: londonUTCOffsetSeconds,
            zuluForZero: false, to: &buffer)
    }

    /// Appends this instant as RFC 3339 in the local time of a UTC offset (seconds east of
    /// UTC, whole minutes) to `buffer`. Offset 0 is written as `Z`.
    public func appendRFC3339(to buffer: inout [UInt8], utcOffsetSeconds: Int) {
        RFC3339.append(
            microseconds: microsecondsSinceEpoch, utcOffsetSeconds: utcOffsetSeconds,
            zuluForZero: true, to: &buffer)
    }
}
