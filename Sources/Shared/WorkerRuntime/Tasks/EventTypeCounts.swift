import WaitwatchCore

/// Decoded events counted by type, for the metrics: one array slot per type, so that counting
/// an event is an index, not a dictionary lookup (it happens once per event).
package struct EventTypeCounts: Sendable, Equatable {
    private var counts = [Int](repeating: 0, count: EventType.allCases.count)

    package init() {}

    private static func slot(_ type: EventType) -> Int {
        switch type {
        case .referralReceived: 0
        case .appointmentBooked: 1
        case .appointmentAttended: 2
        case .appointmentCancelled: 3
        case .appointmentDNA: 4
        case .treatmentStarted: 5
        case .planIssued: 6
        case .referralClosed: 7
        }
    }

    package subscript(_ type: EventType) -> Int {
        get { counts[Self.slot(type)] }
        set { counts[Self.slot(type)] = newValue }
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
