import Testing
@testable import WaitwatchCore
import WaitwatchTesting
import WaitwatchWorkerRuntime

/// The input task returns dead letters, records, alerts and contributions; it publishes nothing.
@Suite struct InputTaskTests {
    let settings = Fixture.settings()

    func task() -> InputTask { InputTask(partition: 2, configuration: settings.engine, alerts: settings.alerts) }

    @Test func badMessagesBecomeDeadLettersWithTheirOffsetsAndReason() {
        let input = task()
        var out = TaskOutput()
        input.process(offset: 0, key: Array("k".utf8), value: Array("{not json".utf8), decoder: EventDecoder(), into: &out)
        input.process(offset: 1, key: nil, value: nil, decoder: EventDecoder(), into: &out)
        let letters = out.items.compactMap { if case .deadLetter(let d) = $0 { d } else { nil } }
        #expect(letters.map(\.code) == ["invalid", "empty"])
        #expect(letters.map(\.sourceOffset) == [0, 1])
        #expect(letters.allSatisfy { $0.sourcePartition == 2 })
        #expect(letters[0].value == Array("{not json".utf8))
        #expect(out.events == 2)
        #expect(input.nextOffset == 2)
    }

    @Test func recordsComeWithTheirAlertsAndAContribution() {
        let input = task()
        var out = TaskOutput()
        for (i, bytes) in Fixture.longWaitEvents().enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
        }
        let records = out.items.compactMap { if case .record(let r, let national, _) = $0, !national { r } else { nil } }
        let alerts = out.items.compactMap { if case .alert(let a) = $0 { a } else { nil } }
        #expect(records.count == 402)  // day − 400 through day + 1
        #expect(alerts.contains { $0.rule == .longWaiters && $0.state == .firing })
        #expect(out.items.contains { if case .contribution(let c) = $0 { c.partition == 2 } else { false } })
        // An alert follows the record that raised it.
        if let i = out.items.firstIndex(where: { if case .alert = $0 { true } else { false } }), i > 0,
            case .record(let r, _, _) = out.items[i - 1], case .alert(let a) = out.items[i]
        {
            #expect(r.asOf == a.asOf)
        } else {
            Issue.record("no alert after a record")
        }
    }

    @Test func aKeyThatIsNotTheEventsOrAnImplausibleTimeIsDeadLettered() {
        let input = task()
        var out = TaskOutput()
        let bytes = Fixture.longWaitEvents()[1]
        input.process(offset: 0, key: Array("RQW/SALT".utf8), value: bytes, decoder: EventDecoder(), into: &out)
        // Dated in 2026, in a message stamped 1 January 1970.
        input.process(offset: 1, key: nil, value: bytes, timestampMilliseconds: 0, decoder: EventDecoder(), into: &out)
        let letters = out.items.compactMap { if case .deadLetter(let d) = $0 { d } else { nil } }
        #expect(letters.map(\.code) == [MessageKeyCheck.code, ImplausibleTimeCheck.code])
        #expect(letters.map(\.value) == [bytes, bytes])
        #expect(input.engine.latestAcceptedDay == nil)
    }

    /// A restored task continues at its snapshot's position; messages below it that librdkafka
    /// still hands out (prefetched before the seek) are already in the state and change nothing.
    @Test func messagesBelowThePositionAreSkippedNotAppliedAgain() {
        let input = task()
        var out = TaskOutput()
        let events = Fixture.longWaitEvents()
        for (i, bytes) in events.enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &out)
        }
        let before = (input.engine.snapshotBytes(), out.events, out.duplicates, input.nextOffset)
        var again = TaskOutput()
        for (i, bytes) in events.enumerated() {
            input.process(offset: Int64(i), key: nil, value: bytes, decoder: EventDecoder(), into: &again)
        }
        #expect(again.items.isEmpty)
        #expect(again.events == 0 && again.duplicates == 0 && again.lateEvents == 0)
        #expect(again.alreadyApplied == events.count)
        #expect(input.engine.snapshotBytes() == before.0)
        #expect(input.nextOffset == before.3)
        // The next offset is processed as usual.
        var next = TaskOutput()
        input.process(offset: Int64(events.count), key: nil, value: Array("{not json".utf8), decoder: EventDecoder(), into: &next)
        #expect(next.events == 1 && next.alreadyApplied == 0)
    }

    @Test func skippedOffsetsAreReportedAsUnread() {
        let input = task()
        var out = TaskOutput()
        input.process(offset: 5, key: nil, value: Array("x".utf8), decoder: EventDecoder(), into: &out)
        input.process(offset: 6, key: nil, value: Array("x".utf8), decoder: EventDecoder(), into: &out)
        input.process(offset: 9, key: nil, value: Array("x".utf8), decoder: EventDecoder(), into: &out)
        #expect(out.unread == [0..<5, 7..<9])
    }

    @Test func aFinishedTaskIgnoresWhatComesAfterAndDeadLettersWhatIsHeld() {
        let input = task()
        var out = TaskOutput()
        var b = EventBuilder()
        // An attendance for a referral never received: held, then dead-lettered at the end.
        let held = EventEncoder().encode(b.on(.appointmentAttended, "R9", day: Fixture.day))
        input.process(offset: 0, key: Array("RAJ/SALT".utf8), value: held, decoder: EventDecoder(), into: &out)
        #expect(!out.items.contains { if case .deadLetter = $0 { true } else { false } })
        out.clear()
        input.finish(lastCensusDay: Fixture.day, into: &out)
        let letters = out.items.compactMap { if case .deadLetter(let d) = $0 { d } else { nil } }
        #expect(letters.count == 1)
        #expect(letters.first?.value == held)
        #expect(letters.first?.key == Array("RAJ/SALT".utf8))
        #expect(input.finished)
        out.clear()
        input.process(offset: 1, key: nil, value: held, decoder: EventDecoder(), into: &out)
        #expect(out.isEmpty)
    }
}
