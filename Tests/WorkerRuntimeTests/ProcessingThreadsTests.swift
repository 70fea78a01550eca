import Foundation
import Testing
import WaitwatchWorkerRuntime

/// The processing threads and the queue that hands them a poll batch's tasks: every task is
/// processed exactly once, and the caller's thread collects each one once, after it was processed,
/// while the other threads are still working (also run under ThreadSanitizer: `scripts/sanitize
/// thread`).
@Suite struct ProcessingThreadsTests {
    /// What the threads did with each task: who processed it, and when the caller collected it.
    final class Record: @unchecked Sendable {
        let lock = NSLock()
        var processedBy: [Int: [Int]] = [:]
        var processedCount = 0
        private(set) var maxConcurrent = 0
        private var concurrent = 0

        func processing(_ task: Int, by thread: Int, _ work: () -> Void) {
            lock.withLock {
                processedBy[task, default: []].append(thread)
                concurrent += 1
                maxConcurrent = max(maxConcurrent, concurrent)
            }
            work()
            lock.withLock {
                concurrent -= 1
                processedCount += 1
            }
        }
    }

    /// Runs one batch of `sizes.count` tasks on `threads` threads; returns the record, the tasks
    /// the caller collected in order, and how many tasks had been processed when each was collected.
    static func runBatch(sizes: [Int], threads: ProcessingThreads) -> (Record, collected: [Int], processedAtCollect: [Int]) {
        let record = Record()
        let queue = BatchQueue(sizes: sizes)
        var collected: [Int] = []
        var processedAtCollect: [Int] = []
        var finished: [Int] = []
        func collect() {
            queue.takeFinished(into: &finished)
            for f in finished {
                collected.append(f)
                processedAtCollect.append(record.lock.withLock { record.processedCount })
            }
        }
        /// A task's work: a spin proportional to its size (the threads must overlap in time).
        @Sendable func work(_ size: Int) {
            var x: UInt64 = 1
            for i in 0..<(size * 20_000) { x = x &* 6_364_136_223_846_793_005 &+ UInt64(i) }
            precondition(x != 0 || size >= 0)
        }
        threads.run(
            others: { t in
                while let b = queue.next() {
                    record.processing(b, by: t) { work(sizes[b]) }
                    queue.finish(b)
                }
            },
            caller: {
                while let b = queue.next() {
                    record.processing(b, by: 0) { work(sizes[b]) }
                    queue.finish(b)
                    collect()
                }
            })
        collect()
        return (record, collected, processedAtCollect)
    }

    @Test(arguments: [1, 2, 4])
    func everyTaskIsProcessedOnceAndCollectedOnceAfterwards(threadCount: Int) {
        let threads = ProcessingThreads(count: threadCount)
        defer { threads.stop() }
        for round in 0..<20 {
            let sizes = (0..<(1 + round * 3)).map { ($0 * 7 + round) % 11 + 1 }
            let (record, collected, processedAtCollect) = Self.runBatch(sizes: sizes, threads: threads)
            #expect(record.processedBy.count == sizes.count)
            #expect(record.processedBy.values.allSatisfy { $0.count == 1 })
            #expect(collected.sorted() == Array(sizes.indices))
            // Collected only once processed: the n-th collected task had at least n processed.
            #expect(processedAtCollect.enumerated().allSatisfy { $0.element >= $0.offset + 1 })
            #expect(record.maxConcurrent <= threadCount)
        }
    }

    /// The caller's first task and another thread's first task each wait for the other to have
    /// started: both return only if the two run at the same time.
    @Test func theCallerAndAnotherThreadProcessAtTheSameTime() {
        let threads = ProcessingThreads(count: 2)
        defer { threads.stop() }
        let queue = BatchQueue(sizes: [1, 1, 1, 1])
        let (callerStarted, otherStarted) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let waits = Record()
        threads.run(
            others: { t in
                guard let b = queue.next() else { return }
                otherStarted.signal()
                let met = callerStarted.wait(timeout: .now() + 30) == .success
                waits.lock.withLock { waits.processedBy[b] = [met ? t : -1] }
                queue.finish(b)
            },
            caller: {
                guard let b = queue.next() else { return }
                callerStarted.signal()
                let met = otherStarted.wait(timeout: .now() + 30) == .success
                waits.lock.withLock { waits.processedBy[b] = [met ? 0 : -1] }
                queue.finish(b)
            })
        #expect(waits.processedBy.values.map { $0[0] }.sorted() == [0, 1])
    }

    @Test func tasksAreHandedOutLargestFirst() {
        let queue = BatchQueue(sizes: [3, 10, 1, 10, 7])
        var order: [Int] = []
        while let b = queue.next() { order.append(b) }
        #expect(order == [1, 3, 4, 0, 2])
        var finished: [Int] = []
        queue.finish(4)
        queue.finish(1)
        queue.takeFinished(into: &finished)
        #expect(finished == [4, 1])
        queue.takeFinished(into: &finished)
        #expect(finished.isEmpty)
    }
}
