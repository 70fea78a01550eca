extension ClusterCheck {
    /// Whether `error` means the cluster did not answer (transport failure, all brokers down,
    /// unresolvable host, timeout) rather than that it refused something.
    public static func isUnreachable(_ error: KafkaError) -> Bool { error.isUnreachable }

    /// The one message every command gives when the cluster does not answer: it names the
    /// addresses tried and librdkafka's reason.
    public static func unreachable(brokers: String, _ error: KafkaError) -> ClusterUnavailable {
        ClusterUnavailable(message: "cannot reach Kafka at \(brokers): \(error.message)")
    }

    /// `error` as that message when it means the cluster did not answer, otherwise unchanged.
    public static func explained(_ error: any Error, brokers: String) -> any Error {
        guard let kafka = error as? KafkaError, isUnreachable(kafka) else { return error }
        return unreachable(brokers: brokers, kafka)
    }

    /// Partition counts of every topic, or the common "cannot reach Kafka at …" error.
    public static func partitionCounts(
        producer: KafkaProducer, brokers: String, timeoutMilliseconds: Int32 = 10_000
    ) throws -> [String: Int] {
        do {
            return try producer.partitionCounts(topic: nil, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            throw explained(error, brokers: brokers)
        }
    }

    /// Fails with the common "cannot reach Kafka at …" error unless the cluster answers a
    /// metadata request through `admin`.
    public static func requireReachable(_ admin: KafkaAdmin, brokers: String, timeoutMilliseconds: Int32 = 10_000) throws {
        do {
            _ = try admin.client.partitionCounts(topic: nil, timeoutMs: timeoutMilliseconds)
        } catch {
            throw explained(error, brokers: brokers)
        }
    }
}
