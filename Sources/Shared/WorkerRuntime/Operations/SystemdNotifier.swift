#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// systemd's service notification protocol (`sd_notify(3)`), for a unit with `Type=notify` and
/// `WatchdogSec=`: `READY=1` once the worker runs, `STATUS=` with its progress line (what
/// `systemctl status` shows), `WATCHDOG=1` from the loop while it turns, `STOPPING=1` on a
/// graceful stop.
///
/// Everything comes from the environment systemd sets (`NOTIFY_SOCKET`, `WATCHDOG_USEC`,
/// `WATCHDOG_PID`); without `NOTIFY_SOCKET` every call does nothing, so the worker behaves the
/// same under any other supervisor. A notification that cannot be sent is dropped: the protocol
/// is advisory, and a worker must not fail because its supervisor stopped listening.
package struct SystemdNotifier: Sendable {
    /// The datagram socket to notify (`@` starts an abstract name), or nil when not under systemd.
    package let socketPath: String?
    /// systemd's watchdog timeout, when it asked this process for keep-alives.
    package let watchdogTimeout: Duration?

    package init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path.flatMap { $0.hasPrefix("/") || $0.hasPrefix("@") ? $0 : nil }
        let pidMatches = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if socketPath != nil, pidMatches, let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0 {
            watchdogTimeout = .microseconds(usec)
        } else {
            watchdogTimeout = nil
        }
    }

    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) advises.
    package var watchdogInterval: Duration? { watchdogTimeout.map { $0 / 2 } }

    /// Sends `state` (newline-separated `KEY=VALUE` assignments) in one datagram.
    @discardableResult
    package func notify(_ state: String) -> Bool {
        guard let socketPath else { return false }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + path.count)
        #if canImport(Glibc)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
        let flags: Int32 = 0
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(state.utf8)
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, flags, $0, length)
                }
            }
        }
        return sent == bytes.count
    }
}
