import Testing
@testable import WaitwatchCore
import WaitwatchConfig
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// Issue 16: internal topics are named after the group, every internal record says whose it is
/// and a worker refuses others'; a finished partition is snapshotted; a run without snapshots
/// does not mix an earlier run's contributions into its national figures.
@Suite struct InternalRecordOwnerTests {
    let settings = Fixture.settings()

    func contributions() -> [AllContribution] { Fixture.longWaitContributions(settings) }

    func task(_ owner: InternalRecordOwner) -> NationalTask {
        NationalTask(
            partition: 0, aggregator: AllAggregator(configuration: settings.engine, partitionCount: 1),
            alerts: AlertEvaluator(configuration: settings.alerts, catalogue: settings.engine.catalogue), owner: owner,
            logger: Fixture.logger)
    }

    func nationalRecords(_ out: TaskOutput) -> [WaitStatsRecord] {
        out.items.compactMap { if case .record(let r, national: true, _) = $0 { r } else { nil } }
    }

    @Test func internalTopicsAreNamedAfterTheGroup() {
        #expect(InternalTopics(group: "g1").contributions == "waitwatch-g1-contributions")
        #expect(InternalTopics(group: "g1").state == "waitwatch-g1-state")
        #expect(InternalTopics() == InternalTopics(group: InternalTopics.defaultGroup))
        #expect(InternalTopics.problem(group: "nightly.east_2-b") == nil)
    }

    @Test(arguments: ["", "two words", "trust/east", "café", String(repeating: "g", count: 226)])
    func aGroupThatCannotNameItsTopicsIsRefused(_ group: String) throws {
        let problem = try #require(InternalTopics.problem(group: group))
        #expect(!problem.contains("\n"))
        #expect(InternalTopics.problem(group: String(repeating: "g", count: 225)) == nil)
    }

    @Test func theOwnerPrefixRoundTripsAndIsAbsentFromOtherBytes() throws {
        let owner = InternalRecordOwner(group: "g1", configuration: 0x0123_4567_89AB_CDEF)
        let bytes = owner.encoded() + [9, 9]
        let split = try #require(InternalRecordOwner.split(bytes))
        #expect(split.owner == owner && split.bodyStart == bytes.count - 2)
        #expect(InternalRecordOwner.split(InternalMessage.contributions([]).encoded()) == nil)
        #expect(InternalRecordOwner.split(Array(bytes.prefix(8))) == nil)
    }

    @Test func theConfigurationFingerprintFollowsWhatDecidesTheStatistics() {
        var other = settings.engine
        other.windowDays += 1
        #expect(other.fingerprint != settings.engine.fingerprint)
        #expect(EngineConfiguration().fingerprint == settings.engine.fingerprint)
    }

    @Test func aNationalTaskAppliesItsOwnGroupsContributionsOnly() {
        let list = contributions()
        let mine = settings.internalOwner
        var otherConfiguration = settings.engine
        otherConfiguration.windowDays = 7
        let strangers = [
            InternalRecordOwner(group: "another", configuration: mine.configuration),
            InternalRecordOwner(group: mine.group, configuration: otherConfiguration.fingerprint),
        ]
        for stranger in strangers {
            let national = task(mine)
            var out = TaskOutput()
            national.process(
                offset: 0, value: InternalMessage.contributions(list).encoded(by: stranger), timestampMilliseconds: nil, into: &out)
            national.process(offset: 1, value: InternalMessage.contributions(list).encoded(), timestampMilliseconds: nil, into: &out)
            national.process(
                offset: 2,
                value: InternalMessage.endOfInput(EndOfInputMarker(partition: 0, latestAcceptedDay: 1, endOffset: 1, sender: "m")).encoded(
                    by: stranger),
                timestampMilliseconds: 1, into: &out)
            #expect(out.items.isEmpty && out.markers.isEmpty, "\(stranger)")
            #expect(national.refusals.refused == 3)
            national.process(
                offset: 3, value: InternalMessage.contributions(list).encoded(by: mine), timestampMilliseconds: nil, into: &out)
            #expect(nationalRecords(out).last?.asOf == Fixture.day.advanced(by: 5))
        }
    }

    @Test func finishingAPartitionRequestsItsSnapshotEvenWhenItReadNothing() {
        let input = InputTask(partition: 3, configuration: settings.engine, alerts: settings.alerts)
        input.nextOffset = 0
        #expect(!input.snapshot.hasChanged)
        var out = TaskOutput()
        input.finish(lastCensusDay: Fixture.day, into: &out)
        #expect(input.snapshot.hasChanged && input.snapshot.isDue(SnapshotPolicy(), now: .now))
    }

    @Test func withoutSnapshotsAFreshNationalTaskSkipsAnEarlierRunsContributions() {
        let list = contributions()
        let national = task(settings.internalOwner)
        national.ignoresContributionsBefore = 1_000
        var out = TaskOutput()
        national.process(
            offset: 0, value: InternalMessage.contributions(list).encoded(by: settings.internalOwner), timestampMilliseconds: 999,
            into: &out)
        #expect(out.items.isEmpty && national.skippedEarlierRun == list.count)
        national.process(
            offset: 1, value: InternalMessage.contributions(list).encoded(by: settings.internalOwner), timestampMilliseconds: 1_000,
            into: &out)
        #expect(nationalRecords(out).last?.asOf == Fixture.day.advanced(by: 5))
    }
}
