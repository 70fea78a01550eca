import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// The `feeds:` section of the configuration: code map and patient-reference key source.
@Suite struct FeedConfigurationTests: ConfigurationErrorChecking {
    @Test func readsTheCodeMapAndTheKeySource() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                feeds:
                  codeMap:
                    "724179005": CAMHS
                    SLT: SALT
                  patientRefKey:
                    env: WW_KEY
                """)
        #expect(c.feeds.codeMap == ["724179005": "CAMHS", "SLT": "SALT"])
        #expect(c.feeds.patientRefKey == .environment("WW_KEY"))
        #expect(try WaitwatchConfiguration(yaml: "feeds:\n  patientRefKey: { file: /run/key }").feeds.patientRefKey == .file("/run/key"))
        #expect(WaitwatchConfiguration().feeds == FeedConfiguration())
    }

    @Test func mistakesAreOneLineNamingTheKey() {
        #expect(error("feeds:\n  codeMap:\n    SLT: SPEECH\n")?.contains("feeds.codeMap.SLT") == true)
        #expect(error("feeds:\n  patientRefKey: { env: A, file: B }\n")?.contains("exactly one of env") == true)
        #expect(error("feeds:\n  patientRefKey: { key: abc }\n")?.contains("feeds.patientRefKey.key") == true)
        #expect(error("feeds:\n  codemap: {}\n")?.contains("feeds.codemap") == true)
    }

    @Test func theKeyComesFromTheEnvironmentOrAFileNeverFromTheConfiguration() throws {
        let env = FeedConfiguration(patientRefKey: .environment("WW_KEY"))
        #expect(try env.resolveKey(environment: ["WW_KEY": "0123456789abcdef"], source: "c") == Array("0123456789abcdef".utf8))
        #expect(throws: ConfigurationError.self) { try env.resolveKey(environment: [:], source: "c") }
        #expect(throws: ConfigurationError.self) { try env.resolveKey(environment: ["WW_KEY": "short"], source: "c") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ww-key-\(UUID().uuidString)")
        try Data("a-secret-key-of-enough-length\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(
            try FeedConfiguration(patientRefKey: .file(url.path)).resolveKey(environment: [:], source: "c")
                == Array("a-secret-key-of-enough-length".utf8))
        #expect(throws: ConfigurationError.self) {
            try FeedConfiguration(patientRefKey: .file("/nonexistent/key")).resolveKey(environment: [:], source: "c")
        }
        do {
            _ = try env.resolveKey(environment: ["WW_KEY": "tiny-key"], source: "c")
        } catch {
            #expect(!error.description.contains("tiny-key"), "the key is never shown")
        }
        #expect(try FeedConfiguration().resolveKey(environment: ["WW_KEY": "0123456789abcdef"], source: "c") == nil)
    }
}
