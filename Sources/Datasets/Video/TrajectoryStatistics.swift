/// One trajectory's part of the statistics sums, computed on a worker thread from its frames and states, and added
/// exactly into its shard's ``StatisticsSums`` by the writer, in trajectory order.
///
/// Pixels: per channel the count, the sum and sum of squares (integers, exact) and the range. States (`x`, `dx_dt`,
/// `x_delta` = x[t + 1] − x[t], `energy`): per coordinate, with n values v₁…vₙ in frame order, compensated (Neumaier)
/// sums of the values, s (a rounded sum and its compensation), and of the squared deviations from the trajectory's
/// mean m = s / n, c; then the terms whose exact sums are the trajectory's S₁ = s and S₂ = c + 2 m s − n m² (the
/// products split exactly into a rounded value and its error by fused multiply-adds), and the range. Every term is a
/// function of the trajectory alone, and the writer adds them exactly, so the shard's sums do not depend on threads or
/// batches; S₂ is accurate to the rounding of c, i.e. relative to the spread within trajectories, not to m². Nine
/// terms per coordinate and trajectory, instead of three exact additions per value, keep it a small share of
/// generation (4 % of its CPU time, measured in `datasets.md`, "Normalisation statistics").
struct TrajectoryStatistics: Sendable {
    /// Terms per coordinate: S₁ (2), S₂ (7), minimum, maximum.
    static let termsPerCoordinate = 11

    /// The frames' per-channel sums.
    var pixels: PixelSums
    /// Values per coordinate of `x`, `dx_dt`, `x_delta`, `energy`.
    var rows: [Int]
    /// The terms of `x`, `dx_dt`, `x_delta` and `energy`, one after the other, ``termsPerCoordinate`` per coordinate.
    var terms: [Double]

    /// The part of a trajectory whose states, derivatives and energies are frame-major, with its frames
    /// (uint8 [T, H, W, 3]).
    init(trajectory: SimulatedTrajectory, stateCount: Int, frames image: UnsafeBufferPointer<UInt8>) {
        pixels = PixelSums(image)
        terms = []
        terms.reserveCapacity((3 * stateCount + 1) * Self.termsPerCoordinate)
        rows = [
            Self.appendTerms(of: trajectory.states[...], coordinates: stateCount, differences: false, to: &terms),
            Self.appendTerms(of: trajectory.derivatives[...], coordinates: stateCount, differences: false, to: &terms),
            Self.appendTerms(of: trajectory.states[...], coordinates: stateCount, differences: true, to: &terms),
            Self.appendTerms(of: trajectory.energies[...], coordinates: 1, differences: false, to: &terms),
        ]
    }

    /// Appends the terms of one trajectory's values [rows, coordinates] (row-major), or of the differences of
    /// consecutive rows; returns the number of values per coordinate.
    static func appendTerms(
        of values: ArraySlice<Double>, coordinates: Int, differences: Bool, to terms: inout [Double]
    ) -> Int {
        precondition(values.count % coordinates == 0, "values must hold whole rows")
        let rows = values.count / coordinates - (differences ? 1 : 0)
        guard rows > 0 else {
            terms += repeatElement(0, count: coordinates * termsPerCoordinate)
            return 0
        }
        let n = Double(rows)
        values.withUnsafeBufferPointer { values in
            @inline(__always) func value(_ t: Int, _ j: Int) -> Double {
                differences
                    ? values[(t + 1) * coordinates + j] - values[t * coordinates + j] : values[t * coordinates + j]
            }
            for j in 0..<coordinates {
                var total = CompensatedSum()
                var low = Double.infinity, high = -Double.infinity
                for t in 0..<rows {
                    let v = value(t, j)
                    total.add(v)
                    low = min(low, v)
                    high = max(high, v)
                }
                let mean = total.value / n
                var deviations = CompensatedSum()
                for t in 0..<rows {
                    let d = value(t, j) - mean
                    deviations.add(d * d)
                }
                // 2 m s = 2 m s_hi (exact as p₁ + e₁) + 2 m s_lo; n m² = n (p₂ + e₂) = p₃ + e₃ + n e₂.
                let p1 = 2 * mean * total.sum
                let e1 = (-p1).addingProduct(2 * mean, total.sum)
                let p2 = mean * mean
                let e2 = (-p2).addingProduct(mean, mean)
                let p3 = n * p2
                let e3 = (-p3).addingProduct(n, p2)
                terms += [
                    total.sum, total.compensation,
                    deviations.sum, deviations.compensation, p1, e1, 2 * mean * total.compensation, -p3, -(e3 + n * e2),
                    low, high,
                ]
            }
        }
        return rows
    }
}

