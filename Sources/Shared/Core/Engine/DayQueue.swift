import HeapModule

/// A value that waits for a London day (days since 1970-01-01).
protocol DayDated {
    var day: Int32 { get }
}

extension StatisticsEffect: DayDated {}
extension TrustActivity: DayDated {}

/// Values waiting for their day, taken by day and, within a day, in the order they were
/// inserted. Values that arrive in day order (a key's events, mostly) go to a list taken from its
/// front; the others (the national states receive every partition's effects, each partition at
/// its own pace) to a binary heap (swift-collections' `Heap`) keyed by (day, insertion number).
/// Taking a day's values costs O(k log n) at worst for the k taken, where a list scanned whole
/// every day cost O(n): the national states hold the effects of every partition ahead of the
/// slowest, many days' worth during a replay, and advance one day at a time.
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

    /// Entries in taking order from `head` on (days never decrease along it).
    private var inOrder: [Entry] = []
    private var head = 0
    /// Entries that arrived dated before the last of `inOrder`.
    private var others = Heap<Entry>()
    private var inserted: UInt64 = 0

    init() {}

    /// A queue that takes `elements` day by day, and each day's in the list's order.
    init(_ elements: [Element]) {
        for e in elements { insert(e) }
    }

    var isEmpty: Bool { head == inOrder.count && others.isEmpty }

    var count: Int { inOrder.count - head + others.count }

    mutating func insert(_ element: Element) {
        let entry = Entry(element: element, number: inserted)
        inserted += 1
        if head == inOrder.count || inOrder[inOrder.count - 1].element.day <= element.day {
            inOrder.append(entry)
        } else {
            others.insert(entry)
        }
    }

    /// Removes and returns the next value dated on or before `day`; nil when there is none.
    mutating func popFirst(through day: Int32) -> Element? {
        let fromList = head < inOrder.count && inOrder[head].element.day <= day
        if let m = others.min, m.element.day <= day, !fromList || m < inOrder[head] {
            return others.removeMin().element
        }
        guard fromList else { return nil }
        let element = inOrder[head].element
        head += 1
        if head == inOrder.count {
            inOrder.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= inOrder.count {
            inOrder.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Every value, in no particular order.
    var unordered: [Element] { inOrder[head...].map(\.element) + others.unordered.map(\.element) }

    /// Every value, in the order they will be taken.
    var inTakingOrder: [Element] { (Array(inOrder[head...]) + others.unordered).sorted().map(\.element) }
}
