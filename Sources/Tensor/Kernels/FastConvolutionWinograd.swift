/// Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions.
///
/// Each 2x2 output tile comes from a 4x4 input patch `d` and the 3x3 filter `g` as `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`,
/// with
/// ```
///      ⎡1  0 -1  0⎤        ⎡ 1    0    0 ⎤        ⎡1  1  1  0⎤
/// Bᵀ = ⎢0  1  1  0⎥    G = ⎢1/2  1/2  1/2⎥   Aᵀ = ⎣0  1 -1 -1⎦
///      ⎢0 -1  1  0⎥        ⎢1/2 -1/2  1/2⎥
///      ⎣0  1  0 -1⎦        ⎣ 0    0    1 ⎦
/// ```
/// Summed over input channels, the elementwise product becomes 16 independent matrix products, one per position `ξ`
/// of the 4x4 transformed tile: `M_ξ[tiles, C_out] = V_ξ[tiles, C_in] · U_ξ[C_in, C_out]`. That is 16 multiplies per
/// 4 outputs instead of 36: 2.25x fewer flops than the direct convolution, at the price of the (linear-time)
/// transforms. The weight gradient is the exact adjoint: `dU_ξ = V_ξᵀ · dM_ξ` with `dM = A dY Aᵀ`, then
/// `dW = Gᵀ dU G`. The transforms only add, subtract and halve, so their rounding error stays within a few ulps.
///
/// Tiles are numbered over `(image, tileRow, tileColumn)`; a chunk is a block of consecutive tiles whose transformed
/// data (`16 * tiles * (C_in + C_out)` floats) fits the per-chunk scratch budget.
extension FastConvolution {
    /// How the output of a 3x3 stride-1 convolution is covered by `m`x`m` tiles (`m` = 2 for F(2x2, 3x3), 4 for
    /// F(4x4, 3x3)), each computed from an `(m + 2)`x`(m + 2)` input patch.
    struct WinogradTiling {
        let geometry: Conv2DGeometry
        /// Side of an output tile, `m`.
        let tileSize: Int
        let tileRows: Int
        let tileColumns: Int

        init(_ g: Conv2DGeometry) {
            geometry = g
            tileSize = g.winogradTileSize
            tileRows = (g.outputHeight + tileSize - 1) / tileSize
            tileColumns = (g.outputWidth + tileSize - 1) / tileSize
        }

        var tilesPerImage: Int { tileRows * tileColumns }
        var tileCount: Int { geometry.batch * tilesPerImage }
        /// Side of a transformed tile, `m + 2`.
        var transformedSize: Int { tileSize + 2 }
        /// Positions `ξ` of a transformed tile: one matrix product each.
        var points: Int { transformedSize * transformedSize }

        /// Image, first output row and first output column of tile `tile`.
        func origin(of tile: Int) -> (image: Int, y: Int, x: Int) {
            let image = tile / tilesPerImage
            let withinImage = tile - image * tilesPerImage
            return (image, tileSize * (withinImage / tileColumns), tileSize * (withinImage % tileColumns))
        }

        /// Floats between consecutive transformed planes of `tiles` tiles of `channels` channels: the planes' size
        /// plus 32 floats. Unpadded planes of 64 tiles x 64 channels lie 16 KiB apart, so the 16 streams a transform
        /// reads or writes all fall into one L1 cache set; the padding spreads them (measured: both transforms
        /// 1.6-1.9x faster on the HGN decoder's layers).
        static func planeStride(tiles: Int, channels: Int) -> Int { tiles * channels + 32 }

        /// Blocks of tiles, each with room for its transformed input and output in one scratch buffer.
        var blocks: Blocks {
            Blocks(
                total: tileCount, floatsPerItem: points * (geometry.inChannels + geometry.outChannels),
                minimum: 16, maximum: 1024)
        }

        /// `U = G g Gᵀ` for every channel pair: `points` matrices `[C_in, C_out]`.
        func transformWeight(_ weight: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>) {
            if tileSize == 4 {
                FastConvolution.winogradF4TransformWeight(geometry, weight: weight, into: u)
            } else {
                FastConvolution.winogradTransformWeight(geometry, weight: weight, into: u)
            }
        }

