import Testing
@testable import WaitwatchCore
import WaitwatchWorkerRuntime

/// A contribution is split by service; every national partition gets its part, even empty.
@Suite struct ContributionRouterTests {
    func section(_ service: String) -> AllContribution.Section {
        AllContribution.Section(service: service, firstDay: nil, lateEvents: 0, effects: [])
    }

    @Test func eachServiceGoesToItsPartitionAndEveryNationalPartitionGetsAPart() {
        var router = ContributionRouter(catalogue: .default, internalPartitionCount: 4)
        let services = ServiceCatalogue.default.services.map(\.code)
        router.route(AllContribution(partition: 1, sequence: 3, throughDay: CivilDay(daysSinceEpoch: 100), sections: services.map(section)))
        router.route(AllContribution(partition: 0, sequence: 9, throughDay: CivilDay(daysSinceEpoch: 100), sections: []))
        let batches = router.drain()
        #expect(router.isEmpty)
        #expect(router.drain().isEmpty)
        #expect(
            batches.map(\.inputPartition) == Array(repeating: 0, count: router.nationalPartitions.count)
                + Array(repeating: 1, count: router.nationalPartitions.count))
        #expect(batches.filter { $0.inputPartition == 1 }.map(\.internalPartition) == router.nationalPartitions.map(Int32.init))
        for batch in batches where batch.inputPartition == 1 {
            #expect(batch.contributions.count == 1)
            for s in batch.contributions[0].sections {
                #expect(ContributionRouter.internalPartition(ofService: s.service, count: 4) == Int(batch.internalPartition))
            }
        }
        let routed = batches.filter { $0.inputPartition == 1 }.flatMap { $0.contributions[0].sections.map(\.service) }
        #expect(routed.sorted() == services.sorted())
        #expect(
            batches.filter { $0.inputPartition == 0 }.allSatisfy {
                $0.contributions[0].sections.isEmpty && $0.contributions[0].sequence == 9
            })
    }

    @Test func theMappingIsStableFNV1a() {
        // A stable hash: the same on every worker and every run.
        #expect(ContributionRouter.internalPartition(ofService: "SALT", count: 1) == 0)
        let a = ContributionRouter.internalPartition(ofService: "CAMHS", count: 6)
        #expect(a == ContributionRouter.internalPartition(ofService: "CAMHS", count: 6))
        #expect((0..<6).contains(a))
    }
}
