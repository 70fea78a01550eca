import Testing
import WaitwatchConfig
@testable import WaitwatchCore
import WaitwatchKafka
import WaitwatchWorkerRuntime

/// Assignments never wait for a restore; parked state comes back; restored tasks are installed.
@Suite struct TaskManagerTests {
    let settings = Fixture.settings(mode: .streaming)
    var events: String { settings.topics.events }
    var internalTopic: String { settings.internalTopics.contributions }
    var eoi: EndOfInputCoordinator { EndOfInputCoordinator(startedAtMilliseconds: 0, logger: Fixture.logger) }

    func manager() -> TaskManager { TaskManager(settings: settings, inputPartitionCount: 3, logger: Fixture.logger) }

    @Test func withoutSnapshotsNewPartitionsStartAtTheirBeginning() {
        let tasks = manager()
        let tps = [TopicPartition(topic: events, partition: 0), TopicPartition(topic: internalTopic, partition: 1)]
        let a = tasks.assign(tps, restores: false, endOfInput: eoi, nationalPartitions: [1])
        #expect(a.toRestore.isEmpty)
        #expect(Set(a.offsets) == Set(tps.map { TopicPartitionOffset($0, offset: TopicPartitionOffset.beginning) }))
        #expect(tasks.inputs[0] != nil && tasks.nationals[1] != nil)
        #expect(!tasks.isRestoring)
    }

    @Test func partitionsWithoutStateAreRestoredThenContinueWhereTheirStateDoes() {
        let tasks = manager()
        let input = TopicPartition(topic: events, partition: 2)
        let national = TopicPartition(topic: internalTopic, partition: 0)
        let a = tasks.assign([input, national], restores: true, endOfInput: eoi, nationalPartitions: [0])
        #expect(Set(a.toRestore) == [input, national])
        #expect(tasks.inputs.isEmpty && tasks.nationals.isEmpty && tasks.isRestoring)
        #expect(tasks.restoringOwners == [StateOwner(kind: .input, partition: 2), StateOwner(kind: .national, partition: 0)])
        // The national partition's end was seen before the pause took effect.
        tasks.noteWhileRestoring(national, endAt: 0)
        var restored = RestoredTasks()
        let task = InputTask(partition: 2, configuration: settings.engine, alerts: settings.alerts)
        task.nextOffset = 41
        restored.inputs[2] = task
        let positions = tasks.install(restored, owners: tasks.restoringOwners, endOfInput: eoi, nationalPartitions: [0])
        #expect(
            Set(positions) == [
                TopicPartitionOffset(input, offset: 41), TopicPartitionOffset(national, offset: TopicPartitionOffset.beginning),
            ])
        #expect(tasks.inputs[2] === task)
        #expect(tasks.nationals[0]?.atEnd == true)
        #expect(!tasks.isRestoring)
    }

    @Test func aRevokeParksStateAndTheNextAssignmentTakesItBack() {
        let tasks = manager()
        let tp = TopicPartition(topic: events, partition: 1)
        _ = tasks.assign([tp], restores: false, endOfInput: eoi, nationalPartitions: [])
        let task = tasks.inputs[1]
        task?.nextOffset = 10
        tasks.revoke([tp])
        #expect(tasks.inputs.isEmpty)
        let a = tasks.assign([tp], restores: true, endOfInput: eoi, nationalPartitions: [])
        #expect(a.toRestore.isEmpty)
        #expect(a.offsets == [TopicPartitionOffset(tp, offset: 10)])
        #expect(tasks.inputs[1] === task)
        // Parked state that did not come back is dropped: the next owner restores it.
        tasks.revoke([tp])
        _ = tasks.assign([], restores: true, endOfInput: eoi, nationalPartitions: [])
        let b = tasks.assign([tp], restores: true, endOfInput: eoi, nationalPartitions: [])
        #expect(b.toRestore == [tp])
    }

    @Test func aPartitionRevokedWhileRestoringIsNotInstalled() {
        let tasks = manager()
        let tp = TopicPartition(topic: events, partition: 0)
        _ = tasks.assign([tp], restores: true, endOfInput: eoi, nationalPartitions: [])
        let owners = tasks.restoringOwners
        tasks.revoke([tp])
        #expect(!tasks.isRestoring)
        #expect(tasks.install(RestoredTasks(), owners: owners, endOfInput: eoi, nationalPartitions: []).isEmpty)
        #expect(tasks.inputs.isEmpty)
    }
}
