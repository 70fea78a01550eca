/// What a `listen` run did, for its log lines and the summary at shutdown.
public struct MLLPCounters: Sendable, Hashable {
    /// Connections accepted (allowed senders).
    public var connections = 0
    /// Connections refused by the allow-list.
    public var refused = 0
    /// Messages answered `AA`.
    public var accepted = 0
    /// Messages answered `AE`.
    public var errors = 0
    /// Messages (and framing faults) answered `AR`.
    public var rejected = 0

    /// Zero counts.
    public init() {}

    /// `connections 3 (refused 1), AA 120, AE 2, AR 0`.
    public var summary: String {
        "connections \(connections) (refused \(refused)), AA \(accepted), AE \(errors), AR \(rejected)"
    }
}
