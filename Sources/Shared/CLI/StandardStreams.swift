#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import WaitwatchKafka
#endif

/// Writing to the standard streams without ever crashing: a closed stream or a pipe whose
/// reader has gone is a failed write, reported by a `false` return, never a signal or a trap.
public enum StandardStreams {
    /// Call first thing in `main`. Ignores SIGPIPE (a write to a pipe closed by its reader
    /// then fails with EPIPE instead of killing the process), and opens `/dev/null` on any of
    /// the standard descriptors 0, 1 and 2 that was closed at start (`>&-`), so that their
    /// output is dropped and no socket or file opened later takes their number (a Kafka
    /// connection on descriptor 1 would otherwise receive the program's output).
    public static func prepare() {
        _ = signal(SIGPIPE, SIG_IGN)
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDWR)
            guard null >= 0 else { continue }
            if null != descriptor {
                _ = dup2(null, descriptor)
                _ = close(null)
            }
        }
    }

    /// Writes all of `bytes` to `descriptor`, retrying after interruptions and short writes.
    ///
    /// - Returns: false when the stream cannot take them (EPIPE: the reader has gone; EBADF:
    ///   closed; or any other error): the caller decides whether that matters.
    @discardableResult
    public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
