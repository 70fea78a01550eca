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

/// A batch's work split between the processing threads: every task's events go to one thread
/// (so the task sees them in order, on one thread), the tasks spread by their number of events,
/// largest first, each to the least loaded thread (deterministic for a given batch).
package struct BatchPlan: Sendable {
    /// The tasks, in the order of their first event in the batch (the order outputs are collected).
    package var batches: [TaskBatch] = []
    /// For each thread, the indices into ``batches`` it processes.
    package var perThread: [[Int]] = []

    package init(batches: [TaskBatch], threads: Int) {
        self.batches = batches
        perThread = Array(repeating: [], count: threads)
        guard threads > 1 else {
            perThread[0] = Array(batches.indices)
            return
        }
        var load = Array(repeating: 0, count: threads)
        let order = batches.indices.sorted { (batches[$0].indices.count, $1) > (batches[$1].indices.count, $0) }
        for b in order {
            let t = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
            perThread[t].append(b)
            load[t] += batches[b].indices.count
        }
        // Each thread in batch order (not needed for exactness: tasks are independent).
        for t in perThread.indices { perThread[t].sort() }
    }
}
