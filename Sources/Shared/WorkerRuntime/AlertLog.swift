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

    package func write(_ line: String) {
        Output.line(line)
        file?.write(Data((line + "\n").utf8))
    }
}
