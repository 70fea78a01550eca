import Foundation
import WaitwatchCore

/// Collects the latest statistics record of every selected key from a compacted topic read
/// from its beginning (messages in any partition order; within a key, later wins), then
/// decodes only what was selected.
///
/// The selection is applied to the Kafka key (`{trust}/{service}/{day}`) before anything is
/// decoded, so reading a million records for one series decodes only that series. Records
/// older than the period can be dropped as soon as the latest day seen makes them unreachable
/// (`--last`), so memory follows the answer, not the topic. A tombstone (no value) deletes its
/// key, as compaction would.
///
/// Pure and single-threaded: feed it messages with ``add(key:value:)``, then call ``records()``.
public struct StatsCollector: Sendable {
    /// What is asked for.
    public let selection: StatsSelection
    /// Latest value bytes per selected key.
    private var latest: [StatsKey: [UInt8]] = [:]
    /// Every organisation and service code seen on any key, and the days covered by the
    /// selected series (for "unknown service" and "data covers …" messages).
    public private(set) var trustsSeen: Set<String> = []
    /// Service codes seen on any key.
    public private(set) var servicesSeen: Set<String> = []
    /// First and last day of the selected series (any day, before the period is applied).
    public private(set) var coverage: ClosedRange<CivilDay>?
    /// Messages whose key was not a statistics key (skipped).
    public private(set) var unreadableKeys = 0
    /// Messages read.
    public private(set) var messagesRead = 0
    private var pruneAt = 4096

    /// A collector for `selection`.
    public init(selection: StatsSelection) {
        self.selection = selection
    }

    /// Adds one message of the statistics topic.
    public mutating func add(key: [UInt8]?, value: [UInt8]?) {
        messagesRead += 1
        guard let key, let parsed = StatsKey(bytes: key) else {
            unreadableKeys += 1
            return
        }
        if parsed.trust != "ALL" { trustsSeen.insert(parsed.trust) }
        servicesSeen.insert(parsed.service)
        guard selection.admitsSeries(trust: parsed.trust, service: parsed.service) else { return }
        coverage = coverage.map { min($0.lowerBound, parsed.day)...max($0.upperBound, parsed.day) } ?? parsed.day...parsed.day
        if let to = selection.to, parsed.day > to, selection.lastDays == nil { return }
        if let from = selection.from, parsed.day < from { return }
        if let value {
            latest[parsed] = value
        } else {
            latest[parsed] = nil
        }
        if latest.count >= pruneAt { prune() }
    }

    /// Drops records that can no longer be in the period (only with `lastDays`: the period's
    /// start moves forward as later days are seen).
    private mutating func prune() {
        if selection.lastDays != nil, selection.to == nil, let coverage,
            let earliest = selection.earliestDay(latest: coverage.upperBound)
        {
            latest = latest.filter { $0.key.day >= earliest }
        }
        pruneAt = max(4096, latest.count * 2)
    }

    /// The latest record of every selected key in the resolved period, sorted by service, national first, then
    /// organisation and day.
    ///
    /// - Throws: ``AnalysisError`` for a service or trust no record has, a period outside the
    ///   data, or no data at all.
    public func answer(topic: String = "referral-wait-stats") throws(AnalysisError) -> StatsAnswer {
        for service in selection.services.sorted() where !servicesSeen.contains(service) {
            if servicesSeen.isEmpty { throw .noData(topic: topic) }
            throw .unknownService(service, known: servicesSeen.sorted())
        }
        for trust in selection.trusts.sorted() where !trustsSeen.contains(trust) {
            if trustsSeen.isEmpty { throw .noData(topic: topic) }
            throw .unknownTrust(trust, known: trustsSeen.sorted())
        }
        guard let coverage else { throw .noData(topic: topic) }
        let period = selection.resolvedPeriod(first: coverage.lowerBound, last: coverage.upperBound)
        if !period.overlaps(coverage) || (selection.from.map { !coverage.contains($0) } ?? false)
            || (selection.to.map { !coverage.contains($0) } ?? false)
        {
            let asked = period.lowerBound == period.upperBound ? "\(period.lowerBound)" : "\(period.lowerBound) … \(period.upperBound)"
            throw .outsideData(asked: asked, first: coverage.lowerBound, last: coverage.upperBound)
        }
        let decoder = JSONDecoder()
        var records: [WaitStatsRecord] = []
        records.reserveCapacity(latest.count)
        var undecodable = 0
        for (key, bytes) in latest where period.contains(key.day) {
            guard let record = try? decoder.decode(WaitStatsRecord.self, from: Data(bytes)) else {
                undecodable += 1
                continue
            }
            records.append(record)
        }
        records.sort(by: StatsOrder.precedes)
        return StatsAnswer(records: records, period: period, coverage: coverage, undecodable: undecodable)
    }
}

/// The selected records of a read, in the period asked for.
public struct StatsAnswer: Sendable, Hashable {
    /// The latest record of every selected key in ``period``, in ``StatsOrder``.
    public var records: [WaitStatsRecord]
    /// The days asked for, resolved against the data.
    public var period: ClosedRange<CivilDay>
    /// The days the selected series cover.
    public var coverage: ClosedRange<CivilDay>
    /// Selected messages whose value was not a statistics record (skipped).
    public var undecodable: Int
}

/// The order rows are shown in: service, national before organisations, organisation, day.
public enum StatsOrder {
    /// Whether `a` comes before `b`.
    public static func precedes(_ a: WaitStatsRecord, _ b: WaitStatsRecord) -> Bool {
        (a.service, a.trust == "ALL" ? "" : a.trust, a.asOf) < (b.service, b.trust == "ALL" ? "" : b.trust, b.asOf)
    }
}
