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
}
