/// Exact integer arithmetic for the SPEC's percentiles and percentages.
public enum Percentile {
    /// The 1-based nearest rank of the `p`-th percentile of `n` values: `ceil(p · n / 100)`,
    /// computed in integers (0.92 × 25 gives 23, not 24). Precondition: `n >= 1`, `0 < p <= 100`.
    @inline(__always)
    public static func rank(_ p: Int64, of n: Int64) -> Int64 {
        (p * n + 99) / 100
    }

    /// `part / whole` as a percentage in tenths (so 1000 is 100.0 %), rounded half away from
    /// zero from the exact fraction: 1/16 → 63 (6.3 %), 2/3 → 667 (66.7 %).
    /// Precondition: `whole >= 1`, `0 <= part`.
    @inline(__always)
    public static func tenthsOfPercent(_ part: Int64, of whole: Int64) -> Int64 {
        (2000 * part + whole) / (2 * whole)
    }
}
