import Testing

@testable import BenchmarkStatistics

/// The seeded paired bootstrap and the verdicts that the HGN table and the flows study share.
@Suite("Paired bootstrap")
struct PairedBootstrapTests {
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

    @Test("verdicts: holds below 0, reversed above, not resolved across 0, no practical difference inside the band")
    func verdicts() {
        func verdict(_ lower: Double, _ upper: Double, band: Double) -> OrderingVerdict {
            OrderingVerdict.of(ConfidenceInterval(lower: lower, upper: upper), negligibleBand: band)
        }
        #expect(verdict(-2, -1e-9, band: 0) == .holds)
        #expect(verdict(1e-9, 2, band: 0) == .reversed)
        #expect(verdict(-1, 1, band: 0) == .notResolved)
        #expect(verdict(-1, 0, band: 0) == .notResolved)
        #expect(verdict(0, 0, band: 0) == .negligible)
        #expect(verdict(-0.5, -0.1, band: 1) == .negligible)
        #expect(verdict(-2, -0.5, band: 1) == .holds)
        #expect(verdict(0.5, 3, band: 1) == .reversed)
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
