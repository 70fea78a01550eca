import Testing
import WaitwatchCore
import WaitwatchWorkerRuntime

/// Issue 16, defect 1: a run that starts right after the previous one ended meets that run's
/// markers with a recent timestamp; a marker read to before the partition's end at this
/// worker's start is the earlier run's and is ignored.
@Suite struct EndOfInputRunAfterRunTests {
    @Test func aMarkerReadToBeforeThePartitionsEndAtStartIsAnEarlierRunsEvenWhenRecent() {
        var eoi = EndOfInputCoordinator(startedAtMilliseconds: 10_000, logger: Fixture.logger)
        eoi.endsAtStart = [0: 53, 1: 40]
        let earlier = EndOfInputMarker(partition: 0, latestAcceptedDay: 100, endOffset: 52, sender: "run-1")
        let unchanged = EndOfInputMarker(partition: 1, latestAcceptedDay: 99, endOffset: 40, sender: "run-1")
        eoi.receive([(earlier, 9_800), (unchanged, 9_800)])
        #expect(eoi.markers[0] == nil)
        #expect(eoi.markers[1] == unchanged)
        let current = EndOfInputMarker(partition: 0, latestAcceptedDay: 101, endOffset: 53, sender: "run-2")
        eoi.receive([(current, 10_200)])
        #expect(eoi.markers[0] == current)
    }
}
