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
        guard let handle = FileHandle(forWritingAtPath: path) else { throw WorkerError("cannot write the alert log \(path)") }
        handle.seekToEndOfFile()
        file = handle
    }

    deinit { try? file?.close() }

    package func write(_ line: String) {
        Output.line(line)
        file?.write(Data((line + "\n").utf8))
    }
}
