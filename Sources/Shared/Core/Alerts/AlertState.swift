/// Whether an alert record opens an alert or closes it (`state` in alert records).
public enum AlertState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The rule went from not breached (or no history) to breached on the alert's `asOf`.
    case firing
    /// The rule is no longer breached on the alert's `asOf` (or was disabled while firing); the
    /// alert carries the `alertId` of the firing it closes.
    case resolved

    /// The lower-case name, e.g. `firing`.
    public var description: String { rawValue }

    /// The upper-case name used in the alert log: `FIRING` or `RESOLVED`.
    public var logName: String { rawValue.uppercased() }
}
