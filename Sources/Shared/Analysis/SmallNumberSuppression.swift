/// Small-number suppression for figures meant for publication (`--suppress-below N`).
///
/// It follows the primary suppression of the NHS's statistical disclosure control (NHS
/// England and NHS Digital publications withhold small counts, commonly 1 to 7, so that no
/// child can be recognised from a count): a count from 1 to N−1 is shown as `*`, and so is
/// every statistic derived from a withheld count (the waiting list's median, percentiles,
/// longest wait and percentage within target when `waiting.count` is withheld; the completed
/// waits' median and 92nd percentile when `completed.count` is withheld). Zero is shown: it
/// identifies nobody. There is no secondary suppression or rounding: a withheld band can
/// sometimes be worked out from the total and the other bands, so apply the publisher's own
/// rules before releasing anything beyond what this does.
public struct SmallNumberSuppression: Sendable, Hashable {
    /// Counts below this (and above zero) are withheld; 0 or 1 withholds nothing.
    public var threshold: Int

    /// Suppression of counts 1…`threshold − 1`.
    public init(threshold: Int) {
        self.threshold = threshold
    }

    /// No suppression.
    public static let none = SmallNumberSuppression(threshold: 0)

    /// Whether a count is withheld.
    public func withholds(_ count: Int) -> Bool {
        count > 0 && count < threshold
    }

    /// A count as a cell.
    public func count(_ value: Int) -> StatsCell {
        withholds(value) ? .suppressed : .int(value)
    }

    /// A statistic derived from `base` (a median of `base` waits, say): withheld with it.
    public func derived(_ cell: StatsCell, from base: Int) -> StatsCell {
        withholds(base) ? .suppressed : cell
    }
}
