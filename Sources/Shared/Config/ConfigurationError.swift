import WaitwatchCore

/// Why a configuration file cannot be used. Every case names the file (as given by the
/// user); ``description`` is one line naming the key path and what is wrong, e.g.
/// `config.yaml: services[2].targetWeeks: must be a positive whole number, got "ten"`.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be read (missing, a directory, no permission).
    case unreadable(source: String, reason: String)
    /// The text is not well-formed YAML (or not UTF-8). `line` and `column` are 1-based;
    /// 0 when unknown.
    case invalidYAML(source: String, line: Int, column: Int, problem: String)
    /// A key holds a value that is not allowed, or a required key is missing. `keyPath` is
    /// e.g. `services[2].targetWeeks` (`(top level)` for the document itself).
    case invalidValue(source: String, keyPath: String, problem: String)
    /// A key the configuration does not have (typos must not pass silently). `known` lists
    /// the keys allowed at that place.
    case unknownKey(source: String, keyPath: String, known: [String])

    /// One line: `file: key.path: problem`.
    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            return "\(source): cannot read the configuration file: \(reason)"
        case .invalidYAML(let source, let line, let column, let problem):
            let position = line > 0 ? "line \(line), column \(column): " : ""
            return "\(source): \(position)not valid YAML: \(problem)"
        case .invalidValue(let source, let keyPath, let problem):
            return "\(source): \(keyPath): \(problem)"
        case .unknownKey(let source, let keyPath, let known):
            return "\(source): \(keyPath): unknown key; expected one of \(known.joined(separator: ", "))"
        }
    }
}
