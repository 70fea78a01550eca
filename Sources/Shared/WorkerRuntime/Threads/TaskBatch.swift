import WaitwatchKafka

/// The events of one poll batch that belong to one task, in the batch's order, and what the
/// task returned for them. One thread owns a ``TaskBatch`` (and its task) while the batch is
/// processed; the loop's thread reads ``output`` after ``ProcessingThreads/run(_:)`` returned,
/// hence `@unchecked Sendable`.
package final class TaskBatch: @unchecked Sendable {
    package enum Owner {
        case input(InputTask)
        case national(NationalTask)
    }

    package let owner: Owner
    /// Indices into the batch's events: messages and ends of this task's partition.
    package var indices: [Int] = []
    package var output = TaskOutput()

    package init(_ owner: Owner) {
        self.owner = owner
    }
}
