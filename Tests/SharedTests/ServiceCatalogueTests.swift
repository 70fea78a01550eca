import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

@Suite struct ServiceCatalogueTests {
    @Test func defaultCatalogueMatchesSpecTable() {
        let c = ServiceCatalogue.default
        #expect(c.services.count == 7)
        #expect(c["SALT"]?.targetDays == 126)
        #expect(c["CAMHS"]?.clockStop == .treatmentStarted)
        #expect(c["EHCNA"]?.standardPct == 100)
        #expect(c["NOPE"] == nil)
    }
}
