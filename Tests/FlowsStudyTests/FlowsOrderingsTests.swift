import BenchmarkStatistics
import Foundation
import Testing

@testable import FlowsStudy

/// The paired comparisons of the flows report: intervals and verdicts on fixtures with known answers.
@Suite struct FlowsOrderingsTests {
    let cell = FlowCell(target: "density-ring", nTrain: 100)
    let bootstrap = PairedBootstrap(seed: 5, replicates: 4_000)
    let claim = FlowsOrderings.claims[0]

    @Test("a constant difference has that constant as its interval; two points 1 and 3 give [1, 3]")
    func knownIntervals() throws {
        let constant = try #require(
            FlowsOrderings.compare([1.5, 2.0, 2.5], [2.0, 2.5, 3.0], claim: claim, cell: cell, bootstrap: bootstrap))
        #expect(constant.interval == ConfidenceInterval(lower: -0.5, upper: -0.5))
        #expect(constant.difference == -0.5 && constant.verdict == .holds && constant.points == 3)
        #expect(constant.firstMean == 2 && constant.secondMean == 2.5)
        // Replicate means of the differences {1, 3}: 1, 2, 3 with probabilities 1/4, 1/2, 1/4.
        let two = try #require(FlowsOrderings.compare([4, 5], [3, 2], claim: claim, cell: cell, bootstrap: bootstrap))
        #expect(two.interval == ConfidenceInterval(lower: 1, upper: 3) && two.verdict == .reversed)
        let across = try #require(
            FlowsOrderings.compare([1, 3], [2, 2], claim: claim, cell: cell, bootstrap: bootstrap))
        #expect(across.interval == ConfidenceInterval(lower: -1, upper: 1) && across.verdict == .notResolved)
        #expect(FlowsOrderings.compare([1, .nan], [1, 2], claim: claim, cell: cell) == nil)
        #expect(FlowsOrderings.compare([1], [1, 2], claim: claim, cell: cell) == nil)
    }

    @Test("on many points the interval is the normal one: mean ± 1.96 sd / √n")
    func normalLimit() throws {
        // Differences 0.2 ± 1 alternating over 400 points: mean 0.2, population sd 1, so ±1.96 · 1 / 20 = ±0.098.
        let a = (0..<400).map { 0.2 + ($0 % 2 == 0 ? 1.0 : -1.0) }
        let result = try #require(
            FlowsOrderings.compare(
                a, [Double](repeating: 0, count: 400), claim: claim, cell: cell, bootstrap: bootstrap))
        #expect(abs(result.difference - 0.2) < 1e-12)
        #expect(abs(result.interval.lower - 0.102) < 0.01 && abs(result.interval.upper - 0.298) < 0.01, "\(result)")
        #expect(result.verdict == .reversed)
    }

    @Test("every claim is computed where both models exist, in the claims' order, and written as Markdown and CSV")
    func computeAndWrite() {
        let other = FlowCell(target: "density-banana", nTrain: 100)
        let perPoint: [FlowCell: [String: [Double]]] = [
            cell: ["nhf": [2, 2], "ehf": [1.5, 1.5], "kde": [2.25, 2.25]],
            other: ["nhf": [3, 3], "kde": [2, 2]],
        ]
        let orderings = FlowsOrderings.compute(cells: [cell, other], perPoint: perPoint, bootstrap: bootstrap)
        #expect(
            orderings.map { "\($0.cell.target) \($0.first)-\($0.second)" } == [
                "density-ring ehf-nhf", "density-ring ehf-kde", "density-ring nhf-kde", "density-banana nhf-kde",
            ])
        #expect(orderings.map(\.verdict) == [.holds, .holds, .holds, .reversed])
        let markdown = FlowsOrderings.markdown(Array(orderings.prefix(1)))
        #expect(
            markdown == """
                | target | n_train | claim (A below B) | A | B | A − B | 95% interval | verdict |
                |---|---|---|---|---|---|---|---|
                | density-ring | 100 | EHF below NHF | ehf 1.5000 | nhf 2.0000 | -0.5000 | [-0.5000, -0.5000] | **holds** |

                """)
        #expect(
            FlowsOrderings.csv(Array(orderings.suffix(1))) == """
                target,n_train,first,second,claim,points,first_mean,second_mean,difference,lower,upper,verdict
                density-banana,100,nhf,kde,"NHF below the KDE",2,3.0000,2.0000,1.0000,1.0000,1.0000,reversed

                """)
    }
}