        /// `dW = Gᵀ dU G`, the adjoint of ``transformWeight(_:into:)``.
        func transformWeightGradient(_ du: UnsafePointer<Float>, into weightGradient: UnsafeMutablePointer<Float>) {
            if tileSize == 4 {
                FastConvolution.winogradF4TransformWeightGradient(geometry, transformed: du, into: weightGradient)
            } else {
                FastConvolution.winogradTransformWeightGradient(geometry, transformed: du, into: weightGradient)
            }
        }

        /// `V = Bᵀ d B` for the input patches of `tiles`.
        func transformInput(
            _ input: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
            into v: UnsafeMutablePointer<Float>
        ) {
            if tileSize == 4 {
                FastConvolution.winogradF4TransformInput(self, input: input, tiles: tiles, zeros: zeros, into: v)
            } else {
                FastConvolution.winogradTransformInput(self, input: input, tiles: tiles, zeros: zeros, into: v)
            }
        }

        /// `Y = Aᵀ M A` for the output tiles `tiles`.
        func transformOutput(
            _ m: UnsafePointer<Float>, tiles: Range<Int>, sink: UnsafeMutablePointer<Float>,
            into output: UnsafeMutablePointer<Float>
        ) {
            if tileSize == 4 {
                FastConvolution.winogradF4TransformOutput(self, products: m, tiles: tiles, sink: sink, into: output)
            } else {
                FastConvolution.winogradTransformOutput(self, products: m, tiles: tiles, sink: sink, into: output)
            }
        }

        /// `dM = A dY Aᵀ` for the output-gradient tiles `tiles`.
        func transformOutputGradient(
            _ dy: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
            into dm: UnsafeMutablePointer<Float>
        ) {
            if tileSize == 4 {
                FastConvolution.winogradF4TransformOutputGradient(
                    self, outputGradient: dy, tiles: tiles, zeros: zeros,
                    into: dm)
            } else {
                FastConvolution.winogradTransformOutputGradient(
                    self, outputGradient: dy, tiles: tiles, zeros: zeros,
                    into: dm)
            }
        }
    }

    /// `Y = conv(X, W)` by Winograd F(2x2, 3x3) or F(4x4, 3x3). Also handles the negative padding of transposed
    /// geometries.
    static func winogradForward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        let tiling = WinogradTiling(g)
        let (blocks, points) = (tiling.blocks, tiling.points)
        let transformedWeight = UnsafeMutablePointer<Float>.allocate(capacity: points * cin * cout)
        defer { transformedWeight.deallocate() }
        tiling.transformWeight(weight, into: transformedWeight)
        let zeros = UnsafeMutablePointer<Float>.allocate(capacity: cin)
        zeros.initialize(repeating: 0, count: cin)
        defer { zeros.deallocate() }

