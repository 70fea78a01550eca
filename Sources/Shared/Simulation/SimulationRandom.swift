import WaitwatchCore

/// The simulator's pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// Deterministic on every platform: the same seed yields the same stream of `UInt64`s, and
/// every derived sample (uniform, exponential, Poisson, Erlang) uses only integer arithmetic
/// and correctly rounded IEEE 754 operations (no platform `libm`), so a simulation replays
/// bit for bit on any machine. Never use `SystemRandomNumberGenerator` in the simulator.
///
/// A value type: copying it forks the stream. Not thread-safe by itself (it is a value; give
/// each owner its own copy).
struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is filled from `seed` by SplitMix64 (never all zero).
    init(seed: UInt64) {
        var sm = seed
        s0 = Self.splitMix64(&sm)
        s1 = Self.splitMix64(&sm)
        s2 = Self.splitMix64(&sm)
        s3 = Self.splitMix64(&sm)
    }

    /// A generator for a sub-stream identified by `stream` (for example a trust index),
    /// independent of how many other sub-streams exist.
    init(seed: UInt64, stream: UInt64) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        self.init(seed: Self.splitMix64(&sm) ^ stream)
    }

    /// One step of SplitMix64 (Steele, Lea and Flood 2014), advancing `state`.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**, Blackman and Vigna 2018).
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by Lemire's multiply-shift (tiny bias is
    /// irrelevant here; determinism is what matters).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    mutating func between(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// An exponential variate with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -SimulationMath.log(1 - nextUnit()) * mean
    }

    /// An Erlang variate (sum of `shape` exponentials) with the given mean: a right-skewed
    /// delay that is rarely near zero.
    mutating func erlang(shape: Int, mean: Double) -> Double {
        var total = 0.0
        for _ in 0..<shape { total += exponential(mean: mean / Double(shape)) }
        return total
    }

    /// A Poisson variate with mean `lambda`, counting unit-rate exponential arrivals in
    /// `[0, lambda)`. Cost grows with `lambda`; for `lambda` above 64 a rounded normal
    /// approximation (Box–Muller with our own `log`/`sqrt`, no trigonometry) is used.
    mutating func poisson(mean lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 64 {
            // Marsaglia polar method: only +, ×, ÷, sqrt and our log.
            while true {
                let u = 2 * nextUnit() - 1
                let v = 2 * nextUnit() - 1
                let s = u * u + v * v
                guard s > 0, s < 1 else { continue }
                let z = u * (-2 * SimulationMath.log(s) / s).squareRoot()
                return max(0, Int((lambda + z * lambda.squareRoot()).rounded()))
            }
        }
        var count = 0
        var time = exponential(mean: 1)
        while time < lambda {
            count += 1
            time += exponential(mean: 1)
        }
        return count
    }

    /// `floor(x)` plus one with probability `frac(x)`: an integer with mean `x` and minimal spread.
    mutating func roundStochastically(_ x: Double) -> Int {
        let whole = x.rounded(.down)
        return Int(whole) + (chance(x - whole) ? 1 : 0)
    }
}
