import Foundation
import Synchronization

/// Serves a client's log queue on a thread of its own, for a client that nobody polls (the
/// embedded cluster's owner, whose brokers log through it while the cluster runs).
///
/// The thread is ours, not librdkafka's: the lines reach swift-log through
/// ``RDKafkaClient/serveLogs(waitingMilliseconds:)`` as for every other client. ``stop()`` ends
/// the thread and waits for it (at most one wait of 100 ms), before the client is destroyed.
package final class LogServingThread: Sendable {
    private final class Control: Sendable {
        let stopRequested = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
    }

    private let control = Control()

    package init(client: RDKafkaClient, name: String) {
        let control = control
        let thread = Thread {
            while !control.stopRequested.load(ordering: .relaxed) {
                client.serveLogs(waitingMilliseconds: 100)
            }
            control.finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Ends the thread and waits until it has finished. Call once.
    package func stop() {
        control.stopRequested.store(true, ordering: .relaxed)
        control.finished.wait()
    }
}
