/// An instant, as microseconds since 1970-01-01T00:00:00Z (UTC).
///
/// Parsed from RFC 3339 text; the offset written in the text is applied and not kept.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    /// Microseconds since the Unix epoch, UTC.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = secondsSinceEpoch * 1_000_000
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }
}

/// A UK calendar date (Europe/London), as whole days since 1970-01-01.
///
/// All waits are differences of `CivilDay`s (SPEC section 2: whole UK calendar days).
public struct CivilDay: Sendable, Hashable, Comparable, Strideable, Codable {
    /// Days since 1970-01-01 (that date is 0).
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    public func distance(to other: CivilDay) -> Int32 {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public func advanced(by n: Int32) -> CivilDay {
        CivilDay(daysSinceEpoch: daysSinceEpoch + n)
    }
}