/// Per-channel sums of interleaved RGB bytes: count, sum and sum of squares (exact integers) and range.
struct PixelSums: Equatable, Sendable {
    var count = 0
    var sums: [UInt64] = [0, 0, 0]
    var squares: [UInt64] = [0, 0, 0]
    var low: [UInt8] = [255, 255, 255]
    var high: [UInt8] = [0, 0, 0]

    /// The sums of `pixels`: ``vectorised(_:)`` in optimised builds, ``oneByOne(_:)`` in debug builds (where the
    /// vector code is not optimised and is the slower); both give the same sums (tested in either build).
    init(_ pixels: UnsafeBufferPointer<UInt8>) {
        #if DEBUG
            self = Self.oneByOne(pixels)
        #else
            self = Self.vectorised(pixels)
        #endif
    }

    init() {}

    /// The sums of `pixels`, vectorised: 48 bytes (16 pixels) at a time as three 16-byte vectors, whose lane l of
    /// vector k always holds channel (16 k + l) mod 3; each lane accumulates its sum and sum of squares in 32 bits
    /// (emptied into the 64-bit channel totals before they can overflow) and its minimum and maximum. Unoptimised
    /// (a debug build), vector code like this ran at ~10 MB/s, 10 times slower than ``oneByOne(_:)`` (measured with
    /// `physgen generate --json`, 2026-12-04, load average 10-12).
    static func vectorised(_ pixels: UnsafeBufferPointer<UInt8>) -> PixelSums {
        precondition(pixels.count % 3 == 0, "RGB pixels")
        var result = PixelSums()
        result.count = pixels.count / 3
        let blockBytes = 48
        let blocks = pixels.count / blockBytes
        if blocks > 0, let base = pixels.baseAddress {
            let raw = UnsafeRawPointer(base)
            var lowest = (SIMD16<UInt8>(repeating: 255), SIMD16<UInt8>(repeating: 255), SIMD16<UInt8>(repeating: 255))
            var highest = (SIMD16<UInt8>(), SIMD16<UInt8>(), SIMD16<UInt8>())
            var block = 0
            while block < blocks {
                // At most 65,025 per block and lane: 60,000 blocks stay below 2³².
                let end = Swift.min(blocks, block + 60_000)
                var laneSums = (SIMD16<UInt32>(), SIMD16<UInt32>(), SIMD16<UInt32>())
                var laneSquares = (SIMD16<UInt32>(), SIMD16<UInt32>(), SIMD16<UInt32>())
                while block < end {
                    let offset = block * blockBytes
                    let v0 = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
                    let v1 = raw.loadUnaligned(fromByteOffset: offset + 16, as: SIMD16<UInt8>.self)
                    let v2 = raw.loadUnaligned(fromByteOffset: offset + 32, as: SIMD16<UInt8>.self)
                    let w0 = Self.widened(v0), w1 = Self.widened(v1), w2 = Self.widened(v2)
                    laneSums.0 &+= w0
                    laneSums.1 &+= w1
                    laneSums.2 &+= w2
                    laneSquares.0 &+= w0 &* w0
                    laneSquares.1 &+= w1 &* w1
                    laneSquares.2 &+= w2 &* w2
                    lowest.0 = Self.lanewise(lowest.0, v0) { Swift.min($0, $1) }
                    lowest.1 = Self.lanewise(lowest.1, v1) { Swift.min($0, $1) }
                    lowest.2 = Self.lanewise(lowest.2, v2) { Swift.min($0, $1) }
                    highest.0 = Self.lanewise(highest.0, v0) { Swift.max($0, $1) }
                    highest.1 = Self.lanewise(highest.1, v1) { Swift.max($0, $1) }
                    highest.2 = Self.lanewise(highest.2, v2) { Swift.max($0, $1) }
                    block += 1
                }
                let lanes = [(laneSums.0, laneSquares.0), (laneSums.1, laneSquares.1), (laneSums.2, laneSquares.2)]
                for (k, (sum, square)) in lanes.enumerated() {
                    for lane in 0..<16 {
                        result.sums[(16 * k + lane) % 3] += UInt64(sum[lane])
                        result.squares[(16 * k + lane) % 3] += UInt64(square[lane])
                    }
                }
            }
            for (k, (l, h)) in [(lowest.0, highest.0), (lowest.1, highest.1), (lowest.2, highest.2)].enumerated() {
                for lane in 0..<16 {
                    result.low[(16 * k + lane) % 3] = Swift.min(result.low[(16 * k + lane) % 3], l[lane])
                    result.high[(16 * k + lane) % 3] = Swift.max(result.high[(16 * k + lane) % 3], h[lane])
                }
            }
        }
        result.addOneByOne(
            UnsafeBufferPointer(rebasing: pixels[(blocks * blockBytes)...]), firstIndex: blocks * blockBytes)
        return result
    }

