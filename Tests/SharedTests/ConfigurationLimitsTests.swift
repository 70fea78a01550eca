import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// Issue 16, defect 5: every input a configuration accepts is bounded and fails fast.
@Suite struct ConfigurationLimitsTests {
    func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-limits-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func service(name: String) -> String {
        "services:\n  - code: DIET\n    name: \(name)\n    targetWeeks: 18\n    standardPct: 92\n    clockStop: appointment.attended\n"
    }

    /// Runs `body`, expects it to throw within a second, and returns the message.
    func fastError(_ body: () throws -> Void) -> String? {
        let start = ContinuousClock.now
        defer { #expect(ContinuousClock.now - start < .seconds(1)) }
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aFileOverOneMebibyteIsRefusedBeforeReading() throws {
        let path = try temporaryFile("# " + String(repeating: "x", count: 2 << 20) + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let message = fastError { _ = try WaitwatchConfiguration.load(path: path) }
        #expect(
            message
                == "\(path): cannot read the configuration file: it is 2097155 bytes; a configuration may be at most 1048576 bytes (1 MiB)")
    }

    @Test func aTextOverOneMebibyteIsRefused() {
        let message = fastError { _ = try WaitwatchConfiguration(yaml: String(repeating: "#", count: (1 << 20) + 1), source: "c.yaml") }
        #expect(message?.hasPrefix("c.yaml: cannot read the configuration file: it is 1048577 bytes") == true)
    }

    @Test func aHundredThousandCharacterServiceNameIsRefusedAtOnce() {
        let message = fastError {
            _ = try WaitwatchConfiguration(yaml: service(name: String(repeating: "N", count: 100_000)), source: "c.yaml")
        }
        #expect(message == "c.yaml: services[0].name: must be at most 1024 bytes long, got 100000")
    }

    @Test func aServiceNameOverTwoHundredCharactersIsRefused() throws {
        #expect(throws: Never.self) { try WaitwatchConfiguration(yaml: service(name: String(repeating: "N", count: 200))) }
        let message = fastError {
            _ = try WaitwatchConfiguration(yaml: service(name: String(repeating: "N", count: 201)), source: "c.yaml")
        }
        #expect(message == "c.yaml: services[0].name: must be at most 200 characters, got 201")
    }

    @Test func tooManyServicesAreRefused() {
        var yaml = "services:\n"
        for i in 0...ConfigurationLimits.maximumEntries {
            yaml += "  - { code: S\(i), name: s, targetWeeks: 1, standardPct: 1, clockStop: plan.issued }\n"
        }
        let message = fastError { _ = try WaitwatchConfiguration(yaml: yaml, source: "c.yaml") }
        #expect(message == "c.yaml: services: must have at most 1000 entries, got 1001")
    }

    @Test func aLongUnknownKeyIsCutInTheMessage() {
        // An explicit key (`? key`): YAML limits implicit keys to 1024 characters.
        let message = fastError {
            _ = try WaitwatchConfiguration(yaml: "? " + String(repeating: "k", count: 10_000) + "\n: 1\n", source: "c.yaml")
        }
        #expect(
            message?.hasSuffix(
                "unknown key; expected one of windowDays, lateness, trustsReportingDays, feedSilentAfter, topics, services, alerts, implausibleTime, feeds, regions, icbs, organisations"
            )
                == true, "\(message?.suffix(200) ?? "")")
        #expect(message?.hasPrefix("c.yaml: \(String(repeating: "k", count: 64))…: unknown key") == true)
        #expect((message?.count ?? 0) < 300)
    }
}
