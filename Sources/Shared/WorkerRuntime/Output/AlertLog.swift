import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// The alert log: one line per alert on standard output, and appended to a file if asked.
package final class AlertLog {
    private let file: FileHandle?

    /// - Parameter path: a file to append to as well, created if missing.
    package init(path: String?) throws {
        guard let path else {
            file = nil
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw WorkerError("cannot create the alert log \(path)")
            }
        }
        // O_APPEND: every line lands at the current end, also after logrotate's copytruncate.
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw WorkerError("cannot write the alert log \(path)") }
        file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    deinit { try? file?.close() }

    /// Still writing to standard output (false once it was found closed).
    private var toStandardOutput = true
    /// Still appending to the file (false after a failed write).
    private var toFile = true

    /// Writes `line` to standard output and the file. A standard output that is closed or
    /// whose reader has gone (`run | head -1`) is given up with one warning on standard
    /// error; the worker keeps processing, and the file (if any) keeps every line.
    package func write(_ line: String) {
        if toStandardOutput, !Output.line(line) {
            toStandardOutput = false
            Output.error(
                "warning: standard output is closed; alert log lines are no longer written to it\(file == nil ? "" : " (they still go to the alert log file)")"
            )
        }
        if let file, toFile, !StandardStreams.write(Array((line + "\n").utf8), to: file.fileDescriptor) {
            toFile = false
            Output.error("warning: cannot append to the alert log file; alert log lines are no longer written to it")
        }
    }
}
