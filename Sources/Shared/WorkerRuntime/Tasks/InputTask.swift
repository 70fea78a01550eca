import WaitwatchCore
import WaitwatchConfig

/// The task of one input partition (Kafka Streams: a `StreamTask`): its ``PartitionEngine``,
/// the alert rules over its trusts' records, the original bytes of held events, its read
/// position and its snapshot progress. It *returns* what it produces in a ``TaskOutput``; it
/// never publishes. A class, so that the engine is mutated in place (a struct taken out of a
/// dictionary would copy the whole engine state on write).
package final class InputTask {
    package let partition: Int32
    package var engine: PartitionEngine
    /// Alert rules over this partition's trust records.
    package var alerts: AlertEvaluator
    /// The offset of the next message to read; nil before the first message.
    package var nextOffset: Int64?
    /// True while the partition has been read to its current end.
    package var atEnd = false
    /// Original key and bytes of events the engine holds (for their dead letter, if it comes).
    package var heldMessages: [UInt64: (key: [UInt8]?, value: [UInt8])] = [:]
    /// `--until-end`: an end-of-input marker has been sent since the last assignment.
    package var endMarkerSent = false
    /// `--until-end`: advanced through the last census day and finished.
    package var finished = false
    /// `--until-end`: taken over at its end from an owner that had finished it (no state here).
    package var takenOverAtEnd = false
    package var snapshot = SnapshotProgress()
    private var deadLetterBuffer: [DeadLetter] = []
    private var messagesRead = 0

    package init(partition: Int32, configuration: EngineConfiguration, alerts: AlertConfiguration) {
        self.partition = partition
        engine = PartitionEngine(partition: Int(partition), configuration: configuration)
        self.alerts = AlertEvaluator(configuration: alerts, catalogue: configuration.catalogue)
    }

    /// Processes the message at `offset` of this partition: decodes it, feeds the engine, and
    /// returns its dead letters, the records of the days it completes (with their alerts) and
    /// the contribution it cuts. Ignored once ``finished`` (it belongs to the next run).
    ///
    /// An event whose message key is not its `{trust}/{service}`, or whose time is implausible
    /// for the message's timestamp (`implausibleTime`), is dead-lettered.
    package func process(
        offset: Int64, key: [UInt8]?, value: [UInt8]?, timestampMilliseconds: Int64? = nil, decoder: EventDecoder,
        implausibleTime: ImplausibleTimeCheck = ImplausibleTimeCheck(), into out: inout TaskOutput
    ) {
        func withOptional<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
            guard let bytes else { return body(nil) }
            return bytes.withUnsafeBytes { body($0) }
        }
        withOptional(key) { key in
            withOptional(value) { value in
                process(
                    offset: offset, borrowedKey: key, borrowedValue: value, timestampMilliseconds: timestampMilliseconds,
                    decoder: decoder, implausibleTime: implausibleTime, into: &out)
            }
        }
    }

    /// ``process(offset:key:value:timestampMilliseconds:decoder:implausibleTime:into:)`` with the
    /// key and value read in place (a consumed message's memory, valid for this call only): the
    /// event is decoded from them directly, and they are copied only for what outlives the call
    /// (a dead letter, or an event the engine holds).
    package func process(
        offset: Int64, borrowedKey key: UnsafeRawBufferPointer?, borrowedValue value: UnsafeRawBufferPointer?,
        timestampMilliseconds: Int64? = nil, decoder: EventDecoder, implausibleTime: ImplausibleTimeCheck = ImplausibleTimeCheck(),
        into out: inout TaskOutput
    ) {
        guard !finished else { return }
        // The state already covers every offset before `nextOffset`: a lower one is a message
        // fetched before this task's partition was sought to where its restored state continues
        // (librdkafka may still hand out what it prefetched from the assignment's start offset).
        // Processing it again would apply it twice: as a duplicate, or as a late event once its
        // eventId is past the deduplication horizon.
        if let next = nextOffset, offset < next {
            out.alreadyApplied += 1
            return
        }
        let gap = offset - (nextOffset ?? 0)
        if gap > 0 { out.unread.append((nextOffset ?? 0)..<offset) }
        nextOffset = offset + 1
        atEnd = false
        snapshot.changes += 1
        messagesRead += 1
        out.events += 1
        guard let value else {
            out.items.append(
                .deadLetter(
                    DeadLetterOutput(
                        key: key.map { Array($0) }, value: [], reason: "empty message (no value)", code: "empty",
                        sourcePartition: partition,
                        sourceOffset: offset)))
            return
        }
        switch decoder.decode(value) {
        case .failure(let rejection):
            out.items.append(
                .deadLetter(
                    DeadLetterOutput(
                        key: key.map { Array($0) }, value: Array(value), reason: rejection.reason, code: "invalid",
                        sourcePartition: partition, sourceOffset: offset)
                ))
        case .success(let event):
            out.eventTypes[event.type] += 1
            if let key, let reason = MessageKeyCheck.reason(rawKey: key, event: event) {
                return out.items.append(
                    .deadLetter(
                        DeadLetterOutput(
                            key: Array(key), value: Array(value), reason: reason, code: MessageKeyCheck.code, sourcePartition: partition,
                            sourceOffset: offset)))
            }
            if let reason = implausibleTime.reason(occurredAt: event.occurredAt, messageTimestampMilliseconds: timestampMilliseconds) {
                return out.items.append(
                    .deadLetter(
                        DeadLetterOutput(
                            key: key.map { Array($0) }, value: Array(value), reason: reason, code: ImplausibleTimeCheck.code,
                            sourcePartition: partition, sourceOffset: offset)))
            }
            deadLetterBuffer.removeAll(keepingCapacity: true)
            switch engine.ingest(event, token: UInt64(offset), deadLetters: &deadLetterBuffer) {
            case .held: heldMessages[UInt64(offset)] = (key.map { Array($0) }, Array(value))
            case .duplicate: out.duplicates += 1
            case .accepted(let late): if late { out.lateEvents += 1 }
            case .deadLettered: break
            }
            for d in deadLetterBuffer {
                let original: (key: [UInt8]?, value: [UInt8])? =
                    d.token == UInt64(offset) ? (key.map { Array($0) }, Array(value)) : heldMessages.removeValue(forKey: d.token)
                out.items.append(
                    .deadLetter(
                        DeadLetterOutput(
                            key: original?.key ?? Array(event.key.utf8), value: original?.value ?? EventEncoder().encode(event),
                            reason: d.reason.description, code: d.reason.code, sourcePartition: partition, sourceOffset: Int64(d.token))))
            }
            if !heldMessages.isEmpty, messagesRead % 10_000 == 0, engine.heldEventCount == 0 {
                heldMessages.removeAll()
            }
            if let advance = engine.advanceToWatermark() { add(advance, to: &out) }
        }
    }

    /// Publishes every day through `day` (`--live` wall clock, `--until-end` last census day).
    package func advance(through day: CivilDay, into out: inout TaskOutput) {
        add(engine.advance(through: day), to: &out)
    }

    /// `--until-end`: dead-letters what is still held (its referral never came) and, if there is
    /// a last census day, publishes through it; then the task is ``finished``.
    package func finish(lastCensusDay: CivilDay?, into out: inout TaskOutput) {
        guard !finished else { return }
        deadLetterBuffer.removeAll(keepingCapacity: true)
        engine.finish(deadLetters: &deadLetterBuffer)
        for d in deadLetterBuffer {
            let original = heldMessages.removeValue(forKey: d.token)
            out.items.append(
                .deadLetter(
                    DeadLetterOutput(
                        key: original?.key, value: original?.value ?? [], reason: d.reason.description, code: d.reason.code,
                        sourcePartition: partition, sourceOffset: Int64(d.token))))
        }
        if let lastCensusDay { advance(through: lastCensusDay, into: &out) }
        finished = true
        // The cut through the last census day depends on every partition's end, so a replay of
        // this partition alone would not redo it: the next run must continue from this state
        // (its numbering included), even when the partition read nothing new.
        snapshot.requested = true
    }

    private func add(_ advance: PartitionAdvance, to out: inout TaskOutput) {
        for record in advance.records { out.record(record, national: false, alerts: &alerts) }
        if let contribution = advance.contribution { out.items.append(.contribution(contribution)) }
    }
}
