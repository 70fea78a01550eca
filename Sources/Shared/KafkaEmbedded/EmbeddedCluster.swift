import CKafka
import Logging
import WaitwatchKafka

/// librdkafka's in-process mock Kafka cluster, reachable over TCP on 127.0.0.1.
///
/// For demos and tests only: it keeps nothing on disk, keeps only the newest 5 MiB or
/// 100,000 batches per partition, compacts nothing and has no admin API (topics are created
/// through ``createTopic(_:)``). It can inject faults: brokers down, request errors, slow
/// round trips, leader moves. The cluster lives as long as this object.
public final class EmbeddedCluster: @unchecked Sendable {
    private let owner: RDKafkaClient
    private let cluster: OpaquePointer
    /// Serves the owner's log queue: the mock brokers log through the owner, which nobody polls.
    private let logs: LogServingThread
    /// Number of brokers (ids 1...brokers).
    public let brokers: Int

    /// Starts a cluster of `brokers` brokers on ephemeral loopback ports.
    public init(brokers: Int, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(context: "starting the embedded cluster", code: .noError, message: "needs at least one broker")
        }
        owner = try RDKafkaClient(kind: .producer, properties: [], logger: logger)
        guard let c = rd_kafka_mock_cluster_new(owner.handle, Int32(brokers)) else {
            throw KafkaError(
                context: "starting the embedded cluster", code: .noError, message: "librdkafka could not start its mock cluster")
        }
        cluster = c
        self.brokers = brokers
        logs = LogServingThread(client: owner, name: "waitwatch-embedded-cluster-logs")
    }

    deinit {
        logs.stop()
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// The bootstrap list, e.g. `127.0.0.1:39111,127.0.0.1:40123`.
    public var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic (replication capped at the number of brokers; compaction is not simulated).
    public func createTopic(_ spec: TopicSpecification) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(
            cluster, spec.name, Int32(spec.partitions), Int32(spec.replicationFactor < 1 ? brokers : min(spec.replicationFactor, brokers)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "creating topic \(spec.name) on the embedded cluster", err: err)
        }
    }

    /// Takes a broker down (connections refused) or brings it back.
    public func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        let err = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "setting broker \(id) \(up ? "up" : "down")", err: err)
        }
    }

    /// Adds a round-trip delay to every request a broker answers.
    public func setRoundTripTime(broker id: Int32, milliseconds: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_rtt(cluster, id, milliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "setting the round trip of broker \(id)", err: err)
        }
    }

    /// Moves the leadership of a partition to another broker.
    public func setLeader(topic: String, partition: Int32, broker id: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_partition_set_leader(cluster, topic, partition, id)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(context: "moving the leader of \(topic)[\(partition)]", err: err)
        }
    }

    /// Requests whose errors can be injected.
    public enum Request: Int16, Sendable {
        case produce = 0
        case fetch = 1
        case listOffsets = 2
        case metadata = 3
        case offsetCommit = 8
        case offsetFetch = 9
        case findCoordinator = 10
        case joinGroup = 11
        case heartbeat = 12
        case syncGroup = 14
        case initProducerId = 22
    }

    /// Makes the next requests of this kind (to any broker) fail with these broker error codes, in order.
    public func pushRequestErrors(_ request: Request, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        rd_kafka_mock_push_request_errors_array(cluster, request.rawValue, codes.count, codes)
    }

    /// Makes every request about a topic fail with this broker error code (0 to clear).
    public func setTopicError(_ topic: String, error: Int32) {
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(rawValue: error))
    }

    /// Common broker error codes for ``pushRequestErrors(_:errors:)``.
    public enum BrokerError {
        public static let notLeaderForPartition = RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue
        public static let requestTimedOut = RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue
        public static let notCoordinator = RD_KAFKA_RESP_ERR_NOT_COORDINATOR.rawValue
        public static let notEnoughReplicas = RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue
        public static let rebalanceInProgress = RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS.rawValue
        public static let leaderNotAvailable = RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE.rawValue
    }
}
