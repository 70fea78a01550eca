import Foundation
import Shared

/// The alert log: one line per alert on standard output, and appended to a file if asked.
final class AlertLog {
    private let file: FileHandle?

    /// - Parameter path: a file to append to as well, created if missing.
    init(path: String?) throws {
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

    func write(_ line: String) {
        Output.line(line)
        file?.write(Data((line + "\n").utf8))
    }
}
