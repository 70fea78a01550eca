import Foundation
import Testing
import WaitwatchTesting
import WaitwatchWorkerRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The worker under systemd's `Type=notify` and `WatchdogSec=`: a real worker, on the embedded
/// cluster, told where to notify by `NOTIFY_SOCKET` as systemd does, and a datagram socket in
/// the test's place of systemd.
@Suite struct SystemdNotifyTests {
    /// A bound `AF_UNIX` datagram socket that collects what is sent to it.
    final class NotifySocket {
        let path: String
        private let descriptor: Int32

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw TestFailure("bind \(path): \(errno)") }
        }

        deinit {
            close(descriptor)
            unlink(path)
        }

        /// The datagrams received so far (without waiting).
        func receive() -> [String] {
            var messages: [String] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return messages }
                messages.append(String(decoding: buffer[..<n], as: UTF8.self))
            }
        }
    }

    @Test func aWorkerSaysReadyKeepsTheWatchdogFedReportsItsStatusAndSaysStopping() async throws {
        let cluster = try TestCluster(brokers: 1, partitions: 2)
        let send = try ChildProcess(
            "waitwatch-producer", ["send", "--brokers", cluster.brokers, try FixtureEvents.url("events.ndjson").path])
        #expect(try await send.wait() == 0, "\(send.stderr)")
        let socket = try NotifySocket()
        let worker = try ChildProcess(
            "waitwatch-worker", ["run", "--brokers", cluster.brokers, "--live"],
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        var received: [String] = []
        let deadline = ContinuousClock.now + .seconds(120)
        // Ready, then at least three keep-alives (every 0.5 s for a 1 s watchdog) and a status
        // with the progress line (every 10 s).
        while ContinuousClock.now < deadline,
            !(received.contains { $0.hasPrefix("READY=1") } && received.filter { $0 == "WATCHDOG=1" }.count >= 3
                && received.contains { $0.hasPrefix("STATUS=worker: ") })
        {
            try await Task.sleep(for: .milliseconds(100))
            received += socket.receive()
            #expect(worker.process.isRunning, "\(worker.stderr.suffix(2000))")
        }
        let ready = try #require(received.firstIndex { $0.hasPrefix("READY=1") }, "\(received)")
        #expect(received[ready].contains("STATUS=joining the consumer group waitwatch"), "\(received[ready])")
        #expect(received.filter { $0 == "WATCHDOG=1" }.count >= 3, "\(received)")
        #expect(received.contains { $0.hasPrefix("STATUS=worker: ") && $0.contains("events read") }, "\(received)")

        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "\(worker.stderr.suffix(2000))")
        received += socket.receive()
        #expect(received.last?.hasPrefix("STOPPING=1") == true, "\(received.suffix(3))")
    }

    /// Without `NOTIFY_SOCKET` nothing is sent, and a `WATCHDOG_PID` of another process turns the
    /// keep-alives off (systemd meant them for that process).
    @Test func theEnvironmentDecidesWhatIsSent() {
        #expect(SystemdNotifier(environment: [:]).socketPath == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]).socketPath == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@abstract", "WATCHDOG_USEC": "30000000"]).watchdogInterval == .seconds(15))
        #expect(
            SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]).watchdogTimeout
                == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"]).watchdogTimeout == nil)
        #expect(!SystemdNotifier(environment: [:]).notify("READY=1"))
    }
}
