import BenchmarkStatistics
import Foundation
import RealModule

/// The statistics of the table's rows: Student-t intervals over training seeds. Its orderings use the seeded paired
/// bootstrap of `BenchmarkStatistics` (``PairedBootstrap``), which the flows study shares.
public enum TableStatistics {
    /// The `probability` quantile of Student's t distribution with `degreesOfFreedom` degrees of freedom (for
    /// example 4.3027 for 0.975 and 2), by bisection on the distribution function
    /// `F(t) = 1 − I_{ν/(ν+t²)}(ν/2, 1/2) / 2` for `t ≥ 0`, accurate to ~1e-12.
    public static func studentTQuantile(probability: Double, degreesOfFreedom: Int) -> Double {
        precondition(probability > 0 && probability < 1 && degreesOfFreedom > 0, "a probability in (0, 1) and ν > 0")
        if probability < 0.5 {
            return -studentTQuantile(probability: 1 - probability, degreesOfFreedom: degreesOfFreedom)
        }
        let nu = Double(degreesOfFreedom)
        func upperTail(_ t: Double) -> Double {
            0.5 * regularizedIncompleteBeta(x: nu / (nu + t * t), a: nu / 2, b: 0.5)
        }
        var low = 0.0, high = 1.0
        while upperTail(high) > 1 - probability { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if upperTail(middle) > 1 - probability { low = middle } else { high = middle }
            if high - low <= 1e-13 * high { break }
        }
        return (low + high) / 2
    }

    /// The regularised incomplete beta function `I_x(a, b)`, by its continued fraction (modified Lentz's method;
    /// the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` keeps the fraction where it converges fast).
    public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront =
            Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b) + a * Double.log(x)
            + b * Double.log(1 - x)
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(x: 1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var fraction = d
        for m in 1...500 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            fraction *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return Double.exp(logFront) * fraction / a
    }

    /// The mean of `values`.
    public static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    /// The sample standard deviation (n − 1) of `values` (0 for fewer than two).
    public static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// The 95% Student-t interval of the mean of `values` (`nil` for fewer than two):
    /// `mean ± t(0.975, n − 1) · sd / √n`.
    public static func tInterval(_ values: [Double], confidence: Double = 0.95) -> ConfidenceInterval? {
        guard values.count > 1 else { return nil }
        let half =
            studentTQuantile(probability: 0.5 + confidence / 2, degreesOfFreedom: values.count - 1)
            * standardDeviation(values) / Double(values.count).squareRoot()
        return ConfidenceInterval(lower: mean(values) - half, upper: mean(values) + half)
    }
}

extension PairedBootstrap {
    /// The table's bootstrap: ``PairedBootstrap/standard`` (seed 2026, 10,000 replicates).
    public static let table = PairedBootstrap.standard
}
