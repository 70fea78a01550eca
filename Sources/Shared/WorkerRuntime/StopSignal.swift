import Synchronization

/// Asks a ``WorkerLoop`` to stop, from any thread.
package final class StopSignal: Sendable {
    package init() {}
    private let flag = Atomic<Bool>(false)
    package var isRequested: Bool { flag.load(ordering: .relaxed) }
    package func request() { flag.store(true, ordering: .relaxed) }
}
