/// Why bytes could not be read as an ``AllContribution``.
public enum ContributionDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The version byte is not one this build reads.
    case unsupportedVersion(UInt8)
    /// The bytes end in the middle of a value.
    case truncated
    /// A value is out of range (named).
    case invalid(String)
    /// Bytes remain after the contribution.
    case trailingBytes(Int)

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .unsupportedVersion(let v): "contribution: unsupported version \(v) (this build reads \(AllContribution.currentVersion))"
        case .truncated: "contribution: truncated"
        case .invalid(let what): "contribution: invalid \(what)"
        case .trailingBytes(let n): "contribution: \(n) trailing bytes"
        }
    }
}
