#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import WaitwatchKafka
#endif

/// Reads a file (or standard input) line by line, fast, handing each line's bytes to a closure.
///
/// Lines end at `\n`; a trailing `\r` is removed. The bytes passed to the closure are only
/// valid during the call.
public final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// The path read (`-` for standard input), for messages.
    public let path: String

    /// Opens `path` (or standard input for `-`).
    ///
    /// - Throws: ``FileError`` with the system's reason when the file cannot be opened.
    public init(path: String) throws(FileError) {
        self.path = path
        if path == "-" {
            guard let f = fdopen(0, "rb") else {
                throw FileError(path: "standard input", reason: String(cString: strerror(errno)))
            }
            file = f
            ownsFile = true
        } else {
            guard let f = fopen(path, "rb") else {
                throw FileError(path: path, reason: String(cString: strerror(errno)))
            }
            file = f
            ownsFile = true
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// Calls `body` with each line (1-based number, bytes without the line end) until the end
    /// of the file or until `body` returns false.
    ///
    /// - Throws: ``FileError`` if reading fails part way.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer) throws -> Bool) throws {
        var number = 0
        while true {
            let n = getline(&buffer, &capacity, file)
            if n < 0 {
                if ferror(file) != 0 { throw FileError(path: path, reason: String(cString: strerror(errno))) }
                return
            }
            number += 1
            guard let buffer else { continue }
            var len = n
            if len > 0 && buffer[len - 1] == 0x0A { len -= 1 }
            if len > 0 && buffer[len - 1] == 0x0D { len -= 1 }
            if try !body(number, UnsafeRawBufferPointer(start: buffer, count: len)) { return }
        }
    }
}

/// A file that could not be opened or read.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "cannot read \(path): \(reason)" }
}
