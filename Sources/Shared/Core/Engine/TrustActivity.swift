/// Accepted events of one trust dated one London day, by their newest `occurredAt`: what a
/// partition tells the national aggregator about its feeds (``AllContribution/Section/activity``)
/// and what ``FeedFreshness`` keeps waiting for its day.
///
/// Thread-safety: a plain value.
public struct TrustActivity: Sendable, Hashable {
    /// The trust.
    public var trust: String
    /// The events' London date (days since 1970-01-01).
    public var day: Int32
    /// The newest `occurredAt` of those events, in microseconds since the epoch.
    public var at: Int64

    /// Creates an entry.
    public init(trust: String, day: Int32, at: Int64) {
        self.trust = trust
        self.day = day
        self.at = at
    }

    /// Sorted by trust, then day (the order of a contribution's activity).
    public static func canonicalOrder(_ a: TrustActivity, _ b: TrustActivity) -> Bool {
        a.trust != b.trust ? a.trust < b.trust : a.day < b.day
    }

    /// One entry per (trust, day), with the newest time, in canonical order.
    public static func coalesce(_ list: [TrustActivity]) -> [TrustActivity] {
        var out: [TrustActivity] = []
        for a in list.sorted(by: canonicalOrder) {
            if let last = out.last, last.trust == a.trust, last.day == a.day {
                out[out.count - 1].at = max(last.at, a.at)
            } else {
                out.append(a)
            }
        }
        return out
    }
}

// MARK: State snapshot

extension TrustActivity {
    /// `count:uvar` then per entry, in the list's order, `trust:string day:svar at:svar` (an
    /// outbox's activity, a freshness state's pending activity).
    static func writeSnapshot(_ list: [TrustActivity], to w: inout ByteWriter) {
        w.uvar(UInt64(list.count))
        for a in list {
            w.string(a.trust)
            w.svar(Int64(a.day))
            w.svar(a.at)
        }
    }

    /// Reads what ``writeSnapshot(_:to:)`` wrote; `what` names the list in errors.
    static func readSnapshot(_ r: inout ByteReader, _ what: String) throws(BinaryDecodingError) -> [TrustActivity] {
        let n = try r.count("\(what) count")
        var list: [TrustActivity] = []
        list.reserveCapacity(n)
        for _ in 0..<n {
            let trust = try r.string("\(what) trust")
            let day = try r.svar32("\(what) day")
            list.append(TrustActivity(trust: trust, day: day, at: try r.svar()))
        }
        return list
    }
}
