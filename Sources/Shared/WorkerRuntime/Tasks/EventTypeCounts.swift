import WaitwatchCore

/// Decoded events counted by type, for the metrics: one array slot per type, so that counting
/// an event is an index, not a dictionary lookup (it happens once per event).
package struct EventTypeCounts: Sendable, Equatable {
    private var counts = [Int](repeating: 0, count: EventType.allCases.count)

    package init() {}

    package subscript(_ type: EventType) -> Int {
        get { counts[type.ordinal] }
        set { counts[type.ordinal] = newValue }
    }

    /// The types counted at least once, with their counts.
    package var nonZero: [(type: EventType, count: Int)] {
        EventType.allCases.compactMap { type in self[type] > 0 ? (type, self[type]) : nil }
    }

    /// Every count back to zero (the storage is kept).
    package mutating func reset() {
        for i in counts.indices { counts[i] = 0 }
    }
}
