import CKafka

/// The rebalance protocol of a consumer's group, known from its configuration: it decides
/// whether the rebalance callback answers with `rd_kafka_incremental_(un)assign` or with
/// `rd_kafka_assign`.
///
/// librdkafka can say it too (`rd_kafka_rebalance_protocol`), but that is a request to the
/// group's thread with no timeout, and asked from the revoke that `rd_kafka_consumer_close`
/// serves it can wait for ever (confluentinc/librdkafka#4041; it was the first call of the
/// callback when a worker stopped during a rebalance hung in its close in CI). The configuration decides the protocol,
/// and nothing changes it after the client is made, so it is read once, at creation.
enum RebalanceProtocol: Equatable, Sendable {
    /// Every partition is taken away before a rebalance and handed out again after it
    /// (`range`, `roundrobin`): `rd_kafka_assign`.
    case eager
    /// Only the partitions that move are taken away and added (`cooperative-sticky`, or the
    /// KIP-848 `consumer` group protocol of newer librdkafka): `rd_kafka_incremental_*`.
    case cooperative

    /// - Parameters:
    ///   - assignmentStrategy: `partition.assignment.strategy` (librdkafka's default
    ///     "range,roundrobin" when nil). librdkafka refuses a list that mixes eager and
    ///     cooperative assignors, so one cooperative name means cooperative.
    ///   - groupProtocol: `group.protocol` (absent before librdkafka 2.4); `consumer` is
    ///     always cooperative.
    init(assignmentStrategy: String?, groupProtocol: String?) {
        func normalized(_ text: some StringProtocol) -> String { String(text.filter { $0 != " " }).lowercased() }
        if let groupProtocol, normalized(groupProtocol) == "consumer" {
            self = .cooperative
            return
        }
        let names = (assignmentStrategy ?? "range,roundrobin").split(separator: ",").map(normalized)
        self = names.contains("cooperative-sticky") ? .cooperative : .eager
    }

    /// The protocol of a configuration once every setting is applied, read back from it.
    init(configuration conf: OpaquePointer) {
        self.init(
            assignmentStrategy: Self.value(of: "partition.assignment.strategy", in: conf),
            groupProtocol: Self.value(of: "group.protocol", in: conf))
    }

    /// A setting's value, nil when this librdkafka does not know the name.
    private static func value(of name: String, in conf: OpaquePointer) -> String? {
        var size = 0
        guard rd_kafka_conf_get(conf, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(conf, name, &buffer, &size) == RD_KAFKA_CONF_OK else { return nil }
        return string(fromCBuffer: buffer)
    }
}
