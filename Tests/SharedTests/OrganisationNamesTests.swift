import Foundation
import Testing
import WaitwatchConfig
import WaitwatchCore

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
        // Every built-in organisation of the simulator is in an ICB, and so in a region.
        #expect(c.rollups.memberships.count == 28)
        #expect(c.rollups.areas(of: "RAJ") == ["ICB:QH8", "REGION:Y61"])
        #expect(c.rollups.areas(of: "E06000033") == ["ICB:QH8", "REGION:Y61"])
        #expect(c.rollupNames["ICB:QH8"] == "NHS Mid and South Essex Integrated Care Board")
        #expect(c.rollupNames["REGION:Y61"] == "East of England")
        var defaults = c
        defaults.organisationNames = [:]
        defaults.organisationICBs = [:]
        defaults.icbs = [:]
        defaults.regionNames = [:]
        #expect(defaults == WaitwatchConfiguration())
    }

    @Test func organisationsMayNameTheirICBWhichNamesItsRegion() throws {
        let c = try WaitwatchConfiguration(
            yaml: """
                regions:
                  Y61: East of England
                icbs:
                  QH8: { name: NHS Mid and South Essex Integrated Care Board, region: Y61 }
                organisations:
                  RAJ: { name: Mid and South Essex NHS Foundation Trust, icb: QH8 }
                  RQW: The Princess Alexandra Hospital NHS Trust
                """)
        #expect(c.organisationNames["RQW"] == "The Princess Alexandra Hospital NHS Trust")
        #expect(c.rollups == OrganisationRollups(["RAJ": .init(icb: "QH8", region: "Y61")]))
        #expect(c.rollups.areas(of: "RQW").isEmpty)
        #expect(WaitwatchConfiguration().rollups.isEmpty)
    }

    @Test func unknownICBsAndRegionsAreOneLineNamingTheKey() {
        let icb = error("icbs:\n  QH8: { name: X, region: Y61 }\n")
        #expect(icb?.contains("icbs.QH8.region") == true && icb?.contains("regions") == true, "\(icb ?? "")")
        let organisation = error("organisations:\n  RAJ: { name: X, icb: QH8 }\n")
        #expect(organisation?.contains("organisations.RAJ.icb") == true, "\(organisation ?? "")")
        #expect(error("regions:\n  Y61: East\nicbs:\n  QH8: { name: X }\n")?.contains("icbs.QH8") == true)
        let mapped = "regions:\n  Y61: East\nicbs:\n  QH8: { name: X, region: Y61 }\n"
        #expect(error(mapped + "organisations:\n  RAJ: { name: X, icb: QH8, colour: red }\n")?.contains("organisations.RAJ.colour") == true)
        #expect(error("regions:\n  y61: East\n")?.contains("regions.y61") == true)
    }
}
