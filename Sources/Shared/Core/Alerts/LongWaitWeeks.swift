/// The waiting-time band the `long-waiters` rule watches: the rule is breached when anybody
/// waits over this many weeks (wait > weeks × 7 days). Only the bands a statistics record
/// carries can be chosen (`waiting.over18Weeks` … `waiting.over104Weeks`); default 52.
public enum LongWaitWeeks: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `waiting.over18Weeks` (wait > 126 days).
    case over18 = 18
    /// `waiting.over52Weeks` (wait > 364 days), the default.
    case over52 = 52
    /// `waiting.over65Weeks` (wait > 455 days).
    case over65 = 65
    /// `waiting.over78Weeks` (wait > 546 days).
    case over78 = 78
    /// `waiting.over104Weeks` (wait > 728 days).
    case over104 = 104

    /// The number of weeks, e.g. `52`.
    public var description: String { String(rawValue) }

    /// The number of waiting referrals over this band in a record's waiting list.
    public func count(in waiting: WaitStatsRecord.Waiting) -> Int {
        switch self {
        case .over18: waiting.over18Weeks
        case .over52: waiting.over52Weeks
        case .over65: waiting.over65Weeks
        case .over78: waiting.over78Weeks
        case .over104: waiting.over104Weeks
        }
    }
}
