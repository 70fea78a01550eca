import WaitwatchCore

/// The Kafka topics of the pipeline (SPEC sections 1–3), configurable under `topics:`.
public struct TopicNames: Sendable, Hashable {
    /// Input events (SPEC section 1). Default `referral-events`.
    public var events: String
    /// Statistics records, a compacted topic (SPEC section 2). Default `referral-wait-stats`.
    public var stats: String
    /// Alert records (SPEC section 3). Default `referral-wait-alerts`.
    public var alerts: String
    /// Dead letters: unusable input with a reason header (SPEC section 1). Default
    /// `referral-events-dlq`.
    public var deadLetters: String

    /// The SPEC's topic names, or others.
    public init(
        events: String = "referral-events", stats: String = "referral-wait-stats",
        alerts: String = "referral-wait-alerts", deadLetters: String = "referral-events-dlq"
    ) {
        self.events = events
        self.stats = stats
        self.alerts = alerts
        self.deadLetters = deadLetters
    }

    /// Whether `name` is a legal Kafka topic name: 1–249 of `a-z A-Z 0-9 . _ -`, not `.`
    /// or `..`.
    public static func isValid(_ name: String) -> Bool {
        guard (1...249).contains(name.utf8.count), name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }
}
