import WaitwatchCore

/// The keys of one YAML mapping in a configuration file, consumed one by one.
///
/// Decoding code calls ``take(_:)`` (or ``require(_:)``) for every key it knows, then
/// ``finish()``, which fails on the first key nobody asked for, naming it and listing the
/// keys that were asked for. So supporting a new key is one more `take` call, and a typo
/// never passes silently.
struct ConfigurationMapping {
    /// The mapping node itself.
    let node: ConfigurationNode
    /// Keys and values in document order.
    private let pairs: [(key: String, value: ConfigurationNode)]
    /// Keys asked for so far, in order (the "known keys" of error messages).
    private var known: [String] = []

    init(node: ConfigurationNode, pairs: [(key: String, value: ConfigurationNode)]) {
        self.node = node
        self.pairs = pairs
    }

    /// The value of `key`, or nil when the key is absent or null (keep the default).
    mutating func take(_ key: String) -> ConfigurationNode? {
        known.append(key)
        guard let value = pairs.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// The value of `key`, which must be present and not null.
    mutating func require(_ key: String) throws(ConfigurationError) -> ConfigurationNode {
        guard let value = take(key) else { throw node.failure("missing required key \"\(key)\"") }
        return value
    }

    /// Fails on the first key in the mapping that was never asked for.
    func finish() throws(ConfigurationError) {
        if let unknown = pairs.first(where: { !known.contains($0.key) }) {
            // A key is shown whole only when short: the message stays one line.
            let key = unknown.key.unicodeScalars.count > 64 ? String(unknown.key.unicodeScalars.prefix(64)) + "…" : unknown.key
            throw .unknownKey(source: node.source, keyPath: node.childPath(key), known: known)
        }
    }
}
