import HeapModule

/// A value that waits for a London day (days since 1970-01-01).
protocol DayDated {
    var day: Int32 { get }
}

extension StatisticsEffect: DayDated {}
extension TrustActivity: DayDated {}

/// Values waiting for their day, taken by day and, within a day, in the order they were
/// inserted: a binary heap (swift-collections' `Heap`) keyed by (day, insertion number). Taking
/// a day's values costs O(k log n) for the k taken, where a list would be scanned whole every
/// day: the national states hold the effects of every partition that is ahead of the slowest
/// one, many days' worth during a replay, and advance one day at a time.
///
/// The order is fixed (not the heap's) because what is applied in it can shape a state's
/// layout (a histogram's first day), and a restored state must continue byte for byte as the
/// original: ``inTakingOrder`` gives the values in the order they will be taken, and a queue
/// built from that list takes them in the same order.
struct DayQueue<Element: DayDated & Sendable>: Sendable {
    private struct Entry: Comparable, Sendable {
        var element: Element
        var number: UInt64
        static func < (a: Entry, b: Entry) -> Bool {
            a.element.day != b.element.day ? a.element.day < b.element.day : a.number < b.number
        }
        static func == (a: Entry, b: Entry) -> Bool { a.element.day == b.element.day && a.number == b.number }
    }

    private var heap = Heap<Entry>()
    private var inserted: UInt64 = 0

    init() {}

    /// A queue that takes `elements` day by day, and each day's in the list's order.
    init(_ elements: [Element]) {
        heap = Heap(elements.enumerated().map { Entry(element: $0.element, number: UInt64($0.offset)) })
        inserted = UInt64(elements.count)
    }

    var isEmpty: Bool { heap.isEmpty }

    var count: Int { heap.count }

    /// The earliest day waited for, or nil when empty.
    var minDay: Int32? { heap.min?.element.day }

    mutating func insert(_ element: Element) {
        heap.insert(Entry(element: element, number: inserted))
        inserted += 1
    }

    /// Removes and returns the next value dated on or before `day`; nil when there is none.
    mutating func popFirst(through day: Int32) -> Element? {
        guard let first = heap.min, first.element.day <= day else { return nil }
        return heap.removeMin().element
    }

    /// Every value, in no particular order.
    var unordered: [Element] { heap.unordered.map(\.element) }

    /// Every value, in the order they will be taken.
    var inTakingOrder: [Element] { heap.unordered.sorted().map(\.element) }
}
