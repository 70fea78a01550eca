import WaitwatchCore

/// What a task produced from one step (a message, a day advanced, the end of input): the
/// outputs in the order they were made, and counts for the summary. Tasks *return* this; the
/// ``OutputCollector`` publishes it (Kafka Streams: a `StreamTask` hands its records to the
/// `RecordCollector`). Reused between steps: ``OutputCollector/collect(_:)`` empties it.
package struct TaskOutput {
    /// One output, in the order the task made it.
    package enum Item {
        /// A statistics record; `national` for a record of a national task (`ALL` or a roll-up);
        /// its key and JSON text are in ``TaskOutput/bytes``.
        case record(WaitStatsRecord, national: Bool, encoded: EncodedRecord)
        /// An alert transition raised by the record before it.
        case alert(Alert)
        /// A message of the input partition that cannot be used, with its original bytes.
        case deadLetter(DeadLetterOutput)
        /// A contribution to the national records, to be split by service and routed.
        case contribution(AllContribution)
    }

    package var items: [Item] = []
    /// The records' keys and JSON texts, encoded by the task's thread as the records are made,
    /// and published from here by the collector (one copy, into librdkafka).
    package var bytes: [UInt8] = []
    /// Input messages read (valid or not).
    package var events = 0
    /// Input messages read that decoded, by event type (for the metrics).
    package var eventTypes = EventTypeCounts()
    package var duplicates = 0
    /// Messages below the task's position, skipped: their effects are in the task's state already.
    package var alreadyApplied = 0
    package var lateEvents = 0
    /// Offset ranges removed by the cluster before they were read (retention).
    package var unread: [Range<Int64>] = []
    /// End-of-input markers read by a national task, with the message's timestamp.
    package var markers: [(marker: EndOfInputMarker, timestampMilliseconds: Int64?)] = []

    package init() {}

    package var isEmpty: Bool { items.isEmpty && events == 0 && unread.isEmpty && markers.isEmpty }

    /// Empties it, keeping the capacity.
    package mutating func clear() {
        items.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        events = 0
        eventTypes.reset()
        duplicates = 0
        alreadyApplied = 0
        lateEvents = 0
        unread.removeAll()
        markers.removeAll()
    }

    /// Appends a record and the alerts it raises in `alerts`.
    package mutating func record(_ record: WaitStatsRecord, national: Bool, alerts: inout AlertEvaluator) {
        self.record(record, national: national)
        for alert in alerts.evaluate(record) { items.append(.alert(alert)) }
    }

    /// Appends a record (with its key and JSON text encoded in ``bytes``), raising no alert.
    package mutating func record(_ record: WaitStatsRecord, national: Bool) {
        let keyStart = bytes.count
        record.appendKey(to: &bytes)
        let valueStart = bytes.count
        record.appendJSON(to: &bytes)
        items.append(
            .record(record, national: national, encoded: EncodedRecord(key: keyStart..<valueStart, value: valueStart..<bytes.count)))
    }
}

/// Where a record's key and JSON text are in its ``TaskOutput/bytes``.
package struct EncodedRecord: Equatable, Sendable {
    package var key: Range<Int>
    package var value: Range<Int>
}

/// A dead letter as a task returns it: the original key and bytes, the reason, and where the
/// message was on the input topic (the collector adds the topic's name as a header).
package struct DeadLetterOutput: Equatable {
    package var key: [UInt8]?
    package var value: [UInt8]
    package var reason: String
    package var code: String
    package var sourcePartition: Int32
    package var sourceOffset: Int64

    package init(key: [UInt8]?, value: [UInt8], reason: String, code: String, sourcePartition: Int32, sourceOffset: Int64) {
        self.key = key
        self.value = value
        self.reason = reason
        self.code = code
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
    }
}

extension TaskOutput.Item {
    /// The level of a record made by a task: an input task's are the trusts' own (their `trust`
    /// is not even looked at); a national task's are national or roll-ups.
    static func level(of record: WaitStatsRecord, national: Bool) -> StatisticsLevel {
        national ? record.level : .trust
    }
}
