/// A bad ``EngineConfiguration`` value.
public enum EngineConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting is outside the allowed range.
    case outOfRange(setting: String, value: String, allowed: String)
    /// The catalogue has no services.
    case emptyCatalogue

    /// A one-line message naming the setting.
    public var description: String {
        switch self {
        case let .outOfRange(setting, value, allowed):
            return "engine setting \(setting) = \(value) is out of range (allowed: \(allowed))"
        case .emptyCatalogue:
            return "engine setting catalogue has no services"
        }
    }
}
