import WaitwatchCore
/// Bounds on what a configuration file may hold, so that a wrong or hostile file fails at
/// once with one line instead of taking minutes or memory to read. Real files are a few
/// kilobytes; every bound is far above any sensible configuration.
public enum ConfigurationLimits {
    /// The largest configuration file or text: 1 MiB.
    public static let maximumBytes = 1 << 20
    /// The longest text value (a service name, a topic name, a duration…), in UTF-8 bytes.
    public static let maximumStringBytes = 1_024
    /// The longest service name, in characters.
    public static let maximumServiceNameCharacters = 200
    /// The most entries of any one mapping or list (so at most 1,000 services).
    public static let maximumEntries = 1_000
}
