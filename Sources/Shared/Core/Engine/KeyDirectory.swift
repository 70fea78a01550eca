/// Where a partition engine finds a (trust, service) key's state and a service's outbox with
/// integers instead of `String`-keyed dictionaries.
///
/// A service is its index in the catalogue (found by comparing the event's `service` with the
/// catalogue's few codes: the decoder hands out the catalogue's own strings, so the comparison
/// is a two-word check). A trust is interned once, when its first key is added, into a small
/// integer (``StringKeyTable``); a key is then one slot of a flat table indexed by
/// `trust × services + service`. Per event: one cheap hash of the trust's 3–9 bytes, no
/// `Hasher`, no dictionary of `String` pairs.
///
/// Trusts of events that are dead-lettered before a key exists (unknown service, `ALL`) are not
/// interned, so bad input does not grow the directory.
struct KeyDirectory: Sendable {
    /// The catalogue's codes, in catalogue order.
    private let serviceCodes: [String]
    /// Trust code → trust number.
    private var trusts = StringKeyTable<Int32>()
    /// Key index + 1 per (trust number × services + service index); 0: no key yet.
    private var keySlots: [Int32] = []
    /// Outbox slot + 1 per service index; 0: no outbox yet.
    private var outboxSlots: [Int32]

    init(catalogue: ServiceCatalogue) {
        serviceCodes = catalogue.services.map(\.code)
        outboxSlots = [Int32](repeating: 0, count: serviceCodes.count)
    }

    /// The catalogue index of `service`, or nil when the catalogue has no such code. When a
    /// code repeats, the last one wins (as ``ServiceCatalogue/subscript(code:)`` does).
    @inline(__always)
    func serviceIndex(_ service: String) -> Int? {
        var i = serviceCodes.count - 1
        while i >= 0 {
            if serviceCodes[i] == service { return i }
            i -= 1
        }
        return nil
    }

    /// The index of the key (trust, service index), or nil when none was added.
    @inline(__always)
    func key(trust: String, service: Int) -> Int? {
        guard let t = trusts[trust] else { return nil }
        let v = keySlots[Int(t) * serviceCodes.count + service]
        return v == 0 ? nil : Int(v - 1)
    }

    /// Records that key `key` is (trust, service index); returns false if it already was one.
    @discardableResult
    mutating func addKey(_ key: Int, trust: String, service: Int) -> Bool {
        let t: Int
        if let found = trusts[trust] {
            t = Int(found)
        } else {
            t = trusts.count
            trusts.set(trust, Int32(t))
            keySlots.append(contentsOf: repeatElement(0, count: serviceCodes.count))
        }
        let slot = t * serviceCodes.count + service
        guard keySlots[slot] == 0 else { return false }
        keySlots[slot] = Int32(key + 1)
        return true
    }

    /// The outbox slot of service index `service`, or nil.
    @inline(__always)
    func outbox(service: Int) -> Int? {
        let v = outboxSlots[service]
        return v == 0 ? nil : Int(v - 1)
    }

    /// Records that outbox `slot` serves service index `service`.
    mutating func setOutbox(_ slot: Int, service: Int) {
        outboxSlots[service] = Int32(slot + 1)
    }
}
