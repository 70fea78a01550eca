import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// The simulator's PRNG and its samplers: reference values and sample statistics.
@Suite struct SimulationRandomTests {
    @Test func splitMix64ReferenceValues() {
        var state: UInt64 = 0
        #expect(SimulationRandom.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
        #expect(SimulationRandom.splitMix64(&state) == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameStream() {
        var a = SimulationRandom(seed: 42)
        var b = SimulationRandom(seed: 42)
        var c = SimulationRandom(seed: 43)
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
        #expect(Set(xs).count == 100)
    }

    @Test func logMatchesTheSystemLog() {
        var x = 1e-300
        while x < 1e300 {
            let expected = Foundation.log(x)
            #expect(abs(SimulationMath.log(x) - expected) <= 1e-14 * max(1, abs(expected)), "\(x)")
            x *= 1.37
        }
        #expect(SimulationMath.log(1) == 0)
    }

    @Test(arguments: [0.3, 4.0, 25.0, 200.0])
    func poissonMean(lambda: Double) {
        var r = SimulationRandom(seed: 7)
        let n = 20_000
        let mean = Double((0..<n).reduce(0) { s, _ in s + r.poisson(mean: lambda) }) / Double(n)
        #expect(abs(mean - lambda) < 0.05 * lambda + 0.02)
    }

    @Test func exponentialAndUniformRanges() {
        var r = SimulationRandom(seed: 9)
        var sum = 0.0
        for _ in 0..<20_000 {
            let u = r.nextUnit()
            #expect(u >= 0 && u < 1)
            let e = r.exponential(mean: 10)
            #expect(e >= 0)
            sum += e
            #expect((3...8).contains(r.between(3...8)))
        }
        #expect(abs(sum / 20_000 - 10) < 0.5)
    }
}
