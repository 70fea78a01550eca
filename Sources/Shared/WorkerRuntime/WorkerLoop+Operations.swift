import Logging
import WaitwatchCore
import WaitwatchKafka
import WaitwatchCLI

/// When the loop last read its gauges, and what it found (kept between turns).
struct LoopObservation {
    var lastGauges: ContinuousClock.Instant?
    var lastAlertCount: ContinuousClock.Instant?
    /// The largest lag of a held partition at the last reading; nil when one is not known.
    var maximumLag: Int64?
    /// The input partitions' total lag at the last reading; nil when one is not known.
    var inputLag: Int64?
    /// Events and records at the last progress line, and when it was written.
    var lastProgress: (events: Int, records: Int, at: ContinuousClock.Instant)?
    /// When systemd's watchdog was last told the loop turns.
    var lastWatchdog: ContinuousClock.Instant?
}

/// What operators see: health every turn, gauges every second, and the snapshot positions
/// committed to the consumer group.
extension WorkerLoop {
    /// Called once per turn: tells ``health`` the loop turned and, once a second, reads the lag
    /// per partition, the day each input partition has published through, snapshot ages, the
    /// producer's queue and (every 10 s) the alerts firing.
    func observe(now: ContinuousClock.Instant = .now) {
        if observation.lastGauges.map({ now - $0 >= .seconds(1) }) ?? true {
            observation.lastGauges = now
            readGauges(now: now)
        }
        health.turned(
            assignedPartitions: tasks.inputs.count + tasks.nationals.count + tasks.restoringOwners.count, restoring: tasks.isRestoring,
            maximumLag: observation.maximumLag, at: now)
        // Keep-alives come from the loop itself: a loop that stops turning stops sending them,
        // and systemd restarts the worker after `WatchdogSec`.
        if let interval = systemd.watchdogInterval, observation.lastWatchdog.map({ now - $0 >= interval }) ?? true {
            observation.lastWatchdog = now
            systemd.notify("WATCHDOG=1")
        }
    }

    /// The progress line (``progressLine(now:)``), also given to systemd as the unit's status.
    func statusLine() -> String? {
        guard let line = progressLine() else { return nil }
        systemd.notify("STATUS=\(line)")
        return line
    }

    private func readGauges(now: ContinuousClock.Instant) {
        var maximum: Int64? = 0
        var inputTotal: Int64? = 0
        @discardableResult func note(_ tp: TopicPartition, next: Int64?, atEnd: Bool) -> Int64? {
            guard let marks = consumer.cachedWatermarks(of: tp) else {
                if atEnd { metrics.lag(tp, 0) } else { maximum = nil }
                return atEnd ? 0 : nil
            }
            let lag = max(0, marks.high - (next ?? marks.low))
            metrics.lag(tp, lag)
            maximum = maximum.map { max($0, lag) }
            return lag
        }
        for (p, input) in tasks.inputs {
            let lag = note(TopicPartition(topic: settings.topics.events, partition: p), next: input.nextOffset, atEnd: input.atEnd)
            inputTotal = lag.flatMap { l in inputTotal.map { $0 + l } }
            if let day = input.engine.completeThrough { metrics.publishedThrough(partition: p, day: day) }
            if let written = input.snapshot.lastWritten {
                metrics.snapshot(owner: "input-\(p)", ageSeconds: (now - written.at).inSeconds, bytes: written.bytes)
            }
        }
        for (p, national) in tasks.nationals {
            note(
                TopicPartition(topic: settings.internalTopics.contributions, partition: p), next: national.nextOffset, atEnd: national.atEnd
            )
            if let written = national.snapshot.lastWritten {
                metrics.snapshot(owner: "national-\(p)", ageSeconds: (now - written.at).inSeconds, bytes: written.bytes)
            }
        }
        if tasks.isRestoring { maximum = nil }
        observation.maximumLag = maximum
        observation.inputLag = tasks.isRestoring ? nil : inputTotal
        let failures = (collector.publisher as? TrackedPublisher)?.failures.count ?? (collector.publisher.firstFailure == nil ? 0 : 1)
        metrics.observe(
            summary: collector.summary, queueDepth: collector.publisher.pending, deliveryFailures: failures,
            assignedPartitions: tasks.inputs.count + tasks.nationals.count)
        if observation.lastAlertCount.map({ now - $0 >= .seconds(10) }) ?? true {
            observation.lastAlertCount = now
            var counts: [String: Int] = [:]
            let evaluators = tasks.inputs.values.map(\.alerts) + tasks.nationals.values.map(\.alerts)
            for evaluator in evaluators {
                for id in evaluator.firingAlertIds {
                    // `{rule}/{trust}/{service}/{day}`
                    let parts = id.split(separator: "/")
                    guard parts.count >= 3 else { continue }
                    counts["\(parts[0])\u{0}\(parts[2])", default: 0] += 1
                }
            }
            metrics.firing(counts)
        }
    }

