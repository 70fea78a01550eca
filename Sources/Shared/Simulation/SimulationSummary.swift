import WaitwatchCore

/// Running counts of what a simulation has generated so far, for progress reports.
///
/// A value snapshot: read it from ``ReferralSimulationIterator/summary`` between calls to
/// `next()`.
public struct SimulationSummary: Sendable, Hashable {
    private var counts = [Int](repeating: 0, count: EventType.allCases.count)

    /// Events generated so far.
    public private(set) var events = 0
    /// Event time of the latest generated event (nil before the first).
    public private(set) var latestOccurredAt: Timestamp?
    /// Referrals open at this point of the simulation (received, pathway not yet ended).
    public internal(set) var openReferrals = 0

    /// An empty summary.
    public init() {}

    /// Events of `type` generated so far.
    public func count(of type: EventType) -> Int {
        counts[type.ordinal]
    }

    /// Counts one generated event.
    mutating func record(_ event: ReferralEvent) {
        counts[event.type.ordinal] += 1
        events += 1
        latestOccurredAt = event.occurredAt
    }
}