        ComputeThreads.parallelFor(chunks: blocks.count) { block in
            let tiles = blocks.range(block)
            let n = tiles.count
            let (inputPlane, productPlane) = (
                WinogradTiling.planeStride(tiles: n, channels: cin),
                WinogradTiling.planeStride(tiles: n, channels: cout)
            )
            FastConvolutionScratch.withBuffer(count: points * (inputPlane + productPlane) + cout) { scratch in
                let transformedInput = scratch
                let products = scratch + points * inputPlane
                let sink = products + points * productPlane
                tiling.transformInput(input, tiles: tiles, zeros: zeros, into: transformedInput)
                for xi in 0..<points {
                    gemm(
                        m: n, n: cout, k: cin, a: transformedInput + xi * inputPlane, lda: cin,
                        b: transformedWeight + xi * cin * cout, ldb: cout,
                        beta: 0, c: products + xi * productPlane, ldc: cout)
                }
                tiling.transformOutput(products, tiles: tiles, sink: sink, into: output)
            }
        }
    }

    /// `dW = Gᵀ (Σ_tiles V_ξᵀ dM_ξ) G` by Winograd F(2x2, 3x3) or F(4x4, 3x3).
    static func winogradBackwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        let tiling = WinogradTiling(g)
        let (blocks, points) = (tiling.blocks, tiling.points)
        let zeros = UnsafeMutablePointer<Float>.allocate(capacity: max(cin, cout))
        zeros.initialize(repeating: 0, count: max(cin, cout))
        defer { zeros.deallocate() }
        let transformedGradient = UnsafeMutablePointer<Float>.allocate(capacity: points * cin * cout)
        defer { transformedGradient.deallocate() }

        sumOverBlocks(blockCount: blocks.count, resultCount: points * cin * cout, into: transformedGradient) {
            block, partial, first in
            let tiles = blocks.range(block)
            let n = tiles.count
            let (inputPlane, gradientPlane) = (
                WinogradTiling.planeStride(tiles: n, channels: cin),
                WinogradTiling.planeStride(tiles: n, channels: cout)
            )
            FastConvolutionScratch.withBuffer(count: points * (inputPlane + gradientPlane)) { scratch in
                let transformedInput = scratch
                let transformedOutputGradient = scratch + points * inputPlane
                tiling.transformInput(input, tiles: tiles, zeros: zeros, into: transformedInput)
                tiling.transformOutputGradient(
                    outputGradient, tiles: tiles, zeros: zeros,
                    into: transformedOutputGradient)
                for xi in 0..<points {
                    gemm(
                        transposeA: true, m: cin, n: cout, k: n, a: transformedInput + xi * inputPlane, lda: cin,
                        b: transformedOutputGradient + xi * gradientPlane, ldb: cout,
                        beta: first ? 0 : 1, c: partial + xi * cin * cout, ldc: cout)
                }
            }
        }
        tiling.transformWeightGradient(transformedGradient, into: weightGradient)
    }

    // MARK: Transforms

    /// `U_ξ[ci, co] = (G g Gᵀ)_ξ` for every channel pair; `u` holds 16 matrices `[C_in, C_out]`.
    ///
    /// Eight output channels at a time in `SIMD8<Float>` lanes (the same operations as one at a time, so the same
    /// bits), input channels split over ``ComputeThreads`` when there are enough of them.
    static func winogradTransformWeight(
        _ g: Conv2DGeometry, weight: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        forEachWeightChunk(inChannels: cin, outChannels: cout) { channels in
            for ci in channels {
                var co = 0
                while co + 8 <= cout {
                    transformF2Weight(weight, into: u, ci: ci, co: co, cin: cin, cout: cout, as: SIMD8<Float>.self)
                    co += 8
                }
                while co < cout {
                    transformF2Weight(weight, into: u, ci: ci, co: co, cin: cin, cout: cout, as: Float.self)
                    co += 1
                }
            }
        }
    }

    /// The 16 transformed taps of the weights `(ci, co ..< co + lanes)`.
    @inline(__always)
    private static func transformF2Weight<L: WinogradLane>(
        _ weight: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>, ci: Int, co: Int, cin: Int, cout: Int,
        as _: L.Type
    ) {
        let tapStride = cin * cout
        let w = weight + ci * cout + co
        @inline(__always) func tap(_ i: Int, _ j: Int) -> L { L.load(w + (i * 3 + j) * tapStride) }
        // G g (4x3), one column at a time.
        @inline(__always)
        func rows(_ j: Int) -> (L, L, L, L) {
            let (g0, g1, g2) = (tap(0, j), tap(1, j), tap(2, j))
            return (g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2)
        }
        let (c0, c1, c2) = (rows(0), rows(1), rows(2))
        // (G g) Gᵀ (4x4), one row at a time.
        @inline(__always)
        func store(row i: Int, _ t0: L, _ t1: L, _ t2: L) {
            let base = u + (i * 4) * tapStride + ci * cout + co
            t0.store(to: base)
            (0.5 * (t0 + t1 + t2)).store(to: base + tapStride)
            (0.5 * (t0 - t1 + t2)).store(to: base + 2 * tapStride)
            t2.store(to: base + 3 * tapStride)
        }
        store(row: 0, c0.0, c1.0, c2.0)
        store(row: 1, c0.1, c1.1, c2.1)
        store(row: 2, c0.2, c1.2, c2.2)
        store(row: 3, c0.3, c1.3, c2.3)
    }

    /// Calls `body` with runs of input channels that cover `0..<inChannels`, concurrently when the weight holds at
    /// least 2,048 channel pairs per run (tens of microseconds of transform, well above a parallel region's cost).
    /// Every channel pair is written by exactly one call, so the result does not depend on the thread count.
    static func forEachWeightChunk(inChannels: Int, outChannels: Int, _ body: (Range<Int>) -> Void) {
        let runs = min(inChannels, max(1, inChannels * outChannels / 2_048))
        guard runs > 1 else {
            body(0..<inChannels)
            return
        }
        let blocks = Blocks(total: inChannels, blockSize: (inChannels + runs - 1) / runs)
        ComputeThreads.parallelFor(chunks: blocks.count) { body(blocks.range($0)) }
    }

    /// `dW = Gᵀ dU G` for every channel pair; the adjoint of `winogradTransformWeight`.
    static func winogradTransformWeightGradient(
        _ g: Conv2DGeometry, transformed du: UnsafePointer<Float>, into weightGradient: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        let stride = cin * cout
        for ci in 0..<cin {
            for co in 0..<cout {
                let x = du + ci * cout + co
                func at(_ i: Int, _ j: Int) -> Float { x[(i * 4 + j) * stride] }
                // Gᵀ dU (3x4), one column at a time.
                func rows(_ j: Int) -> (Float, Float, Float) {
                    let (x0, x1, x2, x3) = (at(0, j), at(1, j), at(2, j), at(3, j))
                    return (x0 + 0.5 * (x1 + x2), 0.5 * (x1 - x2), 0.5 * (x1 + x2) + x3)
                }
                let (c0, c1, c2, c3) = (rows(0), rows(1), rows(2), rows(3))
                // (Gᵀ dU) G (3x3), one row at a time.
                func store(row i: Int, _ r0: Float, _ r1: Float, _ r2: Float, _ r3: Float) {
                    let base = weightGradient + (i * 3) * stride + ci * cout + co
                    base[0] = r0 + 0.5 * (r1 + r2)
                    base[stride] = 0.5 * (r1 - r2)
                    base[2 * stride] = 0.5 * (r1 + r2) + r3
                }
                store(row: 0, c0.0, c1.0, c2.0, c3.0)
                store(row: 1, c0.1, c1.1, c2.1, c3.1)
                store(row: 2, c0.2, c1.2, c2.2, c3.2)
            }
        }
    }

    /// `V_ξ[t, c] = (Bᵀ d B)_ξ` for the input patches of `tiles`; `v` holds 16 matrices `[tiles.count, C_in]`, `planeStride`
    /// apart.
    static func winogradTransformInput(
        _ tiling: WinogradTiling, input: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
        into v: UnsafeMutablePointer<Float>
    ) {
        let g = tiling.geometry
        let (h, w, cin) = (g.height, g.width, g.inChannels)
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cin)
        for tile in tiles {
            let (image, oy, ox) = tiling.origin(of: tile)
            let y0 = oy - g.padTop
            let x0 = ox - g.padLeft
            @inline(__always)
            func pixel(_ i: Int, _ j: Int) -> UnsafePointer<Float> {
                let (y, x) = (y0 + i, x0 + j)
                return y >= 0 && y < h && x >= 0 && x < w ? input + ((image * h + y) * w + x) * cin : zeros
            }
            let patch = WinogradInputPatch(
                p00: pixel(0, 0), p01: pixel(0, 1), p02: pixel(0, 2), p03: pixel(0, 3),
                p10: pixel(1, 0), p11: pixel(1, 1), p12: pixel(1, 2), p13: pixel(1, 3),
                p20: pixel(2, 0), p21: pixel(2, 1), p22: pixel(2, 2), p23: pixel(2, 3),
                p30: pixel(3, 0), p31: pixel(3, 1), p32: pixel(3, 2), p33: pixel(3, 3),
                target: v + (tile - tiles.lowerBound) * cin, planeStride: planeStride)
            patch.transformChannels(cin)
        }
    }

    /// `dM_ξ[t, c] = (A dY Aᵀ)_ξ` for the 2x2 output-gradient tiles `tiles`; `dm` holds 16 matrices `[tiles.count, C_out]`.
    static func winogradTransformOutputGradient(
        _ tiling: WinogradTiling, outputGradient: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
        into dm: UnsafeMutablePointer<Float>
    ) {
        let g = tiling.geometry
        let (oh, ow, cout) = (g.outputHeight, g.outputWidth, g.outChannels)
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cout)
        for tile in tiles {
            let (image, oy, ox) = tiling.origin(of: tile)
            @inline(__always)
            func pixel(_ i: Int, _ j: Int) -> UnsafePointer<Float> {
                let (y, x) = (oy + i, ox + j)
                return y < oh && x < ow ? outputGradient + ((image * oh + y) * ow + x) * cout : zeros
            }
            let tileGradient = WinogradOutputGradientTile(
                y00: pixel(0, 0), y01: pixel(0, 1), y10: pixel(1, 0), y11: pixel(1, 1),
                target: dm + (tile - tiles.lowerBound) * cout, planeStride: planeStride)
            tileGradient.transformChannels(cout)
        }
    }

    /// `Y = Aᵀ M A` for the 2x2 output tiles `tiles`; pixels past the output's edge go to `sink`.
    static func winogradTransformOutput(
        _ tiling: WinogradTiling, products m: UnsafePointer<Float>, tiles: Range<Int>,
        sink: UnsafeMutablePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let g = tiling.geometry
        let (oh, ow, cout) = (g.outputHeight, g.outputWidth, g.outChannels)
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cout)
        for tile in tiles {
            let (image, oy, ox) = tiling.origin(of: tile)
            @inline(__always)
            func pixel(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Float> {
                let (y, x) = (oy + i, ox + j)
                return y < oh && x < ow ? output + ((image * oh + y) * ow + x) * cout : sink
            }
            let products = WinogradOutputTile(
                source: m + (tile - tiles.lowerBound) * cout, planeStride: planeStride,
                q00: pixel(0, 0), q01: pixel(0, 1), q10: pixel(1, 0), q11: pixel(1, 1))
            products.transformChannels(cout)
        }
    }
}

