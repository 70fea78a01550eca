import Foundation
import Synchronization
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchTesting

/// A real waitwatch executable run by a test, with its output captured to files.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL
    let name: String

    /// The folder holding the built executables (next to the test bundle).
    static var binDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    private var stdinPipe: Pipe?
    private let exit = Mutex<ContinuousClock.Instant?>(nil)

    /// When the process ended, as Foundation saw it on its own thread: unlike the moment a
    /// ``wait(timeout:)`` returns, this does not include the time a busy test run takes to
    /// resume the waiting task.
    var exitedAt: ContinuousClock.Instant? { exit.withLock { $0 } }

    /// `environment` is added to the test process's own.
    init(
        _ executable: String, _ arguments: [String], stdin: URL? = nil, pipeStdin: Bool = false, environment: [String: String] = [:]
    ) throws {
        name = "\(executable) \(arguments.first ?? "")"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        stdoutURL = dir.appendingPathComponent("stdout")
        stderrURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let exe = executable.hasPrefix("/") ? URL(fileURLWithPath: executable) : Self.binDirectory.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: exe.path) else {
            throw TestFailure("\(exe.path) is not built: run `swift build` before `swift test`")
        }
        process.executableURL = exe
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        if pipeStdin {
            let pipe = Pipe()
            process.standardInput = pipe
            stdinPipe = pipe
        }
        process.terminationHandler = { [weak self] _ in self?.exit.withLock { $0 = .now } }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits for the process to exit and returns its status; kills it after `timeout`.
    func wait(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        // Also until the termination handler ran, so that `exitedAt` is known on return.
        while process.isRunning || exitedAt == nil {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("\(name) did not finish within \(timeout); stderr:\n\(stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Waits until standard error contains `text`.
    func waitForStderr(containing text: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !stderr.contains(text) {
            if ContinuousClock.now > deadline || !process.isRunning {
                throw TestFailure("\(name) never wrote \"\(text)\"; stderr:\n\(stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Writes to the process's standard input (needs `pipeStdin`).
    func writeStdin(_ data: Data) throws {
        try stdinPipe?.fileHandleForWriting.write(contentsOf: data)
    }

    /// Closes the process's standard input (end of file).
    func closeStdin() throws {
        try stdinPipe?.fileHandleForWriting.close()
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }
}
