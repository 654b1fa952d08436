import Foundation
import Testing

@testable import TableStudy

@Suite("Table statistics")
struct TableStatisticsTests {
    @Test("Student t quantiles match closed forms and published values")
    func studentT() {
        // ν = 1 is the Cauchy distribution: t = tan(π (p − 1/2)); ν = 2: t = (2p − 1) √(2 / (1 − (2p − 1)²)).
        #expect(
            abs(TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 1) - tan(0.475 * .pi)) < 1e-9)
        let a = 2 * 0.975 - 1
        #expect(
            abs(
                TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 2) - a
                    * (2 / (1 - a * a)).squareRoot()) < 1e-10)
        // Published (Abramowitz & Stegun, table 26.10): t(0.975, 10) = 2.228139, t(0.975, 30) = 2.042272.
        #expect(abs(TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 10) - 2.228139) < 1e-6)
        #expect(abs(TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 30) - 2.042272) < 1e-6)
        // Large ν tends to the normal quantile 1.959964.
        #expect(abs(TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 100_000) - 1.959964) < 1e-4)
        #expect(
            abs(
                TableStatistics.studentTQuantile(probability: 0.025, degreesOfFreedom: 4)
                    + TableStatistics.studentTQuantile(probability: 0.975, degreesOfFreedom: 4)) < 1e-12)
    }

    @Test("the regularised incomplete beta function matches its polynomial forms")
    func incompleteBeta() {
        // For integers, I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a): I_x(1, 1) = x; I_x(2, 2) = 3x² − 2x³;
        // I_x(2, 3) = 1 − (1 − x)⁴ − 4x(1 − x)³.
        for x in [0.1, 0.3, 0.5, 0.9] {
            #expect(abs(TableStatistics.regularizedIncompleteBeta(x: x, a: 1, b: 1) - x) < 1e-13)
            #expect(
                abs(TableStatistics.regularizedIncompleteBeta(x: x, a: 2, b: 2) - (3 * x * x - 2 * x * x * x)) < 1e-13)
            let tail = 1 - pow(1 - x, 4) - 4 * x * pow(1 - x, 3)
            #expect(abs(TableStatistics.regularizedIncompleteBeta(x: x, a: 2, b: 3) - tail) < 1e-13)
        }
    }

    @Test("the t-interval of 1, 2, 3 is 2 ± t(0.975, 2) / √3")
    func tInterval() throws {
        let interval = try #require(TableStatistics.tInterval([1, 2, 3]))
        let half = 4.302652729749464 / 3.0.squareRoot()
        #expect(abs(interval.lower - (2 - half)) < 1e-9 && abs(interval.upper - (2 + half)) < 1e-9)
        #expect(TableStatistics.tInterval([5]) == nil)
    }

    @Test("the bootstrap interval of known distributions")
    func bootstrapKnownAnswers() {
        let bootstrap = PairedBootstrap(seed: 7, replicates: 4_000)
        // A constant difference: the interval is that constant.
        #expect(bootstrap.interval([[-3, -3, -3], [-3, -3, -3]]) == ConfidenceInterval(lower: -3, upper: -3))
        // One seed, two sequences 1 and 3: replicate means 1, 2, 3 with probabilities 1/4, 1/2, 1/4.
        #expect(bootstrap.interval([[1, 3]]) == ConfidenceInterval(lower: 1, upper: 3))
        // Two seeds, constant within a seed: the seed level alone, means −2, −1.5, −1 with 1/4, 1/2, 1/4.
        #expect(bootstrap.interval([[-2, -2], [-1, -1]]) == ConfidenceInterval(lower: -2, upper: -1))
    }

    @Test("the bootstrap is seeded: the same seed gives the same interval, and it covers the mean")
    func bootstrapSeeded() {
        var generator = SplitMixLike(state: 3)
        let differences = (0..<3).map { _ in (0..<200).map { _ in generator.nextUnit() - 0.4 } }
        let a = PairedBootstrap(seed: 11, replicates: 2_000).interval(differences)
        let b = PairedBootstrap(seed: 11, replicates: 2_000).interval(differences)
        let c = PairedBootstrap(seed: 12, replicates: 2_000).interval(differences)
        #expect(a == b)
        #expect(a != c)
        let mean = differences.flatMap { $0 }.reduce(0, +) / 600
        #expect(a.lower < mean && mean < a.upper)
        // Uniform on [−0.4, 0.6] (sd 0.289), 3 seeds x 200 sequences: the standard error of the mean is about
        // 0.289 / √600 = 0.012, so a 95% interval about 0.05 wide (the crossed bootstrap adds a little).
        #expect(a.upper - a.lower > 0.03 && a.upper - a.lower < 0.12, "\(a)")
    }
}

/// A small deterministic generator for test data (SplitMix64).
struct SplitMixLike {
    var state: UInt64
    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
