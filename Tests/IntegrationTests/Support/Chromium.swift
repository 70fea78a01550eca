import Foundation

/// Debian's `chromium` run headless by a test (installed by scripts/ensure-deps), with a fresh
/// profile, background services off, a proxy that points nowhere (nothing the page asks for
/// could be fetched) and a network log of every request the browser made.
struct Chromium {
    let executable: URL
    let work: URL

    /// Finds `chromium` on the PATH; a test that needs it fails (never skips) when it is missing.
    init() throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard let dir = (path + ["/usr/bin"]).first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/chromium") }) else {
            throw TestFailure("chromium is not installed: run scripts/ensure-deps (it installs Debian's chromium)")
        }
        executable = URL(fileURLWithPath: "\(dir)/chromium")
        work = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    /// Runs chromium on `page` with `arguments`; returns its standard output and the URLs of the
    /// network log.
    func run(_ page: URL, _ arguments: [String], name: String) async throws -> (stdout: String, requestedURLs: [String]) {
        let process = Process()
        process.executableURL = executable
        let netLog = work.appendingPathComponent("\(name)-net.json")
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-pings", "--disable-default-apps", "--hide-scrollbars",
                "--user-data-dir=\(work.appendingPathComponent("profile-\(name)").path)",
                "--proxy-server=http://127.0.0.1:9", "--log-net-log=\(netLog.path)",
            ] + arguments + [page.absoluteString]
        let out = work.appendingPathComponent("\(name).stdout")
        let err = work.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw TestFailure("chromium \(name) did not finish in 120 s")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "chromium \(name) exited \(process.terminationStatus): \((try? String(contentsOf: err, encoding: .utf8))?.suffix(1500) ?? "")"
            )
        }
        let log = (try? String(contentsOf: netLog, encoding: .utf8)) ?? ""
        var urls: [String] = []
        var rest = Substring(log)
        while let r = rest.range(of: "\"url\":\"") {
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            urls.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return (try String(contentsOf: out, encoding: .utf8), urls)
    }

    /// Whether a URL is one of the browser's own background services (updates, accounts, time),
    /// which headless chromium contacts whatever page it opens.
    static func isBrowserService(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host else { return false }
        return ["google.com", "googleapis.com", "gstatic.com", "gvt1.com", "googleusercontent.com"].contains {
            host == $0 || host.hasSuffix("." + $0)
        }
    }
}
