import WaitwatchCLI

/// Totals for the final summary and progress lines.
package struct WorkerSummary: Sendable {
    package var events = 0
    package var records = 0
    /// National (`ALL`) records.
    package var nationalRecords = 0
    /// ICB and region roll-up records (none without a roll-up mapping).
    package var rollUpRecords = 0
    package var alerts = 0
    package var deadLetters = 0
    package var duplicates = 0
    /// Messages redelivered below a task's position (already in its restored state), skipped.
    package var alreadyApplied = 0
    package var lateEvents = 0
    package var unreadMessages = 0
    package var consumerErrors = 0
    package var inputPartitionsAtEnd = 0
    package var snapshotsWritten = 0
    package var snapshotBytes = 0
    package var restoredPartitions = 0
    package var restoreSeconds: Double = 0
    /// Seconds from the first message read to the last output acknowledged.
    package var processingSeconds: Double = 0
}

extension WorkerSummary {
    /// Every statistics record published, at every level.
    package var allRecords: Int { records + nationalRecords + rollUpRecords }

    /// "X records and Y national records published", with the roll-ups when there are any.
    package var recordsPublished: String {
        rollUpRecords == 0
            ? "\(grouped(records)) records and \(grouped(nationalRecords)) national records published"
            : "\(grouped(records)) records, \(grouped(nationalRecords)) national records and "
                + "\(grouped(rollUpRecords)) roll-up (ICB and region) records published"
    }
}