    /// The progress line: events and records, the lag, the event-time day every input partition
    /// has published through and, while catching up, an estimate of the time left at the rate
    /// since the last line. Nil when nothing was read or published since the last line (an idle
    /// `--live` worker stays quiet).
    func progressLine(now: ContinuousClock.Instant = .now) -> String? {
        let s = collector.summary
        if let last = observation.lastProgress, last.events == s.events, last.records == s.allRecords { return nil }
        let rate: Double? = observation.lastProgress.map { last in
            let seconds = (now - last.at).inSeconds
            return seconds > 0 ? Double(s.events - last.events) / seconds : 0
        }
        observation.lastProgress = (s.events, s.allRecords, now)
        let day = tasks.inputs.values.compactMap(\.engine.completeThrough).min()
        var line =
            "worker: \(grouped(s.events)) events read, \(s.recordsPublished), "
            + "\(grouped(s.deadLetters)) dead letters, \(tasks.inputs.count) input partition(s)"
        if let lag = observation.inputLag {
            line += ", lag \(grouped(Int(lag)))"
            if lag > 0, let rate, rate > 0 {
                line += " (about \(Self.duration(Double(lag) / rate)) left at \(grouped(Int(rate))) events/s)"
            }
        }
        if let day { line += ", published through \(day)" }
        return line
    }

    /// `45 s`, `12 min`, `3.5 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        if seconds < 90 * 60 { return "\(Int((seconds / 60).rounded())) min" }
        return "\(String(format2: seconds / 3600)) h"
    }

    /// Commits the positions of the snapshots written since the last call to the consumer group,
    /// for information only (recovery comes from the snapshots): `kafka-consumer-groups.sh
    /// --describe` and lag exporters then show the worker's position and lag. A refused commit
    /// (a rebalance under way) is logged and left: the next snapshot commits again.
    func commitSnapshotPositions() {
        var offsets: [TopicPartitionOffset] = []
        for (p, input) in tasks.inputs {
            guard let position = input.snapshot.positionToCommit else { continue }
            input.snapshot.positionToCommit = nil
            offsets.append(TopicPartitionOffset(TopicPartition(topic: settings.topics.events, partition: p), offset: position))
        }
        for (p, national) in tasks.nationals {
            guard let position = national.snapshot.positionToCommit else { continue }
            national.snapshot.positionToCommit = nil
            offsets.append(
                TopicPartitionOffset(TopicPartition(topic: settings.internalTopics.contributions, partition: p), offset: position))
        }
        guard !offsets.isEmpty else { return }
        do {
            try consumer.commit(offsets)
            logger.debug("committed the snapshot positions of \(offsets.count) partition(s) to the consumer group")
        } catch {
            logger.info(
                "could not commit snapshot positions to the consumer group (for information only; the next snapshot commits again): \(error)"
            )
        }
    }
}
