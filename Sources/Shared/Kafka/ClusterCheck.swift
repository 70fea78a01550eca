/// Start-up checks that turn an unreachable cluster or a missing topic into one clear line.
public enum ClusterCheck {
    /// Fails unless the cluster answers within `timeoutMilliseconds` and has `topic`.
    public static func requireTopic(
        _ topic: String, producer: KafkaProducer, brokers: String, timeoutMilliseconds: Int32 = 10_000
    ) throws(ClusterUnavailable) {
        do {
            _ = try producer.partitionCounts(topic: topic, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            if error.isUnreachable {
                throw unreachable(brokers: brokers, error)
            }
            if error.code == .unknownTopicOrPartition {
                throw ClusterUnavailable(
                    message: "topic \(topic) does not exist on the cluster at \(brokers) (create it, or run `waitwatch-worker setup`)")
            }
            throw ClusterUnavailable(message: "cannot use Kafka at \(brokers): \(error)")
        }
    }
}

/// The cluster could not be used; `message` is one line for the user.
public struct ClusterUnavailable: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
