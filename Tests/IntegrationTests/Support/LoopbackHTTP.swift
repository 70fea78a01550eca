import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Plain HTTP on the loopback interface for the operations tests: a free port, and GETs.
enum LoopbackHTTP {
    /// A TCP port free on 127.0.0.1 now (bound to port 0, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// GETs `url`; the status and the body as text (nil when nothing answers).
    static func get(_ url: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: url) else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else {
            return nil
        }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Polls `check` every 250 ms until it returns a value, or until `timeout` has passed *and* it
    /// has been asked at least `minimumChecks` times. The second condition matters on a loaded
    /// two-core machine: when the suites beside this one keep the test process's threads busy,
    /// the clock can pass the deadline before the server was asked more than once or twice, and
    /// "timed out" would then say nothing about the server.
    static func eventually<T>(
        timeout: Duration, minimumChecks: Int = 20, _ what: String, _ check: () async throws -> T?
    ) async throws -> T {
        let start = ContinuousClock.now
        var checks = 0
        while ContinuousClock.now < start + timeout || checks < minimumChecks {
            checks += 1
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestFailure("timed out waiting for \(what) (\(checks) checks in \(ContinuousClock.now - start))")
    }
}
