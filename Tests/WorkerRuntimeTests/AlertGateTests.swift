import Foundation
import Testing
import WaitwatchConfig
import WaitwatchCore
import WaitwatchKafka
import WaitwatchWorkerRuntime

/// `--alerts-from`: transitions before go-live are state only; firings open at go-live are
/// published when their (trust, service) reaches it.
@Suite struct AlertGateTests {
    /// The collector's published messages after the long-wait fixture, with go-live `from`.
    static func published(from: CivilDay?) -> (messages: [OutgoingMessage], lines: [String]) {
        let publisher = FakePublisher()
        let log = FakeAlertLog()
        let collector = Fixture.collector(publisher, log)
        collector.alertGate = AlertGate(from: from)
        let settings = Fixture.settings()
        let input = InputTask(partition: 0, configuration: settings.engine, alerts: settings.alerts)
        var out = TaskOutput()
        for (i, bytes) in Fixture.longWaitEvents().enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
            collector.collect(&out, inputPartition: 0)
        }
        return (publisher.messages.map(\.message), log.lines)
    }

    static func alerts(_ messages: [OutgoingMessage]) throws -> [Alert] {
        try messages.filter { $0.topic == TopicNames().alerts }.map { try JSONDecoder().decode(Alert.self, from: Data($0.value ?? [])) }
    }

    @Test func withoutGoLiveEveryTransitionIsPublished() throws {
        let alerts = try Self.alerts(Self.published(from: nil).messages)
        // R1 alone for 400 days: its feed is silent after 14 days, then it waits too long.
        #expect(alerts.map(\.rule) == [.feedSilent, .waitingStandard, .longWaiters])
        #expect(alerts.allSatisfy { $0.state == .firing })
    }

    @Test func aFiringOpenAtGoLiveIsPublishedOnceRightAfterTheGoLiveRecord() throws {
        let baseline = try Self.alerts(Self.published(from: nil).messages)
        let last = try #require(baseline.map(\.asOf).max())
        let goLive = last.advanced(by: 5)
        let (messages, lines) = Self.published(from: goLive)
        let alerts = try Self.alerts(messages)
        #expect(alerts == baseline.sorted { $0.alertId < $1.alertId }, "the same transitions, with their original alertId and day")
        #expect(lines.count == baseline.count)
        let index = try #require(messages.firstIndex { $0.topic == TopicNames().alerts })
        let before = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(messages[index - 1].value ?? []))
        #expect(before.asOf == goLive && before.trust == baseline[0].trust && before.service == baseline[0].service)
        #expect(messages[index..<(index + alerts.count)].allSatisfy { $0.topic == TopicNames().alerts }, "published together")

        // Go-live between the two firings: the first is released at go-live, the second published as it comes.
        let between = baseline[0].asOf.advanced(by: 1)
        #expect(baseline[1].asOf > between)
        #expect(try Self.alerts(Self.published(from: between).messages) == baseline)
    }

    @Test func nothingIsPublishedBeforeGoLive() throws {
        let (messages, lines) = Self.published(from: Fixture.day.advanced(by: 30))
        #expect(try Self.alerts(messages).isEmpty)
        #expect(lines.isEmpty)
        #expect(messages.contains { $0.topic == TopicNames().stats }, "records are published as always")
    }

    @Test func healthAndReadinessFollowTheLoop() {
        let health = WorkerHealth(stallSeconds: 5, maximumLag: 10)
        let start = ContinuousClock.now
        #expect(health.health(now: start).ok)
        #expect(!health.readiness(now: start).ok)
        health.turned(assignedPartitions: 2, restoring: true, maximumLag: nil, at: start)
        #expect(health.readiness(now: start).reason.contains("restoring"))
        health.turned(assignedPartitions: 2, restoring: false, maximumLag: 50, at: start)
        #expect(health.readiness(now: start).reason.contains("catching up"))
        health.turned(assignedPartitions: 2, restoring: false, maximumLag: 3, at: start)
        #expect(health.readiness(now: start).ok)
        #expect(!health.health(now: start + .seconds(6)).ok)
        #expect(!health.readiness(now: start + .seconds(6)).ok)
        health.stopping()
        #expect(!health.readiness(now: start).ok)
    }
}
