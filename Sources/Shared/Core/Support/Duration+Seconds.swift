extension Duration {
    /// The duration in seconds, fractions included (attosecond precision rounded to a `Double`):
    /// for rates, progress lines and summaries. The one conversion waitwatch uses.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
