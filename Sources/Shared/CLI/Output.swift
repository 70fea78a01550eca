import Foundation
import WaitwatchKafka

/// Unbuffered writes to the standard streams, for lines other processes wait for
/// (the bootstrap list of `dev-cluster`, summaries) and for progress and errors.
public enum Output {
    /// Writes `line` and a newline to standard output at once (no buffering).
    public static func line(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes `line` and a newline to standard error at once.
    public static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
