import Foundation

/// The worker's processing threads (`run --threads N`; Kafka Streams: `num.stream.threads`):
/// the loop's own thread plus `N - 1` dedicated threads, started once and parked between
/// batches. ``run(_:)`` calls its body once per thread, concurrently, and returns when every
/// call has returned; each call works on data no other call touches (its own tasks), which is
/// what makes the `@unchecked Sendable` here sound.
package final class ProcessingThreads: @unchecked Sendable {
    /// The number of threads, the caller's included.
    package let count: Int
    private let condition = NSCondition()
    private var job: (@Sendable (Int) -> Void)?
    /// Incremented for every job; a parked thread runs the job when it sees a new one.
    private var round = 0
    private var running = 0
    private var stopping = false

    /// Starts `count - 1` threads (none for 1).
    package init(count: Int) {
        self.count = max(1, count)
        for index in 1..<self.count {
            let thread = Thread { [self] in self.serve(index) }
            thread.name = "waitwatch-processing-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Calls `body(i)` for every thread index `i` in `0..<count`, concurrently (index 0 on the
    /// caller's thread), and returns once all have returned.
    package func run(_ body: @Sendable (Int) -> Void) {
        guard count > 1 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            condition.lock()
            job = body
            running = count - 1
            round += 1
            condition.broadcast()
            condition.unlock()
            body(0)
            condition.lock()
            while running > 0 { condition.wait() }
            job = nil
            condition.unlock()
        }
    }

    /// Lets the threads end (after the job they may be running). Called when the worker stops.
    package func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve(_ index: Int) {
        var seen = 0
        while true {
            condition.lock()
            while round == seen && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            seen = round
            do {
                // Released before this thread reports that it is done: `run` then checks that
                // nothing kept its (not actually escaping) body.
                let job = self.job
                condition.unlock()
                job?(index)
            }
            condition.lock()
            running -= 1
            if running == 0 { condition.broadcast() }
            condition.unlock()
        }
    }
}
