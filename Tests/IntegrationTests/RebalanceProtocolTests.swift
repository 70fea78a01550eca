import Logging
import Testing
@testable import WaitwatchKafka

/// The rebalance callback answers with `rd_kafka_assign` or `rd_kafka_incremental_*` by the
/// protocol the configuration sets, read once when the client is made, never by asking
/// librdkafka from inside the callback (``RebalanceProtocol``: that request can hang in close).
@Suite struct RebalanceProtocolTests {
    @Test(
        arguments: [
            (nil, nil, RebalanceProtocol.eager),
            ("range,roundrobin", nil, .eager),
            ("roundrobin", nil, .eager),
            ("cooperative-sticky", nil, .cooperative),
            (" Cooperative-Sticky ", nil, .cooperative),
            ("range", "classic", .eager),
            ("range", "consumer", .cooperative),
        ] as [(String?, String?, RebalanceProtocol)])
    func theProtocolFollowsTheSettings(strategy: String?, groupProtocol: String?, expected: RebalanceProtocol) {
        #expect(RebalanceProtocol(assignmentStrategy: strategy, groupProtocol: groupProtocol) == expected)
    }

    /// Read back from librdkafka's own configuration, with its default and with a `--kafka`
    /// setting passed through, as the worker makes its consumer.
    @Test(
        arguments: [(nil, RebalanceProtocol.eager), ("cooperative-sticky", .cooperative), ("roundrobin", .eager)]
            as [(String?, RebalanceProtocol)])
    func aConsumerKnowsItsProtocolFromItsConfiguration(strategy: String?, expected: RebalanceProtocol) throws {
        var kafka = KafkaConfiguration(brokers: "127.0.0.1:1")
        if let strategy { kafka.properties["partition.assignment.strategy"] = strategy }
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // the broker address is never reached; its refusals are not the subject
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: "protocol"), logger: logger)
        #expect(consumer.client.context.rebalanceProtocol == expected)
        try consumer.close()
    }
}
