/// The version of the waitwatch programs (`--version`, the start-up log line and
/// `waitwatch_build_info`).
public enum WaitwatchVersion {
    /// The release this tree builds.
    public static let current = "0.12.0"
}
