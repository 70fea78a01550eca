import Logging
import WaitwatchCore

/// `--until-end`: announces the end of this worker's input partitions, learns the last census
/// day from every input partition's announcement, finishes the input tasks through it, applies
/// contributions held too long, and says when everything is published.
package struct EndOfInputCoordinator {
    /// Markers sent before this (less a second) belong to an earlier run.
    package let startedAtMilliseconds: Int64
    private let logger: Logger
    /// The latest marker of every input partition.
    package private(set) var markers: [Int: EndOfInputMarker] = [:]
    /// Outer nil: not known yet; inner nil: no accepted event at all.
    package private(set) var lastCensusDay: CivilDay??
    /// The end (high watermark) of every input partition when this worker started: a marker read
    /// to an earlier offset was sent before messages this run must read (an earlier run's).
    package var endsAtStart: [Int: Int64] = [:]

    package init(startedAtMilliseconds: Int64, logger: Logger) {
        self.startedAtMilliseconds = startedAtMilliseconds
        self.logger = logger
    }

    /// Keeps the markers a national task read, except those of earlier runs (owners send
    /// theirs again after every rebalance): sent before this worker started, or read to an
    /// offset before the partition's end at this worker's start. A run that starts less than a
    /// second (the allowance for clocks) after the previous one ended meets the previous run's
    /// markers with a recent timestamp: those of partitions that grew since are refused by their
    /// offset, and those of partitions that did not grow say what this run's will say.
    package mutating func receive(_ markers: [(marker: EndOfInputMarker, timestampMilliseconds: Int64?)]) {
        for (marker, timestamp) in markers {
            guard let timestamp, timestamp >= startedAtMilliseconds - 1_000 else { continue }
            guard marker.endOffset >= endsAtStart[marker.partition] ?? 0 else { continue }
            self.markers[marker.partition] = marker
        }
    }

    /// Whether input partition `p` was already published through the last census day by a worker
    /// that held it before (one of these national tasks has its final progress).
    package func finishedByEarlierOwner(_ p: Int32, nationals: some Sequence<NationalTask>, nationalPartitions: [Int]) -> Bool {
        guard let known = lastCensusDay else { return false }
        guard let last = known else { return true }
        let national = Set(nationalPartitions.map(Int32.init))
        return nationals.contains {
            national.contains($0.partition) && (($0.aggregator.completeThrough(partition: Int(p)).map { $0 >= last }) ?? false)
        }
    }

    /// One step of the end of the run; true once everything is published and acknowledged.
    /// Returns false while a partition is still being restored.
    package mutating func step(
        _ tasks: TaskManager, _ collector: OutputCollector, memberID: String, inputPartitionCount: Int
    ) throws -> Bool {
        guard !tasks.inputs.isEmpty || !tasks.nationals.isEmpty, !tasks.isRestoring else { return false }
        let allInputsAtEnd = tasks.inputs.values.allSatisfy(\.atEnd)
        collector.flushContributions()
        if allInputsAtEnd {
            for p in tasks.inputs.keys.sorted() {
                guard let input = tasks.inputs[p], !input.endMarkerSent else { continue }
                collector.publish(
                    EndOfInputMarker(
                        partition: Int(p), latestAcceptedDay: input.engine.latestAcceptedDay?.daysSinceEpoch,
                        endOffset: input.nextOffset ?? 0, sender: memberID))
                input.endMarkerSent = true
            }
        }
        if lastCensusDay == nil, markers.count >= inputPartitionCount, (0..<inputPartitionCount).allSatisfy({ markers[$0] != nil }) {
            let day = PartitionEngine.lastCensusDay(
                latestAcceptedDays: markers.values.map { $0.latestAcceptedDay.map(CivilDay.init(daysSinceEpoch:)) })
            lastCensusDay = .some(day)
            logger.info(
                "every input partition has been read to its end", metadata: ["lastCensusDay": "\(day.map(\.description) ?? "none")"])
        }
        guard let last = lastCensusDay, allInputsAtEnd else { return false }
        var output = TaskOutput()
        for p in tasks.inputs.keys.sorted() {
            guard let input = tasks.inputs[p], !input.finished else { continue }
            input.finish(lastCensusDay: last, into: &output)
            collector.collect(&output, inputPartition: p)
        }
        collector.flushContributions()
        guard tasks.nationals.values.allSatisfy(\.atEnd) else { return false }
        let now = ContinuousClock.now
        for q in tasks.nationals.keys.sorted() {
            tasks.nationals[q]?.applyHeldIfStale(now: now, into: &output)
            collector.collect(&output)
        }
        if let last {
            let national = Set(collector.router.nationalPartitions.map(Int32.init))
            guard
                tasks.nationals.filter({ national.contains($0.key) })
                    .allSatisfy({ ($0.value.aggregator.completeThrough.map { $0 >= last }) ?? false })
            else { return false }
        }
        collector.publisher.poll(timeoutMilliseconds: 0)
        return collector.publisher.pending == 0
    }
}
