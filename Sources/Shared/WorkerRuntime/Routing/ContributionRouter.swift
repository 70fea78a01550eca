import WaitwatchCore

/// Splits each contribution of an input partition by service (a service maps to one internal
/// partition, ``internalPartition(ofService:count:)``) and queues, for every national partition,
/// its part, even an empty one: a contribution also carries "complete through day D".
/// ``drain()`` hands the queue out per (input partition, internal partition), in that order.
package struct ContributionRouter {
    /// One message's worth: the parts of one input partition's contributions for one internal partition.
    package struct Batch: Equatable {
        package var inputPartition: Int32
        package var internalPartition: Int32
        package var contributions: [AllContribution]
    }

    private struct QueueKey: Hashable {
        var input: Int32
        var `internal`: Int32
    }

    /// The catalogue, for the internal partitions that hold at least one service.
    package let catalogue: ServiceCatalogue
    /// Partitions of the internal topic (may grow at a rebalance).
    package var internalPartitionCount: Int {
        didSet { nationalPartitions = Self.nationalPartitions(catalogue, count: internalPartitionCount) }
    }
    /// The internal partitions that hold at least one service of the catalogue: the only ones
    /// that need contributions. Depends only on the catalogue and the internal partition count.
    package private(set) var nationalPartitions: [Int]
    private var queue: [QueueKey: [AllContribution]] = [:]

    package init(catalogue: ServiceCatalogue, internalPartitionCount: Int) {
        self.catalogue = catalogue
        self.internalPartitionCount = internalPartitionCount
        nationalPartitions = Self.nationalPartitions(catalogue, count: internalPartitionCount)
    }

    package var isEmpty: Bool { queue.isEmpty }

    /// Queues the parts of `contribution`, one per national partition.
    package mutating func route(_ contribution: AllContribution) {
        var parts = Array(repeating: [AllContribution.Section](), count: internalPartitionCount)
        for section in contribution.sections {
            parts[Self.internalPartition(ofService: section.service, count: internalPartitionCount)].append(section)
        }
        let p = Int32(contribution.partition)
        for q in nationalPartitions {
            let part = AllContribution(
                partition: contribution.partition, sequence: contribution.sequence, throughDay: contribution.throughDay, sections: parts[q])
            queue[QueueKey(input: p, internal: Int32(q)), default: []].append(part)
        }
    }

    /// The queued parts, by (input partition, internal partition), and an empty queue.
    package mutating func drain() -> [Batch] {
        guard !queue.isEmpty else { return [] }
        let batches = queue.sorted { ($0.key.input, $0.key.internal) < ($1.key.input, $1.key.internal) }
            .map { Batch(inputPartition: $0.key.input, internalPartition: $0.key.internal, contributions: $0.value) }
        queue.removeAll(keepingCapacity: true)
        return batches
    }

    /// The internal partition of a service: ``ServicePartitioning`` (a stable FNV-1a of its code).
    package static func internalPartition(ofService service: String, count: Int) -> Int {
        ServicePartitioning.internalPartition(ofService: service, count: count)
    }

    private static func nationalPartitions(_ catalogue: ServiceCatalogue, count: Int) -> [Int] {
        Set(catalogue.services.map { internalPartition(ofService: $0.code, count: count) }).sorted()
    }
}
