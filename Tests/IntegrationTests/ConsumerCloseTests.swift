import Foundation
import Synchronization
import Testing
import WaitwatchKafka

/// `KafkaConsumer.close(waitingAtMost:)`: leaving the group on a thread of its own, waited for
/// at most a deadline, on a real (embedded) cluster. librdkafka's close can wait for ever in rare
/// races (confluentinc/librdkafka#4041); here a revoke handler that takes longer than the
/// deadline stands in for that wait.
@Suite struct ConsumerCloseTests {
    /// What the rebalance handler saw, from whichever thread ran it.
    final class Seen: Sendable {
        enum Step: Int { case assigned = 1, revokeStarted = 2, revokeFinished = 4 }
        private let steps = Atomic<Int>(0)
        func note(_ step: Step) { steps.bitwiseOr(step.rawValue, ordering: .sequentiallyConsistent) }
        func has(_ step: Step) -> Bool { steps.load(ordering: .sequentiallyConsistent) & step.rawValue != 0 }
    }

    /// A consumer of the events topic that holds partitions, its revoke handler taking `revokeSeconds`.
    static func consumerHoldingPartitions(_ cluster: TestCluster, revokeSeconds: Double) throws -> (KafkaConsumer, Seen) {
        let seen = Seen()
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: cluster.kafka, groupID: "close-\(UUID().uuidString)"), logger: cluster.logger)
        try consumer.subscribe(topics: [cluster.topics.events]) { event in
            switch event {
            case .assigned: seen.note(.assigned)
            case .revoked, .lost:
                seen.note(.revokeStarted)
                Thread.sleep(forTimeInterval: revokeSeconds)
                seen.note(.revokeFinished)
            }
            return []
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while !seen.has(.assigned) && ContinuousClock.now < deadline {
            _ = consumer.poll(timeoutMilliseconds: 100)
        }
        try #require(seen.has(.assigned), "the consumer was never assigned partitions")
        return (consumer, seen)
    }

    @Test func aCloseThatFinishesInTimeIsClosed() throws {
        let cluster = try TestCluster(partitions: 3)
        let (consumer, seen) = try Self.consumerHoldingPartitions(cluster, revokeSeconds: 0)
        #expect(try consumer.close(waitingAtMost: .seconds(60)) == .closed)
        #expect(seen.has(.revokeFinished), "closing revokes the partitions through the handler")
    }

    /// The caller gets control back at the deadline; the close goes on and finishes by itself.
    @Test func aCloseThatOutlastsItsDeadlineReturnsAtTheDeadlineAndGoesOn() async throws {
        let cluster = try TestCluster(partitions: 3)
        let (consumer, seen) = try Self.consumerHoldingPartitions(cluster, revokeSeconds: 8)
        let start = ContinuousClock.now
        #expect(try consumer.close(waitingAtMost: .milliseconds(500)) == .stillClosing)
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(500))
        #expect(!seen.has(.revokeFinished), "returned after \(waited), before the revoke ended")
        // The close's own thread finishes the revoke (the consumer is kept alive for it).
        let deadline = ContinuousClock.now + .seconds(60)
        while !seen.has(.revokeFinished) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(seen.has(.revokeFinished))
    }
}
