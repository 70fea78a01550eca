import Foundation
import WaitwatchKafka

/// Unbuffered writes to the standard streams, for lines other processes wait for
/// (the bootstrap list of `dev-cluster`, summaries) and for progress and errors.
///
/// A closed stream or a pipe whose reader has gone never crashes the program: the line is
/// dropped and the call returns false (see ``StandardStreams``).
public enum Output {
    /// Writes `line` and a newline to standard output at once (no buffering).
    ///
    /// - Returns: false when standard output could not take it (closed, or its reader gone).
    @discardableResult
    public static func line(_ line: String) -> Bool {
        StandardStreams.write(Array((line + "\n").utf8), to: 1)
    }

    /// Writes `line` and a newline to standard error at once.
    ///
    /// - Returns: false when standard error could not take it.
    @discardableResult
    public static func error(_ line: String) -> Bool {
        StandardStreams.write(Array((line + "\n").utf8), to: 2)
    }
}
