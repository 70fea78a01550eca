import Testing
@testable import WaitwatchCore
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// The national task applies contributions in order and returns `ALL` records and markers.
@Suite struct NationalTaskTests {
    let settings = Fixture.settings()

    func contributions() -> [AllContribution] { Fixture.longWaitContributions(settings) }

    func task() -> NationalTask {
        NationalTask(
            partition: 0, aggregator: AllAggregator(configuration: settings.engine, partitionCount: 1),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue), owner: settings.internalOwner,
            logger: Fixture.logger)
    }

    @Test func contributionsGiveNationalRecordsOnceAndInOrder() {
        let list = contributions()
        #expect(list.count >= 2)
        let national = task()
        var out = TaskOutput()
        // The later ones arrive first: held behind the first, nothing published.
        national.process(
            offset: 0, value: InternalMessage.contributions(Array(list.dropFirst())).encoded(by: settings.internalOwner),
            timestampMilliseconds: nil, into: &out)
        #expect(out.items.isEmpty)
        national.process(
            offset: 1, value: InternalMessage.contributions([list[0]]).encoded(by: settings.internalOwner), timestampMilliseconds: nil,
            into: &out)
        let records = out.items.compactMap { if case .record(let r, national: true, _) = $0 { r } else { nil } }
        #expect(records.last?.asOf == Fixture.day.advanced(by: 5))
        #expect(records.allSatisfy { $0.trust == "ALL" })
        #expect(out.items.contains { if case .alert(let a) = $0 { a.trust == "ALL" } else { false } })
        // Both again (a replay): nothing new.
        out.clear()
        national.process(
            offset: 2, value: InternalMessage.contributions(list).encoded(by: settings.internalOwner), timestampMilliseconds: nil,
            into: &out)
        #expect(out.items.isEmpty)
        #expect(national.nextOffset == 3)
    }

    @Test func markersAreReturnedAndUnreadableMessagesSkipped() {
        let national = task()
        var out = TaskOutput()
        let marker = EndOfInputMarker(partition: 0, latestAcceptedDay: 100, endOffset: 7, sender: "m")
        national.process(
            offset: 0, value: InternalMessage.endOfInput(marker).encoded(by: settings.internalOwner), timestampMilliseconds: 42, into: &out)
        national.process(offset: 1, value: [0x7F], timestampMilliseconds: nil, into: &out)
        #expect(out.markers.map(\.marker) == [marker])
        #expect(out.markers.first?.timestampMilliseconds == 42)
        #expect(out.items.isEmpty)
        #expect(national.nextOffset == 2)
    }
}