// MARK: - Per-tile transforms, vectorised over channels

/// A per-tile transform applied to a group of channels at a time (the tile structs below).
protocol WinogradChannelTransform {
    /// Transforms the channels `c ..< c + L.scalarCount`.
    func transform<L: WinogradLane>(at c: Int, as lane: L.Type)
}

extension WinogradChannelTransform {
    /// Transforms channels `0 ..< channels`: 16 at a time, then 4, then one by one.
    @inline(__always)
    func transformChannels(_ channels: Int) {
        var c = 0
        while c + 16 <= channels {
            transform(at: c, as: SIMD16<Float>.self)
            c += 16
        }
        while c + 4 <= channels {
            transform(at: c, as: SIMD4<Float>.self)
            c += 4
        }
        while c < channels {
            transform(at: c, as: Float.self)
            c += 1
        }
    }
}

/// A group of consecutive channels processed together: a single `Float` or a SIMD vector of them.
protocol WinogradLane {
    static func load(_ pointer: UnsafePointer<Float>) -> Self
    func store(to pointer: UnsafeMutablePointer<Float>)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func * (lhs: Float, rhs: Self) -> Self
}

extension Float: WinogradLane {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Float { pointer.pointee }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) { pointer.pointee = self }
}

extension SIMD4: WinogradLane where Scalar == Float {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}

