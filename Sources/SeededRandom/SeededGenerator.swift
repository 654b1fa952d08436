import RealModule

/// A fast, seedable, splittable pseudo-random generator: xoshiro256** (Blackman & Vigna) with its 256-bit state
/// filled from a 64-bit seed by SplitMix64.
///
/// Bit-exact reproducibility is the point: the same seed gives the same stream on every run, thread count and
/// platform, and so do `uniform(in:)` and ``gaussian()`` (defined in an extension on
/// `RandomNumberGenerator`, on top of `next()` only; the standard library's `Double.random(in:using:)` promises no
/// particular algorithm and so is not used). Every trajectory of a dataset gets its own generator seeded with
/// ``trajectorySeed(datasetSeed:stream:index:)``, so it can be regenerated alone from that 64-bit seed.
///
/// It is the one generator of the suite: datasets, samplers, initialisers, reparameterisation noise and data order
/// all draw from it, so every result is a function of its seeds. Not cryptographically secure.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose whole stream is determined by `seed`. Nearby seeds give unrelated streams, since
    /// the state is four successive SplitMix64 outputs of the seed.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            return Self.mix(splitMix)
        }
        s0 = nextSplitMix()
        s1 = nextSplitMix()
        s2 = nextSplitMix()
        s3 = nextSplitMix()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// An independent generator seeded with this one's next output (for handing to a sub-task).
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }

    /// The seed of one trajectory's own generator, derived from the dataset's seed, a stream number (for example
    /// one per split: 0 for train, 1 for test) and the trajectory's index in that stream.
    ///
    /// Each of the three inputs is mixed in through SplitMix64's finaliser, a bijection of 64-bit words, so for a
    /// fixed dataset seed and stream distinct indices always give distinct seeds (and likewise for streams at a
    /// fixed index), and changing any input changes about half of the output bits.
    public static func trajectorySeed(datasetSeed: UInt64, stream: UInt64, index: UInt64) -> UInt64 {
        var hash = mix(datasetSeed ^ 0x6A09_E667_F3BC_C909)
        hash = mix(hash ^ mix(stream &+ 0x9E37_79B9_7F4A_7C15))
        hash = mix(hash ^ mix(index &+ 0xBB67_AE85_84CA_A73B))
        return hash
    }

    /// SplitMix64's output function (Stafford's variant 13 of the MurmurHash3 finaliser): a bijection that
    /// spreads every input bit over the whole word.
    @usableFromInline
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inlinable
func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}

extension RandomNumberGenerator {
    /// A uniform number in `[0, 1)` from the top 53 bits of one `next()`: every multiple of 2⁻⁵³ is equally likely.
    @inlinable
    public mutating func unitUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform number in `range` (`lower + (upper - lower) u` with `u` from ``unitUniform()``); one `next()`.
    @inlinable
    public mutating func uniform(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unitUniform()
    }

    /// A uniform number in `range` (`lower + (upper - lower) u` with `u` in `[0, 1)`, so the upper bound itself is
    /// reached only by rounding); one `next()`.
    @inlinable
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unitUniform()
    }

    /// A standard normal number by the Box–Muller transform, `sqrt(-2 log u1) cos(2π u2)` with `u1` in `(0, 1]`;
    /// uses exactly two `next()` calls and keeps no spare value, so the stream position is easy to reason about.
    @inlinable
    public mutating func gaussian() -> Double {
        let u1 = 1 - unitUniform()
        let u2 = unitUniform()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// A normal number with the given mean and standard deviation (see ``gaussian()``).
    @inlinable
    public mutating func gaussian(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * gaussian()
    }
}
