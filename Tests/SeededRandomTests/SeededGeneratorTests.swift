import RealModule
import Testing

@testable import SeededRandom

/// Reproducibility and independence of the seeded generator. Reference values come from an independent Python
/// implementation of SplitMix64 and xoshiro256** (and the SplitMix64 values match Vigna's published ones).
@Suite struct SeededGeneratorTests {
    @Test func splitMixMatchesPublishedValues() {
        // SplitMix64 from seed 1234567: 6457827717110365317, 3203168211198807973, 9817491932198370423.
        var state: UInt64 = 1_234_567
        let outputs = (0..<3).map { _ -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            return SeededGenerator.mix(state)
        }
        #expect(outputs == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    @Test func streamsMatchReferenceImplementation() {
        var zero = SeededGenerator(seed: 0)
        #expect(
            (0..<3).map { _ in zero.next() }
                == [11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768])
        var answer = SeededGenerator(seed: 42)
        #expect(
            (0..<3).map { _ in answer.next() }
                == [1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009])
        #expect(SeededGenerator.trajectorySeed(datasetSeed: 2024, stream: 1, index: 7) == 17_410_718_244_227_951_247)
        #expect(SeededGenerator.trajectorySeed(datasetSeed: 0, stream: 0, index: 0) == 3_126_897_515_344_887_429)
    }

    @Test func uniformAndGaussianAreBitExact() {
        var generator = SeededGenerator(seed: 42)
        #expect(generator.unitUniform() == 0.08386297105988216)
        #expect(generator.unitUniform() == 0.3789802506626686)
        var again = SeededGenerator(seed: 42)
        #expect(abs(again.gaussian() - -0.303263064678738) <= 1e-15)
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99), c = SeededGenerator(seed: 100)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        let other = (0..<100).map { _ in c.next() }
        #expect(zip(first, other).allSatisfy { $0 != $1 })
    }

    /// Distinct indices (and streams) always give distinct trajectory seeds, and one flipped input bit changes
    /// about half of the output bits.
    @Test func trajectorySeedsAreDistinctAndWellMixed() {
        let seeds = (0..<20_000).map { SeededGenerator.trajectorySeed(datasetSeed: 7, stream: 0, index: UInt64($0)) }
        #expect(Set(seeds).count == seeds.count)
        let testSeeds = (0..<20_000).map {
            SeededGenerator.trajectorySeed(datasetSeed: 7, stream: 1, index: UInt64($0))
        }
        #expect(Set(seeds).isDisjoint(with: testSeeds))
        var flippedBits = 0
        for index: UInt64 in 0..<1_000 {
            let base = SeededGenerator.trajectorySeed(datasetSeed: 7, stream: 0, index: index)
            let neighbour = SeededGenerator.trajectorySeed(datasetSeed: 7, stream: 0, index: index ^ 1)
            flippedBits += (base ^ neighbour).nonzeroBitCount
        }
        let meanFlipped = Double(flippedBits) / 1_000
        #expect(abs(meanFlipped - 32) < 1)
        #expect(SeededGenerator.trajectorySeed(datasetSeed: 8, stream: 0, index: 0) != seeds[0])
    }

    /// Streams of neighbouring trajectory seeds are uncorrelated: the sample correlation of their uniforms is
    /// within 4 standard errors (4 / sqrt(n)) of zero, pair by pair.
    @Test func childStreamsAreUncorrelated() {
        let n = 20_000
        let streams = (0..<4).map { index -> [Double] in
            var generator = SeededGenerator(
                seed: SeededGenerator.trajectorySeed(datasetSeed: 1, stream: 0, index: UInt64(index)))
            return (0..<n).map { _ in generator.unitUniform() }
        }
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                let correlation =
                    zip(streams[i], streams[j]).reduce(0) { $0 + ($1.0 - 0.5) * ($1.1 - 0.5) }
                    / Double(n) * 12
                #expect(abs(correlation) < 4 / Double(n).squareRoot(), "streams \(i), \(j)")
            }
        }
    }

    /// Moments within about 4 standard errors: uniform mean 1/2 and variance 1/12; Gaussian mean 0, variance 1,
    /// and the 2σ tail mass 0.0455.
    @Test func distributionsHaveTheRightMoments() {
        var generator = SeededGenerator(seed: 5)
        let n = 50_000
        let uniforms = (0..<n).map { _ in generator.uniform(in: -2.0..<3.0) }
        #expect(uniforms.allSatisfy { $0 >= -2 && $0 < 3 })
        let uniformMean = uniforms.reduce(0, +) / Double(n)
        #expect(abs(uniformMean - 0.5) < 4 * (25.0 / 12 / Double(n)).squareRoot())
        let gaussians = (0..<n).map { _ in generator.gaussian() }
        let mean = gaussians.reduce(0, +) / Double(n)
        let variance = gaussians.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 4 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
        let tail = Double(gaussians.filter { abs($0) > 2 }.count) / Double(n)
        #expect(abs(tail - 0.0455) < 4 * (0.0455 * 0.9545 / Double(n)).squareRoot())
        let shifted = (0..<1_000).map { _ in generator.gaussian(mean: 10, standardDeviation: 0.1) }
        #expect(shifted.allSatisfy { abs($0 - 10) < 1 })
    }

    @Test func closedRangeStaysInside() {
        var generator = SeededGenerator(seed: 3)
        let draws = (0..<10_000).map { _ in generator.uniform(in: 1.3...2.3) }
        #expect(draws.allSatisfy { (1.3...2.3).contains($0) })
        #expect(draws.min()! < 1.31 && draws.max()! > 2.29)
    }
}
