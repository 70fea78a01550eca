import WaitwatchCore

/// Why a ``SimulationConfiguration`` cannot be simulated.
public enum SimulationConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter is out of range: its name, the value given, and what is accepted.
    case invalidValue(parameter: String, value: String, expected: String)

    /// One line for the user, naming the parameter.
    public var description: String {
        switch self {
        case let .invalidValue(parameter, value, expected):
            "simulation parameter '\(parameter)' is \(value); expected \(expected)"
        }
    }
}
