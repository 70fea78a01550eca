import PropertyBased
import Testing
import WaitwatchTesting
@testable import WaitwatchCore

/// A service outbox's activity: each key updates its own latest entry instead of appending one
/// per event, and what a section sends is the same as coalescing every event's activity.
@Suite struct ServiceOutboxActivityTests {
    @Test func aSectionsActivityIsEveryEventsActivityCoalesced() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(seed: seed)
            var outbox = ServiceOutbox(service: "SALT")
            let trusts = ["RAJ", "RXA", "R1H", "RBS", "RGT"]
            // One entry per key, as each KeyState keeps; a key that joins later starts with none.
            var entries = Array(repeating: ServiceOutbox.ActivityEntry(), count: trusts.count)
            var keyDays = Array(repeating: Int32(100), count: trusts.count)
            var sent: [TrustActivity] = []  // every event's activity since the last section
            for _ in 0..<40 {
                for _ in 0..<Int.random(in: 0...30, using: &rng) {
                    let k = Int.random(in: 0..<trusts.count, using: &rng)
                    // Mostly the key's current day, sometimes the next, now and then an earlier one (late).
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0: keyDays[k] += 1
                    default: break
                    }
                    let day = Int.random(in: 0..<12, using: &rng) == 0 ? keyDays[k] - Int32.random(in: 1...3, using: &rng) : keyDays[k]
                    let a = TrustActivity(trust: trusts[k], day: day, at: Int64.random(in: 0...1_000_000, using: &rng))
                    outbox.noteActivity(a, entry: &entries[k])
                    sent.append(a)
                }
                #expect(outbox.activity.count <= sent.count)
                let section = outbox.takeSection()
                #expect(section.activity == TrustActivity.coalesce(sent), "seed \(seed)")
                #expect(outbox.activity.isEmpty)
                sent.removeAll()
            }
        }
    }

    @Test func eventsOfOneKeyOnOneDayKeepOneEntryWhateverTheOtherKeysDo() {
        var outbox = ServiceOutbox(service: "SALT")
        var raj = ServiceOutbox.ActivityEntry(), rxa = ServiceOutbox.ActivityEntry()
        for i in 0..<100 {
            outbox.noteActivity(TrustActivity(trust: "RAJ", day: 7, at: Int64(i)), entry: &raj)
            outbox.noteActivity(TrustActivity(trust: "RXA", day: 7, at: Int64(1_000 - i)), entry: &rxa)
        }
        #expect(outbox.activity.count == 2)
        #expect(
            outbox.takeSection().activity == [TrustActivity(trust: "RAJ", day: 7, at: 99), TrustActivity(trust: "RXA", day: 7, at: 1_000)])
        // After a section, an entry kept by a key points into the old list: a new one is started.
        outbox.noteActivity(TrustActivity(trust: "RAJ", day: 7, at: 5), entry: &raj)
        #expect(outbox.takeSection().activity == [TrustActivity(trust: "RAJ", day: 7, at: 5)])
    }
}
