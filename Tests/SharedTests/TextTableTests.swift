import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting
@testable import WaitwatchCLI

/// Issue 16, defect 5: rendering was quadratic in the longest cell (`check-config`).
@Suite struct TextTableTests {
    @Test func aHundredThousandCharacterCellRendersAtOnceAndLinesHaveNoTrailingSpaces() {
        var table = TextTable([("service", .left), ("name", .left)])
        table.add(["DIET", String(repeating: "N", count: 100_000)])
        table.add(["OT", "short"])
        let start = ContinuousClock.now
        let lines = table.render()
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(lines[0] == "service  name")
        #expect(lines[3] == "OT       short")
        #expect(lines.allSatisfy { $0.last != " " })
    }
}
