import Foundation
import Testing
import WaitwatchCore
import WaitwatchKafka
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// Issue 12, feed freshness, with a real `--live` worker: a trust's feed that stops fires
/// `feed-silent` for exactly that trust and service, its records say `feedSilent: true`, and
/// events coming again resolve it.
@Suite(.serialized) struct FeedSilentLiveTests {
    /// Puts events on partition 0 with each message's timestamp at the event's time (as a
    /// producer replaying history or sending ahead does), waiting for every acknowledgement.
    static func produce(_ cluster: TestCluster, _ events: [ReferralEvent]) throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: cluster.kafka), logger: cluster.logger)
        let encoder = EventEncoder()
        for (i, e) in events.enumerated() {
            try producer.produce(
                OutgoingMessage(
                    topic: cluster.topics.events, partition: 0, key: Array("\(e.trust)/\(e.service)".utf8), value: encoder.encode(e),
                    timestampMilliseconds: e.occurredAt.microsecondsSinceEpoch / 1_000),
                id: UInt64(i))
        }
        let (reports, outstanding) = producer.flush(timeoutMilliseconds: 30_000)
        #expect(outstanding == 0 && reports.allSatisfy { $0.error == nil })
    }

    /// The `feed-silent` alerts on the alerts topic, in order.
    static func feedSilentAlerts(_ cluster: TestCluster) async throws -> [Alert] {
        try await cluster.readAll(cluster.topics.alerts).compactMap { m in
            try JSONDecoder().decode(Alert.self, from: Data(m.value ?? []))
        }.filter { $0.rule == .feedSilent }
    }

    /// The latest statistics record of every key and day.
    static func records(_ cluster: TestCluster) async throws -> [String: WaitStatsRecord] {
        var out: [String: WaitStatsRecord] = [:]
        for m in try await cluster.readAll(cluster.topics.stats) {
            let r = try JSONDecoder().decode(WaitStatsRecord.self, from: Data(m.value ?? []))
            out[r.key] = r
        }
        return out
    }

    @Test func aFeedThatStopsFiresFeedSilentForExactlyThatTrustAndServiceAndResumingResolvesIt() async throws {
        let cluster = try TestCluster(partitions: 1, groups: ["fresh"])
        let now = Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
        let today = FixtureEvents.londonDay(now)
        // RAJ's SALT feed sends from 60 to 41 days ago, then stops; RQW's goes on until yesterday.
        var raj = EventBuilder(trust: "RAJ", service: "SALT")
        var rqw = EventBuilder(trust: "RQW", service: "SALT")
        var history: [ReferralEvent] = []
        for back in stride(from: 60, through: 1, by: -1) {
            let day = today.advanced(by: -Int32(back))
            if back >= 41 { history.append(raj.on(.referralReceived, "S\(back)", day: day)) }
            history.append(rqw.on(.referralReceived, "Q\(back)", day: day, hour: 8))
        }
        try Self.produce(cluster, history)

        let worker = try ChildProcess(
            "waitwatch-worker",
            [
                "run", "--brokers", cluster.brokers, "--group", "fresh", "--live", "--session-timeout", "6000", "--snapshot-interval", "1",
            ])
        defer { if worker.process.isRunning { worker.signal(SIGKILL) } }

        // The wall clock carries the days on: RAJ/SALT is silent 14 days after its last event.
        let silentFrom = today.advanced(by: -41 + 14)
        let firing = try await LoopbackHTTP.eventually(timeout: .seconds(240), "feed-silent firing") {
            try await Self.feedSilentAlerts(cluster).first
        }
        #expect(firing.state == .firing && firing.trust == "RAJ" && firing.service == "SALT")
        #expect(firing.asOf == silentFrom)
        #expect(firing.alertId == "feed-silent/RAJ/SALT/\(silentFrom)")
        #expect(firing.message.contains("no events received for 14 days (last event \(today.advanced(by: -41)))"), "\(firing.message)")

        // Its records say so; RQW's and the national ones do not.
        let records = try await Self.records(cluster)
        let gap = try #require(records["RAJ/SALT/\(today.advanced(by: -10))"])
        #expect(gap.feedSilent && gap.trustsReporting == 0)
        #expect(gap.lastEventAt == history.filter { $0.trust == "RAJ" }.map(\.occurredAt).max())
        #expect(records["RAJ/SALT/\(silentFrom.advanced(by: -1))"]?.feedSilent == false)
        #expect(records.values.filter { $0.trust != "RAJ" }.allSatisfy { !$0.feedSilent })
        let national = try #require(records["ALL/SALT/\(today.advanced(by: -10))"])
        #expect(national.trustsReporting == 1, "RAJ has sent nothing for over 30 days")
        #expect(national.lastEventAt?.londonDay == today.advanced(by: -10))

        // RAJ sends again today; RQW's next event, dated two days ahead, moves event time past
        // today, so today's records are published.
        try Self.produce(
            cluster,
            [
                raj.on(.referralReceived, "S0", day: today, hour: 0),
                rqw.on(.referralReceived, "Q+2", day: today.advanced(by: 2), hour: 12),
            ])
        let resolved = try await LoopbackHTTP.eventually(timeout: .seconds(240), "feed-silent resolved") {
            try await Self.feedSilentAlerts(cluster).first { $0.state == .resolved }
        }
        #expect(resolved.alertId == firing.alertId && resolved.asOf == today)
        #expect(resolved.trust == "RAJ" && resolved.service == "SALT")
        let all = try await Self.feedSilentAlerts(cluster)
        #expect(all.count == 2, "one firing and its resolve, nothing for RQW or ALL: \(all.map(\.alertId))")
        let back = try #require(try await Self.records(cluster)["RAJ/SALT/\(today)"])
        #expect(!back.feedSilent && back.trustsReporting == 1 && back.lastEventAt?.londonDay == today)

        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "stderr: \(worker.stderr.suffix(2000))")
    }
}
