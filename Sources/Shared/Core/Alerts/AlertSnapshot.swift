/// Everything an ``AlertEvaluator`` remembers, as a value to persist and restore: for each
/// (trust, service) the last day evaluated, the rules firing and since when, and the
/// waiting-list lengths of the last `W + 1` days. Small: a few dozen integers per key.
///
/// Take it with ``AlertEvaluator/snapshot``, store it (e.g. `JSONEncoder` with
/// `.sortedKeys`, which makes equal snapshots byte-identical), and give it back with
/// ``AlertEvaluator/init(configuration:catalogue:restoring:)``. Keys are in (trust, service)
/// order, so equal evaluator states give equal snapshots. Decoding rejects a snapshot of
/// another ``version``. Thread-safety: a plain value.
public struct AlertSnapshot: Sendable, Hashable, Codable {
    /// The format version written by this build.
    public static let currentVersion = 1

    /// The format version of this snapshot.
    public let version: Int
    /// The per-key states, sorted by trust then service.
    let keys: [AlertKeyState]

    /// A snapshot of these key states (sorted here).
    init(keys: some Sequence<AlertKeyState>) {
        version = Self.currentVersion
        self.keys = keys.sorted { ($0.trust, $0.service) < ($1.trust, $1.service) }
    }

    /// An empty snapshot: an evaluator that has seen nothing.
    public init() {
        self.init(keys: [])
    }

    /// How many (trust, service) keys it holds.
    public var keyCount: Int { keys.count }

    /// The `alertId`s of the alerts firing in this state, sorted.
    public var firingAlertIds: [String] {
        keys.flatMap { key in
            key.firing.map { Alert.id(rule: $0.key, trust: key.trust, service: key.service, firedOn: $0.value) }
        }.sorted()
    }

    private enum CodingKeys: String, CodingKey {
        case version, keys
    }

    /// Decodes a snapshot; fails on a version other than ``currentVersion``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Self.currentVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription: "alert snapshot version \(version) is not supported (expected \(Self.currentVersion))")
        }
        self.version = version
        keys = try c.decode([AlertKeyState].self, forKey: .keys)
    }

    /// Encodes the snapshot (version first, then the keys in order).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(keys, forKey: .keys)
    }
}
