import Foundation

/// A poll batch's tasks handed out to the processing threads one at a time, largest first, and
/// handed back once processed, so that the loop's thread can collect a task's output while the
/// other threads are still processing theirs.
///
/// A thread takes the next task when it is free (``next()``), so the threads share the work by
/// what each has time for: the loop's thread, which also collects, takes fewer. Every task goes
/// to exactly one thread and is processed whole, so its events keep their order. The lock makes
/// what a thread wrote to a task's ``TaskBatch`` visible to the thread that collects it after
/// ``takeFinished(into:)`` returned it, hence `@unchecked Sendable`.
package final class BatchQueue: @unchecked Sendable {
    private let lock = NSLock()
    /// Indices of the tasks to hand out, in the order they are handed out.
    private let order: [Int]
    private var nextPosition = 0
    private var finished: [Int] = []

    /// A queue of tasks `0..<sizes.count`, handed out largest first (the task's number of events;
    /// ties by index), which keeps the last task to finish a small one.
    package init(sizes: [Int]) {
        order = sizes.indices.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
        finished.reserveCapacity(sizes.count)
    }

    /// The next task to process, or nil when every task has been handed out.
    package func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextPosition < order.count else { return nil }
        nextPosition += 1
        return order[nextPosition - 1]
    }

    /// Hands back task `index`, processed.
    package func finish(_ index: Int) {
        lock.lock()
        finished.append(index)
        lock.unlock()
    }

    /// Moves the tasks finished since the last call to `tasks`, in the order they finished.
    package func takeFinished(into tasks: inout [Int]) {
        tasks.removeAll(keepingCapacity: true)
        lock.lock()
        swap(&tasks, &finished)
        lock.unlock()
    }
}