    // Lane by lane, written out: the standard library's generic `SIMD16<UInt32>(truncatingIfNeeded:)`,
    // `pointwiseMin` and `pointwiseMax` are not inlined here (a call per vector); written out, LLVM emits single
    // vector instructions (vpmovzxbd, vpminub, vpmaxub). The statistics phase of 5,000 pendulum trajectories went
    // from 0.148 to 0.048 CPU-s (`physgen generate --preset pendulum --trajectories 5000 --split train --json`,
    // release, load average 8-9, 2026-12-04).
    @inline(__always)
    static func widened(_ v: SIMD16<UInt8>) -> SIMD16<UInt32> {
        SIMD16<UInt32>(
            UInt32(v[0]), UInt32(v[1]), UInt32(v[2]), UInt32(v[3]),
            UInt32(v[4]), UInt32(v[5]), UInt32(v[6]), UInt32(v[7]),
            UInt32(v[8]), UInt32(v[9]), UInt32(v[10]), UInt32(v[11]),
            UInt32(v[12]), UInt32(v[13]), UInt32(v[14]), UInt32(v[15]))
    }

    @inline(__always)
    static func lanewise(_ a: SIMD16<UInt8>, _ b: SIMD16<UInt8>, _ pick: (UInt8, UInt8) -> UInt8) -> SIMD16<UInt8> {
        SIMD16<UInt8>(
            pick(a[0], b[0]), pick(a[1], b[1]), pick(a[2], b[2]), pick(a[3], b[3]),
            pick(a[4], b[4]), pick(a[5], b[5]), pick(a[6], b[6]), pick(a[7], b[7]),
            pick(a[8], b[8]), pick(a[9], b[9]), pick(a[10], b[10]), pick(a[11], b[11]),
            pick(a[12], b[12]), pick(a[13], b[13]), pick(a[14], b[14]), pick(a[15], b[15]))
    }

    /// The sums of `pixels`, one byte at a time.
    static func oneByOne(_ pixels: UnsafeBufferPointer<UInt8>) -> PixelSums {
        precondition(pixels.count % 3 == 0, "RGB pixels")
        var result = PixelSums()
        result.count = pixels.count / 3
        result.addOneByOne(pixels, firstIndex: 0)
        return result
    }

    /// Adds bytes whose first has index `firstIndex` in the frames (which gives its channel). Written with locals
    /// only, so that it stays fast unoptimised.
    private mutating func addOneByOne(_ pixels: UnsafeBufferPointer<UInt8>, firstIndex: Int) {
        var sums = (UInt64(0), UInt64(0), UInt64(0)), squares = (UInt64(0), UInt64(0), UInt64(0))
        var low = (self.low[0], self.low[1], self.low[2]), high = (self.high[0], self.high[1], self.high[2])
        var channel = firstIndex % 3
        for v in pixels {
            let value = UInt64(v)
            if channel == 0 {
                sums.0 &+= value
                squares.0 &+= value &* value
                if v < low.0 { low.0 = v }
                if v > high.0 { high.0 = v }
                channel = 1
            } else if channel == 1 {
                sums.1 &+= value
                squares.1 &+= value &* value
                if v < low.1 { low.1 = v }
                if v > high.1 { high.1 = v }
                channel = 2
            } else {
                sums.2 &+= value
                squares.2 &+= value &* value
                if v < low.2 { low.2 = v }
                if v > high.2 { high.2 = v }
                channel = 0
            }
        }
        self.sums = [self.sums[0] + sums.0, self.sums[1] + sums.1, self.sums[2] + sums.2]
        self.squares = [self.squares[0] + squares.0, self.squares[1] + squares.1, self.squares[2] + squares.2]
        self.low = [low.0, low.1, low.2]
        self.high = [high.0, high.1, high.2]
    }
}

extension CoordinateSums {
    /// Adds the per-channel sums of a trajectory's frames.
    mutating func add(_ pixels: PixelSums) {
        precondition(coordinates == 3, "RGB channels")
        guard pixels.count > 0 else { return }
        count += pixels.count
        for channel in 0..<3 {
            sum[channel].add(pixels.sums[channel])
            sumOfSquares[channel].add(pixels.squares[channel])
            minimum[channel] = Swift.min(minimum[channel], Double(pixels.low[channel]))
            maximum[channel] = Swift.max(maximum[channel], Double(pixels.high[channel]))
        }
    }
}

/// Neumaier's compensated sum: the rounded running sum and the accumulated rounding errors, whose sum is accurate to
/// about one rounding of the result whatever the number of terms.
struct CompensatedSum {
    private(set) var sum = 0.0
    private(set) var compensation = 0.0

    mutating func add(_ v: Double) {
        let t = sum + v
        compensation += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
        sum = t
    }

    var value: Double { sum + compensation }
}