/// Float64 lanes for the F(4x4, 3x3) weight transform: loaded from and stored to Float32 memory, computed in Float64.
protocol WinogradWeightLane {
    static func load(_ pointer: UnsafePointer<Float>) -> Self
    func store(to pointer: UnsafeMutablePointer<Float>)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func / (lhs: Self, rhs: Double) -> Self
}

extension Double: WinogradWeightLane {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Double { Double(pointer.pointee) }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) { pointer.pointee = Float(self) }
}

extension SIMD4: WinogradWeightLane where Scalar == Double {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Self {
        let x = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
        return SIMD4<Double>(Double(x[0]), Double(x[1]), Double(x[2]), Double(x[3]))
    }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) {
        let x = SIMD4<Float>(Float(self[0]), Float(self[1]), Float(self[2]), Float(self[3]))
        UnsafeMutableRawPointer(pointer).storeBytes(of: x, as: SIMD4<Float>.self)
    }
}

extension SIMD8: WinogradLane where Scalar == Float {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}

extension SIMD16: WinogradLane where Scalar == Float {
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }
    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}

/// The 16 channel vectors of one 4x4 input patch (`pij` = row `i`, column `j`), and where `Bᵀ d B` goes.
struct WinogradInputPatch: WinogradChannelTransform {
    let p00, p01, p02, p03, p10, p11, p12, p13, p20, p21, p22, p23, p30, p31, p32, p33: UnsafePointer<Float>
    let target: UnsafeMutablePointer<Float>
    let planeStride: Int

    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, as _: L.Type) {
        // Bᵀ d: combine rows, column by column.
        @inline(__always)
        func rowCombinations(
            _ d0: UnsafePointer<Float>, _ d1: UnsafePointer<Float>, _ d2: UnsafePointer<Float>,
            _ d3: UnsafePointer<Float>
        ) -> (L, L, L, L) {
            let (x0, x1, x2, x3) = (L.load(d0 + c), L.load(d1 + c), L.load(d2 + c), L.load(d3 + c))
            return (x0 - x2, x1 + x2, x2 - x1, x1 - x3)
        }
        let column0 = rowCombinations(p00, p10, p20, p30)
        let column1 = rowCombinations(p01, p11, p21, p31)
        let column2 = rowCombinations(p02, p12, p22, p32)
        let column3 = rowCombinations(p03, p13, p23, p33)
        // (Bᵀ d) B: combine columns, row by row.
        @inline(__always)
        func store(row i: Int, _ x0: L, _ x1: L, _ x2: L, _ x3: L) {
            let base = target + c + 4 * i * planeStride
            (x0 - x2).store(to: base)
            (x1 + x2).store(to: base + planeStride)
            (x2 - x1).store(to: base + 2 * planeStride)
            (x1 - x3).store(to: base + 3 * planeStride)
        }
        store(row: 0, column0.0, column1.0, column2.0, column3.0)
        store(row: 1, column0.1, column1.1, column2.1, column3.1)
        store(row: 2, column0.2, column1.2, column2.2, column3.2)
        store(row: 3, column0.3, column1.3, column2.3, column3.3)
    }
}

