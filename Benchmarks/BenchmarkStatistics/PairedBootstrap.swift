import SeededRandom

/// A two-sided interval.
public struct ConfidenceInterval: Codable, Equatable, Sendable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether the interval excludes `value`.
    public func excludes(_ value: Double) -> Bool { value < lower || value > upper }
}

/// A seeded bootstrap of the mean of a paired difference `d[seed][sequence]` (model A's error minus model B's on
/// the same sequence, both trained with the same seed number).
///
/// **Resampling unit.** Each replicate draws the training seeds with replacement and, independently, the test
/// sequences with replacement (the same sequences for every drawn seed, since every seed is scored on the same
/// sequences), and takes the mean of `d` over the drawn seeds and sequences: a two-way (crossed) bootstrap
/// (Owen 2007, "The pigeonhole bootstrap"), so that the interval carries both the variation between training runs
/// and the variation between test sequences. The interval is the percentile interval of the replicates:
/// the values of rank ⌊0.025 B⌋ and ⌈0.975 B⌉ − 1 (0-based) of the `B` sorted replicate means.
///
/// With 3 seeds the seed level has only 10 distinct draws and understates the seed-to-seed variance by a factor
/// 2/3; the orderings therefore also say in how many seeds the difference has the sign of the mean. With one seed
/// (`[[d]]`, the flows study) the seed level is constant and the interval carries the variation between test items
/// only: it says nothing about another training run.
///
/// The HGN table pairs test sequences, the flows study test points; "sequence" below means either.
///
/// Draws come from ``SeededGenerator`` seeded with ``seed`` (bounded integers by Lemire's multiply-high, without
/// rejection: the bias is below `n / 2⁶⁴`), so the interval is the same on every machine and run.
public struct PairedBootstrap: Sendable {
    /// The generator's seed (the orderings files state it).
    public var seed: UInt64
    /// Replicates.
    public var replicates: Int

    /// The bootstrap of the benchmarks' orderings (the HGN table's and the flows'): seed 2026, 10,000 replicates.
    public static let standard = PairedBootstrap(seed: 2026, replicates: 10_000)

    public init(seed: UInt64, replicates: Int) {
        precondition(replicates >= 40, "at least 40 replicates for a 95% percentile interval")
        self.seed = seed
        self.replicates = replicates
    }

    /// The 95% percentile interval of the mean of `differences` (`[seed][sequence]`, every seed the same number of
    /// sequences).
    public func interval(_ differences: [[Double]], confidence: Double = 0.95) -> ConfidenceInterval {
        let seeds = differences.count, sequences = differences.first?.count ?? 0
        precondition(
            seeds > 0 && sequences > 0 && differences.allSatisfy { $0.count == sequences },
            "one row of sequences per seed, all of the same length")
        var generator = SeededGenerator(seed: seed)
        func draw(_ bound: Int) -> Int { Int(UInt64(bound).multipliedFullWidth(by: generator.next()).high) }
        var means = [Double](repeating: 0, count: replicates)
        var counts = [Double](repeating: 0, count: sequences)
        for replicate in 0..<replicates {
            let drawnSeeds = (0..<seeds).map { _ in draw(seeds) }
            for i in 0..<sequences { counts[i] = 0 }
            for _ in 0..<sequences { counts[draw(sequences)] += 1 }
            var total = 0.0
            for s in drawnSeeds {
                let row = differences[s]
                for i in 0..<sequences where counts[i] != 0 { total += counts[i] * row[i] }
            }
            means[replicate] = total / Double(seeds * sequences)
        }
        means.sort()
        let tail = (1 - confidence) / 2
        let lowerRank = Int((tail * Double(replicates)).rounded(.down))
        let upperRank = Int(((1 - tail) * Double(replicates)).rounded(.up)) - 1
        return ConfidenceInterval(lower: means[lowerRank], upper: means[min(upperRank, replicates - 1)])
    }
}
