import Logging
import WaitwatchCore

/// The task of one internal partition: the ``AllAggregator`` of the services that map to it (with
/// their ICB and region roll-ups) and the alert rules over the national (`ALL`) records it
/// publishes. It reads contributions and
/// end-of-input markers and *returns* records, alerts and markers in a ``TaskOutput``.
/// A class for the same reason as ``InputTask``.
package final class NationalTask {
    package let partition: Int32
    package var aggregator: AllAggregator
    /// Alert rules over the national records this partition publishes.
    package var alerts: AlertEvaluator
    package var nextOffset: Int64?
    package var atEnd = false
    /// Since when contributions have been held behind a missing one while at the end.
    package var heldSince: ContinuousClock.Instant?
    package var snapshot = SnapshotProgress()
    /// `--no-snapshots`: contributions written before this time (milliseconds since the epoch)
    /// belong to an earlier run and are skipped (see ``process(offset:value:timestampMilliseconds:into:)``).
    package var ignoresContributionsBefore: Int64?
    /// Contributions skipped as an earlier run's.
    package private(set) var skippedEarlierRun = 0
    /// Whose internal records this task applies; others' are skipped with a logged reason.
    package let owner: InternalRecordOwner
    /// Records refused as not this group's under this configuration.
    package let refusals = RefusalLog()
    private let logger: Logger

    package init(partition: Int32, aggregator: AllAggregator, alerts: AlertEvaluator, owner: InternalRecordOwner, logger: Logger) {
        self.partition = partition
        self.aggregator = aggregator
        self.alerts = alerts
        self.owner = owner
        self.logger = logger
    }

    /// Processes the internal message at `offset`: applies contributions (in sequence order per
    /// input partition, holding any that come ahead of a missing one) and returns the `ALL`
    /// records they complete; returns end-of-input markers as they are. A message without a
    /// value is skipped; an unreadable one is logged and skipped.
    package func process(offset: Int64, value: [UInt8]?, timestampMilliseconds: Int64?, into out: inout TaskOutput) {
        guard let value else { return }
        // Already in the state (see ``InputTask``): the sequence numbers would ignore it, but the
        // position must not move back.
        if let next = nextOffset, offset < next {
            out.alreadyApplied += 1
            return
        }
        nextOffset = offset + 1
        atEnd = false
        snapshot.changes += 1
        let message: InternalMessage
        do {
            let (writer, decoded) = try InternalMessage.decode(value)
            if let reason = owner.refusal(of: writer) {
                return refusals.refuse(reason, logger: logger, "skipping internal records that are not this worker's: \(reason)")
            }
            guard let decoded else { return }
            message = decoded
        } catch {
            logger.error(
                "skipping an unreadable internal message",
                metadata: ["partition": "\(partition)", "offset": "\(offset)", "error": "\(error)"])
            return
        }
        switch message {
        case .contributions(let list):
            // Without snapshots every run numbers its contributions from 1 again, and its last
            // cuts (the last census day, the wall clock) differ from an earlier run's: mixed,
            // the earlier run's numbers would hide this run's contributions.
            if let cutoff = ignoresContributionsBefore, let timestampMilliseconds, timestampMilliseconds < cutoff {
                if skippedEarlierRun == 0 {
                    logger.info(
                        "skipping contributions written before this worker started: an earlier run's (--no-snapshots)",
                        metadata: ["partition": "\(partition)"])
                }
                skippedEarlierRun += list.count
                return
            }
            for contribution in list { apply(contribution, into: &out) }
        case .endOfInput(let marker):
            out.markers.append((marker, timestampMilliseconds))
        }
    }

    private func apply(_ contribution: AllContribution, into out: inout TaskOutput) {
        if contribution.partition >= aggregator.partitionCount {
            aggregator.setPartitionCount(contribution.partition + 1)
        }
        let receipt = aggregator.receive(contribution)
        if case .held = receipt.outcome {
            logger.warning(
                "national statistics: a contribution of input partition \(contribution.partition) arrived ahead of an earlier one; holding it until the earlier one arrives"
            )
        }
        if case .appliedAfterGap(let missing) = receipt.outcome {
            logger.error(
                "national statistics: \(missing) contribution(s) of input partition \(contribution.partition) are missing; ALL records may be incomplete"
            )
        }
        for record in receipt.records { publish(record, into: &out) }
    }

    /// An `ALL` record with the alerts it raises; an ICB or region roll-up without alerts (alert
    /// rules run on organisations' and national records only).
    private func publish(_ record: WaitStatsRecord, into out: inout TaskOutput) {
        if record.level == .national {
            out.record(record, national: true, alerts: &alerts)
        } else {
            out.record(record, national: true)
        }
    }

    /// `--until-end`: contributions held behind a missing one for `patience` after everything
    /// was read will not be completed: applies them and says that national records may be
    /// incomplete. The first call starts the clock.
    package func applyHeldIfStale(now: ContinuousClock.Instant, patience: Duration = .seconds(10), into out: inout TaskOutput) {
        guard aggregator.heldCount > 0 else { return }
        guard let since = heldSince else {
            heldSince = now
            return
        }
        guard now - since > patience else { return }
        let (records, missing) = aggregator.applyHeld()
        logger.error(
            "national statistics: \(missing) contribution(s) never arrived on internal partition \(partition); ALL records from then on may be incomplete"
        )
        for record in records { publish(record, into: &out) }
        heldSince = nil
    }
}
