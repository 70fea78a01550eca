import Yams
import WaitwatchCore

/// A YAML node of a configuration file together with its key path, for decoding by hand
/// with errors that name the exact key (`services[2].targetWeeks`).
///
/// Scalars are read by their text, whatever YAML would guess their type to be: a whole
/// number may be written `28` or `"28"`, and a string field accepts `123` as text. Only
/// `null`, `~` and empty plain scalars count as "no value".
struct ConfigurationNode {
    /// The YAML node.
    let node: Node
    /// The key path of this node, e.g. `services[2].targetWeeks`; empty for the document.
    let path: String
    /// The file name used in error messages.
    let source: String

    /// The path for messages (`(top level)` for the document).
    var displayPath: String { path.isEmpty ? "(top level)" : path }

    /// An invalid-value error at this node.
    func failure(_ problem: String) -> ConfigurationError {
        .invalidValue(source: source, keyPath: displayPath, problem: problem)
    }

    /// The path of a child key.
    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// How the value is shown after "got": strings quoted, numbers bare, collections by kind.
    var shown: String {
        switch node {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            if scalar.style == .plain, Int(scalar.string) != nil { return scalar.string }
            return EventRejection.quoted(scalar.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Whether the node is a null scalar (`null`, `~`, or nothing at all).
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The node as a mapping whose keys are read with ``ConfigurationMapping/take(_:)``.
    func mapping() throws(ConfigurationError) -> ConfigurationMapping {
        guard case .mapping(let mapping) = node else {
            throw failure("must be a mapping of keys to values, got \(shown)")
        }
        guard mapping.count <= ConfigurationLimits.maximumEntries else {
            throw failure("must have at most \(ConfigurationLimits.maximumEntries) keys, got \(mapping.count)")
        }
        var pairs: [(key: String, value: ConfigurationNode)] = []
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key else {
                throw failure("keys must be plain names, got \(ConfigurationNode(node: key, path: path, source: source).shown)")
            }
            pairs.append((keyScalar.string, ConfigurationNode(node: value, path: childPath(keyScalar.string), source: source)))
        }
        return ConfigurationMapping(node: self, pairs: pairs)
    }

    /// The node as a list of nodes with paths `path[0]`, `path[1]`, …
    func sequence() throws(ConfigurationError) -> [ConfigurationNode] {
        guard case .sequence(let sequence) = node else { throw failure("must be a list, got \(shown)") }
        guard sequence.count <= ConfigurationLimits.maximumEntries else {
            throw failure("must have at most \(ConfigurationLimits.maximumEntries) entries, got \(sequence.count)")
        }
        return sequence.enumerated().map { ConfigurationNode(node: $1, path: "\(path)[\($0)]", source: source) }
    }

    /// The text of a non-null scalar.
    func string() throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw failure("must be a text value, got \(shown)") }
        guard scalar.string.utf8.count <= ConfigurationLimits.maximumStringBytes else {
            throw failure("must be at most \(ConfigurationLimits.maximumStringBytes) bytes long, got \(scalar.string.utf8.count)")
        }
        return scalar.string
    }

    /// A whole number (optional sign, decimal digits) within `range`; `expectation` says what
    /// is wanted, e.g. `must be a whole number between 1 and 3660`.
    func integer(in range: ClosedRange<Int>, expectation: String) throws(ConfigurationError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            throw failure("\(expectation), got \(shown)")
        }
        return value
    }
}
