import PropertyBased
import Testing
import WaitwatchTesting
@testable import WaitwatchCore

/// The queue of values waiting for their day: taken by day then arrival, whatever the mix of
/// in-order and out-of-order arrivals, and a queue rebuilt from ``DayQueue/inTakingOrder``
/// continues exactly as the original.
@Suite struct DayQueueTests {
    /// A value with a day and its arrival number (to check the order within a day).
    struct Item: DayDated, Sendable, Equatable {
        var day: Int32
        var arrival: Int
    }

    @Test func valuesComeOutByDayThenArrivalAndARebuiltQueueContinuesTheSame() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(seed: seed)
            var queue = DayQueue<Item>()
            var reference: [Item] = []  // what waits, in arrival order
            var arrivals = 0
            var today: Int32 = 0
            var rebuiltOnce = false
            for _ in 0..<300 {
                // Mostly in day order (as a key's events), sometimes earlier (as another partition's).
                for _ in 0..<Int.random(in: 0...6, using: &rng) {
                    let ahead = Bool.random(using: &rng) ? Int32.random(in: 0...3, using: &rng) : Int32.random(in: 0...40, using: &rng)
                    let item = Item(day: today + 1 + ahead, arrival: arrivals)
                    arrivals += 1
                    queue.insert(item)
                    reference.append(item)
                }
                #expect(queue.count == reference.count)
                if !rebuiltOnce, Int.random(in: 0..<40, using: &rng) == 0 {
                    queue = DayQueue(queue.inTakingOrder)
                    rebuiltOnce = true
                }
                today += Int32.random(in: 0...2, using: &rng)
                let due = reference.filter { $0.day <= today }.sorted { ($0.day, $0.arrival) < ($1.day, $1.arrival) }
                reference.removeAll { $0.day <= today }
                var taken: [Item] = []
                while let item = queue.popFirst(through: today) { taken.append(item) }
                #expect(taken == due, "seed \(seed) day \(today)")
                #expect(queue.inTakingOrder == reference.sorted { ($0.day, $0.arrival) < ($1.day, $1.arrival) })
            }
        }
    }
}
