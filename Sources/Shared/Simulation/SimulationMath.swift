import WaitwatchCore

/// Elementary functions for the simulator written with only correctly rounded IEEE 754
/// operations, so that results are identical on every platform (a platform `libm` may
/// differ in the last bit, which would change a simulated sequence).
enum SimulationMath {
    /// The natural logarithm of `x` (`x` > 0), accurate to about 1e-15 relative error.
    ///
    /// Splits `x = m · 2^e` with `m` in [√½, √2) and sums the series
    /// `ln m = 2·(s + s³/3 + s⁵/5 + …)` with `s = (m − 1)/(m + 1)`, |s| ≤ 0.1716.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "SimulationMath.log needs a positive finite argument")
        var m = x.significand  // [1, 2), exact
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        // |s|^2 ≤ 0.0295: 12 terms reach far below 1 ulp.
        for _ in 0..<12 {
            sum += term / k
            term *= s2
            k += 2
        }
        return 2 * sum + e * 0.6931471805599453
    }
}
