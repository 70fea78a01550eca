/// One service of the catalogue (SPEC section 4).
public struct ServiceDefinition: Sendable, Hashable, Codable {
    /// Service code, e.g. `SALT`.
    public var code: String
    /// Human-readable name.
    public var name: String
    /// Target in weeks; `targetDays` = weeks × 7.
    public var targetWeeks: Int
    /// Standard in percent (0–100) of waiting referrals within target.
    public var standardPct: Int
    /// The event type that completes a wait for this service.
    public var clockStop: EventType

    /// A service definition from its fields (not validated; see ``WaitwatchConfiguration``).
    public init(code: String, name: String, targetWeeks: Int, standardPct: Int, clockStop: EventType) {
        self.code = code
        self.name = name
        self.targetWeeks = targetWeeks
        self.standardPct = standardPct
        self.clockStop = clockStop
    }

    /// The target in whole days.
    public var targetDays: Int { targetWeeks * 7 }
}