/// The 16 transformed products of one tile (planes `planeStride` apart) and the 4 output pixels `Aᵀ M A` goes to.
struct WinogradOutputTile: WinogradChannelTransform {
    let source: UnsafePointer<Float>
    let planeStride: Int
    let q00, q01, q10, q11: UnsafeMutablePointer<Float>

    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, as _: L.Type) {
        // Aᵀ M: for column j, the top and bottom entries of the 2x4 product.
        @inline(__always)
        func column(_ j: Int) -> (top: L, bottom: L) {
            let x0 = L.load(source + c + j * planeStride)
            let x1 = L.load(source + c + (4 + j) * planeStride)
            let x2 = L.load(source + c + (8 + j) * planeStride)
            let x3 = L.load(source + c + (12 + j) * planeStride)
            return (x0 + x1 + x2, x1 - x2 - x3)
        }
        let (c0, c1, c2, c3) = (column(0), column(1), column(2), column(3))
        // (Aᵀ M) A: two columns per row.
        (c0.top + c1.top + c2.top).store(to: q00 + c)
        (c1.top - c2.top - c3.top).store(to: q01 + c)
        (c0.bottom + c1.bottom + c2.bottom).store(to: q10 + c)
        (c1.bottom - c2.bottom - c3.bottom).store(to: q11 + c)
    }
}

/// The 4 channel vectors of one 2x2 output-gradient tile, and where `A dY Aᵀ` goes.
struct WinogradOutputGradientTile: WinogradChannelTransform {
    let y00, y01, y10, y11: UnsafePointer<Float>
    let target: UnsafeMutablePointer<Float>
    let planeStride: Int

    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, as _: L.Type) {
        let (a, b, d, e) = (L.load(y00 + c), L.load(y01 + c), L.load(y10 + c), L.load(y11 + c))
        // A dY is 4x2 with rows (a, b), (a + d, b + e), (a - d, b - e), (-d, -e); then (A dY) Aᵀ maps each row
        // (x0, x1) to (x0, x0 + x1, x0 - x1, -x1).
        @inline(__always)
        func store(row i: Int, _ x0: L, _ x1: L) {
            let base = target + c + 4 * i * planeStride
            x0.store(to: base)
            (x0 + x1).store(to: base + planeStride)
            (x0 - x1).store(to: base + 2 * planeStride)
            (-x1).store(to: base + 3 * planeStride)
        }
        store(row: 0, a, b)
        store(row: 1, a + d, b + e)
        store(row: 2, a - d, b - e)
        store(row: 3, -d, -e)
    }
}
