import Foundation
import Testing
import WaitwatchConfig

/// `organisations:` in the configuration file: names by code, for reports.
@Suite struct OrganisationNamesTests {
    func error(_ yaml: String) -> String? {
        do {
            _ = try WaitwatchConfiguration(yaml: yaml, source: "config.yaml")
            return nil
        } catch { return error.description }
    }

    @Test func namesAreReadByCode() throws {
        let c = try WaitwatchConfiguration(
            yaml: "organisations:\n  RAJ: Mid and South Essex NHS Foundation Trust\n  E06000033: Southend-on-Sea City Council\n")
        #expect(c.organisationNames == ["RAJ": "Mid and South Essex NHS Foundation Trust", "E06000033": "Southend-on-Sea City Council"])
        #expect(try WaitwatchConfiguration(yaml: "organisations:\n").organisationNames.isEmpty)
    }

    @Test func badCodesAndNamesAreOneLineNamingTheKey() {
        #expect(error("organisations:\n  raj: Trust\n")?.contains("organisations.raj") == true)
        #expect(error("organisations:\n  ALL: England\n")?.contains("organisations.ALL") == true)
        #expect(error("organisations:\n  RAJ: [a, b]\n")?.contains("organisations.RAJ") == true)
        #expect(error("organisations: [RAJ]\n")?.contains("organisations") == true)
    }

    @Test func theSimulatedOrganisationsFileLoadsWithTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/simulated-organisations.yaml").path
        let c = try WaitwatchConfiguration.load(path: path)
        #expect(c.organisationNames.count == 28)
        var defaults = c
        defaults.organisationNames = [:]
        #expect(defaults == WaitwatchConfiguration())
    }
}
