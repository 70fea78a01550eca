import ArgumentParser
import Foundation
import WaitwatchKafka

extension KafkaOptions {
    /// `--brokers` must name at least one address, with no empty entry: librdkafka would
    /// otherwise wait for a cluster it can never find. Throws a message naming the problem.
    static func validateBrokers(_ brokers: String) throws {
        let entries = brokers.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if entries.allSatisfy(\.isEmpty) {
            throw ValidationError("--brokers is empty: give the Kafka bootstrap servers as host:port[,host:port…], e.g. 127.0.0.1:9092")
        }
        if entries.contains(where: \.isEmpty) {
            throw ValidationError("--brokers \"\(brokers)\" has an empty entry: give host:port[,host:port…] separated by single commas")
        }
    }
}

/// The `--partitions` check shared by `setup`, `run` and `dev-cluster`.
public enum PartitionCountOption {
    /// What is wrong with `value` as a partition count between 1 and `maximum`.
    public static func problem(_ value: Int, maximum: Int) -> String {
        if value < 1 {
            return "--partitions must be at least 1 (a topic needs a partition to hold messages), got \(value)"
        }
        return "--partitions must be at most \(maximum), got \(value)"
    }
}
