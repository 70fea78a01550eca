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
        #expect(alerts.count == 1)
        #expect(alerts.first?.state == .firing)
    }

    @Test func aFiringOpenAtGoLiveIsPublishedOnceRightAfterTheGoLiveRecord() throws {
        let baseline = try #require(try Self.alerts(Self.published(from: nil).messages).first)
        let goLive = baseline.asOf.advanced(by: 5)
        let (messages, lines) = Self.published(from: goLive)
        let alerts = try Self.alerts(messages)
        #expect(alerts == [baseline], "the same transition, with its original alertId and day")
        #expect(lines.count == 1)
        let index = try #require(messages.firstIndex { $0.topic == TopicNames().alerts })
        let before = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(messages[index - 1].value ?? []))
        #expect(before.asOf == goLive && before.trust == baseline.trust && before.service == baseline.service)
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
