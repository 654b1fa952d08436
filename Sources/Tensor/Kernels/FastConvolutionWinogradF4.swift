/// Winograd F(4x4, 3x3) transforms, for 3x3 stride-1 convolutions whose outputs are at least 8x8.
///
/// Each 4x4 output tile comes from a 6x6 input patch `d` as `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`, with the
/// interpolation points 0, ±1, ±2 and ∞ (Lavin and Gray, 2016):
/// ```
///      ⎡4  0 -5  0  1  0⎤        ⎡ 1/4     0     0 ⎤
///      ⎢0 -4 -4  1  1  0⎥        ⎢-1/6  -1/6  -1/6 ⎥        ⎡1  1  1  1  1  0⎤
/// Bᵀ = ⎢0  4 -4 -1  1  0⎥    G = ⎢-1/6   1/6  -1/6 ⎥   Aᵀ = ⎢0  1 -1  2 -2  0⎥
///      ⎢0 -2 -1  2  1  0⎥        ⎢1/24  1/12   1/6 ⎥        ⎢0  1  1  4  4  0⎥
///      ⎢0  2 -1 -2  1  0⎥        ⎢1/24 -1/12   1/6 ⎥        ⎣0  1 -1  8 -8  1⎦
///      ⎣0  4  0 -5  0  1⎦        ⎣  0     0     1  ⎦
/// ```
/// 36 products per 16 outputs instead of 144: 4x fewer multiplies than the direct convolution (F(2x2, 3x3): 2.25x),
/// so its 36 GEMMs do 44% fewer flops than F(2x2, 3x3)'s 16 over the same outputs, on 44% less transformed data.
///
/// Accuracy. The transforms multiply by up to 8 (Aᵀ) and 5 (Bᵀ), so Float32 rounding grows: measured against the
/// direct convolution in Float64 on the HGN decoder's layers (64 -> 64 channels, random inputs), the largest error is
/// about 4x that of F(2x2, 3x3) and within the test bound of `FastConvolutionTests` (see `BENCHMARKS.md`). The weight
/// transforms `G g Gᵀ` and `Gᵀ dU G`, whose fractions 1/6, 1/12, 1/24 do not round exactly, run in Float64.
/// `Conv2DGeometry.winogradTileSize` keeps F(2x2, 3x3) for outputs under 8x8: there F(4x4) would compute mostly
/// padding, and those small layers (the Hamiltonian network's 4x4 maps, which training differentiates twice) cost
/// little.
extension FastConvolution {
    /// `U_ξ[ci, co] = (G g Gᵀ)_ξ` for every channel pair (in Float64, rounded once); `u` holds 36 matrices
    /// `[C_in, C_out]`.
    ///
    /// Four output channels at a time in `SIMD4<Double>` lanes (the same Float64 operations in the same order as one
    /// at a time, so the same bits), input channels split over ``ComputeThreads`` when there are enough of them: the
    /// transform runs on every call, outside the tiles' parallel loop, so a serial one idled the other threads.
    static func winogradF4TransformWeight(
        _ g: Conv2DGeometry, weight: UnsafePointer<Float>,
        into u: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        forEachWeightChunk(inChannels: cin, outChannels: cout) { channels in
            for ci in channels {
                var co = 0
                while co + 4 <= cout {
                    transformF4Weight(weight, into: u, ci: ci, co: co, cin: cin, cout: cout, as: SIMD4<Double>.self)
                    co += 4
                }
                while co < cout {
                    transformF4Weight(weight, into: u, ci: ci, co: co, cin: cin, cout: cout, as: Double.self)
                    co += 1
                }
            }
        }
    }

    /// The 36 transformed taps of the weights `(ci, co ..< co + lanes)`.
    @inline(__always)
    private static func transformF4Weight<L: WinogradWeightLane>(
        _ weight: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>, ci: Int, co: Int, cin: Int, cout: Int,
        as _: L.Type
    ) {
        let tapStride = cin * cout
        @inline(__always)
        func interpolate(_ g0: L, _ g1: L, _ g2: L) -> (L, L, L, L, L, L) {
            (
                g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6,
                g0 / 24 - g1 / 12 + g2 / 6,
                g2
            )
        }
        let w = weight + ci * cout + co
        @inline(__always) func tap(_ i: Int, _ j: Int) -> L { L.load(w + (i * 3 + j) * tapStride) }
        // G g (6x3), one column at a time.
        let c0 = interpolate(tap(0, 0), tap(1, 0), tap(2, 0))
        let c1 = interpolate(tap(0, 1), tap(1, 1), tap(2, 1))
        let c2 = interpolate(tap(0, 2), tap(1, 2), tap(2, 2))
        // (G g) Gᵀ (6x6), one row at a time.
        @inline(__always)
        func store(row i: Int, _ t0: L, _ t1: L, _ t2: L) {
            let base = u + (i * 6) * tapStride + ci * cout + co
            let r = interpolate(t0, t1, t2)
            r.0.store(to: base)
            r.1.store(to: base + tapStride)
            r.2.store(to: base + 2 * tapStride)
            r.3.store(to: base + 3 * tapStride)
            r.4.store(to: base + 4 * tapStride)
            r.5.store(to: base + 5 * tapStride)
        }
        store(row: 0, c0.0, c1.0, c2.0)
        store(row: 1, c0.1, c1.1, c2.1)
        store(row: 2, c0.2, c1.2, c2.2)
        store(row: 3, c0.3, c1.3, c2.3)
        store(row: 4, c0.4, c1.4, c2.4)
        store(row: 5, c0.5, c1.5, c2.5)
    }

    /// `dW = Gᵀ dU G` for every channel pair (in Float64); the adjoint of `winogradF4TransformWeight`.
    static func winogradF4TransformWeightGradient(
        _ g: Conv2DGeometry, transformed du: UnsafePointer<Float>, into weightGradient: UnsafeMutablePointer<Float>
    ) {
        let (cin, cout) = (g.inChannels, g.outChannels)
        let stride = cin * cout
        @inline(__always)
        func project(
            _ x0: Double, _ x1: Double, _ x2: Double, _ x3: Double, _ x4: Double, _ x5: Double
        )
            -> (Double, Double, Double)
        {
            (
                x0 / 4 - (x1 + x2) / 6 + (x3 + x4) / 24, (x2 - x1) / 6 + (x3 - x4) / 12,
                -(x1 + x2) / 6 + (x3 + x4) / 6 + x5
            )
        }
        for ci in 0..<cin {
            for co in 0..<cout {
                let x = du + ci * cout + co
                func at(_ i: Int, _ j: Int) -> Double { Double(x[(i * 6 + j) * stride]) }
                // Gᵀ dU (3x6), one column at a time.
                func column(_ j: Int) -> (Double, Double, Double) {
                    project(at(0, j), at(1, j), at(2, j), at(3, j), at(4, j), at(5, j))
                }
                let (c0, c1, c2, c3, c4, c5) = (column(0), column(1), column(2), column(3), column(4), column(5))
                // (Gᵀ dU) G (3x3), one row at a time.
                func store(row i: Int, _ r: (Double, Double, Double)) {
                    let base = weightGradient + (i * 3) * stride + ci * cout + co
                    base[0] = Float(r.0)
                    base[stride] = Float(r.1)
                    base[2 * stride] = Float(r.2)
                }
                store(row: 0, project(c0.0, c1.0, c2.0, c3.0, c4.0, c5.0))
                store(row: 1, project(c0.1, c1.1, c2.1, c3.1, c4.1, c5.1))
                store(row: 2, project(c0.2, c1.2, c2.2, c3.2, c4.2, c5.2))
            }
        }
    }

    /// `V_ξ[t, c] = (Bᵀ d B)_ξ` for the 6x6 input patches of `tiles`; `v` holds 36 matrices `[tiles.count, C_in]`,
    /// `planeStride` apart. Two passes per group of channels: `Bᵀ d` column by column into a small stack buffer, then
    /// `(Bᵀ d) B` row by row into the planes, so that few vectors are live at once.
    static func winogradF4TransformInput(
        _ tiling: WinogradTiling, input: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
        into v: UnsafeMutablePointer<Float>
    ) {
        let g = tiling.geometry
        let (h, w, cin) = (g.height, g.width, g.inChannels)
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cin)
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 36) { pixels in
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 36) { buffer in
                for tile in tiles {
                    let (image, oy, ox) = tiling.origin(of: tile)
                    let (y0, x0) = (oy - g.padTop, ox - g.padLeft)
                    for i in 0..<6 {
                        let y = y0 + i
                        let rowInside = y >= 0 && y < h
                        let row = input + (image * h + y) * w * cin
                        for j in 0..<6 {
                            let x = x0 + j
                            pixels[i * 6 + j] = rowInside && x >= 0 && x < w ? UnsafePointer(row + x * cin) : zeros
                        }
                    }
                    let patch = WinogradF4InputPatch(
                        pixels: UnsafePointer(pixels.baseAddress!),
                        target: v + (tile - tiles.lowerBound) * cin,
                        planeStride: planeStride)
                    var c = 0
                    while c + 8 <= cin {
                        patch.transform(at: c, buffer: buffer.baseAddress!)
                        c += 8
                    }
                    buffer.withMemoryRebound(to: SIMD4<Float>.self) { buffer in
                        while c + 4 <= cin {
                            patch.transform(at: c, buffer: buffer.baseAddress!)
                            c += 4
                        }
                    }
                    buffer.withMemoryRebound(to: Float.self) { buffer in
                        while c < cin {
                            patch.transform(at: c, buffer: buffer.baseAddress!)
                            c += 1
                        }
                    }
                }
            }
        }
    }

    /// `Y = Aᵀ M A` for the 4x4 output tiles `tiles`; pixels past the output's edge go to `sink`.
    static func winogradF4TransformOutput(
        _ tiling: WinogradTiling, products m: UnsafePointer<Float>, tiles: Range<Int>,
        sink: UnsafeMutablePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let cout = tiling.geometry.outChannels
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cout)
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 16) { pixels in
            for tile in tiles {
                tiling.outputPixels(of: tile, in: output, outside: sink, into: pixels.baseAddress!)
                let products = WinogradF4OutputTile(
                    source: m + (tile - tiles.lowerBound) * cout,
                    planeStride: planeStride, pixels: pixels.baseAddress!)
                products.transformChannels(cout)
            }
        }
    }

    /// `dM_ξ[t, c] = (A dY Aᵀ)_ξ` for the 4x4 output-gradient tiles `tiles`; `dm` holds 36 matrices
    /// `[tiles.count, C_out]`.
    static func winogradF4TransformOutputGradient(
        _ tiling: WinogradTiling, outputGradient: UnsafePointer<Float>, tiles: Range<Int>, zeros: UnsafePointer<Float>,
        into dm: UnsafeMutablePointer<Float>
    ) {
        let cout = tiling.geometry.outChannels
        let planeStride = WinogradTiling.planeStride(tiles: tiles.count, channels: cout)
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 16) { pixels in
            for tile in tiles {
                tiling.outputPixels(
                    of: tile, in: UnsafeMutablePointer(mutating: outputGradient),
                    outside: UnsafeMutablePointer(mutating: zeros), into: pixels.baseAddress!)
                let tileGradient = WinogradF4OutputGradientTile(
                    pixels: UnsafeRawPointer(pixels.baseAddress!).assumingMemoryBound(to: UnsafePointer<Float>.self),
                    target: dm + (tile - tiles.lowerBound) * cout,
                    planeStride: planeStride)
                tileGradient.transformChannels(cout)
            }
        }
    }
}

extension FastConvolution.WinogradTiling {
    /// The 16 pixels of 4x4 output tile `tile` in `image` (an NHWC output or output gradient), row-major, with
    /// `outside` for pixels past the output's edge (a sink to write to, or zeros to read).
    @inline(__always)
    func outputPixels(
        of tile: Int, in image: UnsafeMutablePointer<Float>, outside: UnsafeMutablePointer<Float>,
        into pixels: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    ) {
        let g = geometry
        let (oh, ow, cout) = (g.outputHeight, g.outputWidth, g.outChannels)
        let (index, oy, ox) = origin(of: tile)
        for i in 0..<4 {
            for j in 0..<4 {
                let (y, x) = (oy + i, ox + j)
                pixels[i * 4 + j] = y < oh && x < ow ? image + ((index * oh + y) * ow + x) * cout : outside
            }
        }
    }
}

// MARK: - Per-tile transforms, vectorised over channels

/// `Bᵀ x` for one column (or row) `x` of a 6x6 patch.
@inline(__always)
private func inputCombinations<L: WinogradLane>(
    _ d0: L, _ d1: L, _ d2: L, _ d3: L, _ d4: L, _ d5: L
)
    -> (L, L, L, L, L, L)
{
    let a = d4 - 4 * d2, b = d3 - 4 * d1
    let c = d4 - d2, e = 2 * (d3 - d1)
    return (4 * d0 - 5 * d2 + d4, a + b, a - b, c + e, c - e, 4 * d1 - 5 * d3 + d5)
}

/// `Aᵀ x` for one column (or row) `x` of a 6x6 tile of products.
@inline(__always)
private func outputCombinations<L: WinogradLane>(
    _ m0: L, _ m1: L, _ m2: L, _ m3: L, _ m4: L, _ m5: L
)
    -> (L, L, L, L)
{
    let s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4
    return (m0 + s12 + s34, d12 + 2 * d34, s12 + 4 * s34, d12 + 8 * d34 + m5)
}

/// `A x` for one column (or row) `x` of a 4x4 output-gradient tile: the adjoint of `outputCombinations`.
@inline(__always)
private func gradientCombinations<L: WinogradLane>(_ y0: L, _ y1: L, _ y2: L, _ y3: L) -> (L, L, L, L, L, L) {
    let even = y0 + y2, odd = y1 + y3
    let even4 = y0 + 4 * y2, odd4 = 2 * y1 + 8 * y3
    return (y0, even + odd, even - odd, even4 + odd4, even4 - odd4, y3)
}

/// The 36 channel vectors of one 6x6 input patch (row-major pointers), and where `Bᵀ d B` goes.
struct WinogradF4InputPatch {
    let pixels: UnsafePointer<UnsafePointer<Float>>
    let target: UnsafeMutablePointer<Float>
    let planeStride: Int

    /// `Bᵀ d B` for the channels `c ..< c + L.scalarCount`, through `buffer` (36 lanes).
    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, buffer: UnsafeMutablePointer<L>) {
        // Bᵀ d: combine rows, column by column.
        for j in 0..<6 {
            let r = inputCombinations(
                L.load(pixels[j] + c), L.load(pixels[6 + j] + c), L.load(pixels[12 + j] + c),
                L.load(pixels[18 + j] + c), L.load(pixels[24 + j] + c),
                L.load(pixels[30 + j] + c))
            buffer[j] = r.0
            buffer[6 + j] = r.1
            buffer[12 + j] = r.2
            buffer[18 + j] = r.3
            buffer[24 + j] = r.4
            buffer[30 + j] = r.5
        }
        // (Bᵀ d) B: combine columns, row by row.
        for i in 0..<6 {
            let row = buffer + 6 * i
            let r = inputCombinations(row[0], row[1], row[2], row[3], row[4], row[5])
            let base = target + c + 6 * i * planeStride
            r.0.store(to: base)
            r.1.store(to: base + planeStride)
            r.2.store(to: base + 2 * planeStride)
            r.3.store(to: base + 3 * planeStride)
            r.4.store(to: base + 4 * planeStride)
            r.5.store(to: base + 5 * planeStride)
        }
    }
}

/// The 36 transformed products of one tile (planes `planeStride` apart) and the 16 output pixels (row-major
/// pointers) `Aᵀ M A` goes to.
struct WinogradF4OutputTile: WinogradChannelTransform {
    let source: UnsafePointer<Float>
    let planeStride: Int
    let pixels: UnsafePointer<UnsafeMutablePointer<Float>>

    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, as _: L.Type) {
        @inline(__always) func m(_ i: Int, _ j: Int) -> L { L.load(source + c + (i * 6 + j) * planeStride) }
        // Aᵀ M: combine rows, column by column.
        @inline(__always) func column(_ j: Int) -> (L, L, L, L) {
            outputCombinations(m(0, j), m(1, j), m(2, j), m(3, j), m(4, j), m(5, j))
        }
        let (k0, k1, k2, k3, k4, k5) = (column(0), column(1), column(2), column(3), column(4), column(5))
        // (Aᵀ M) A: combine columns, row by row.
        @inline(__always) func store(row i: Int, _ x0: L, _ x1: L, _ x2: L, _ x3: L, _ x4: L, _ x5: L) {
            let r = outputCombinations(x0, x1, x2, x3, x4, x5)
            r.0.store(to: pixels[i * 4] + c)
            r.1.store(to: pixels[i * 4 + 1] + c)
            r.2.store(to: pixels[i * 4 + 2] + c)
            r.3.store(to: pixels[i * 4 + 3] + c)
        }
        store(row: 0, k0.0, k1.0, k2.0, k3.0, k4.0, k5.0)
        store(row: 1, k0.1, k1.1, k2.1, k3.1, k4.1, k5.1)
        store(row: 2, k0.2, k1.2, k2.2, k3.2, k4.2, k5.2)
        store(row: 3, k0.3, k1.3, k2.3, k3.3, k4.3, k5.3)
    }
}

/// The 16 channel vectors of one 4x4 output-gradient tile (row-major pointers), and where `A dY Aᵀ` goes.
struct WinogradF4OutputGradientTile: WinogradChannelTransform {
    let pixels: UnsafePointer<UnsafePointer<Float>>
    let target: UnsafeMutablePointer<Float>
    let planeStride: Int

    @inline(__always)
    func transform<L: WinogradLane>(at c: Int, as _: L.Type) {
        @inline(__always) func y(_ i: Int, _ j: Int) -> L { L.load(pixels[i * 4 + j] + c) }
        // A dY: combine rows, column by column.
        @inline(__always) func column(_ j: Int) -> (L, L, L, L, L, L) {
            gradientCombinations(y(0, j), y(1, j), y(2, j), y(3, j))
        }
        let (k0, k1, k2, k3) = (column(0), column(1), column(2), column(3))
        // (A dY) Aᵀ: combine columns, row by row.
        @inline(__always) func store(row i: Int, _ x0: L, _ x1: L, _ x2: L, _ x3: L) {
            let r = gradientCombinations(x0, x1, x2, x3)
            let base = target + c + 6 * i * planeStride
            r.0.store(to: base)
            r.1.store(to: base + planeStride)
            r.2.store(to: base + 2 * planeStride)
            r.3.store(to: base + 3 * planeStride)
            r.4.store(to: base + 4 * planeStride)
            r.5.store(to: base + 5 * planeStride)
        }
        store(row: 0, k0.0, k1.0, k2.0, k3.0)
        store(row: 1, k0.1, k1.1, k2.1, k3.1)
        store(row: 2, k0.2, k1.2, k2.2, k3.2)
        store(row: 3, k0.3, k1.3, k2.3, k3.3)
        store(row: 4, k0.4, k1.4, k2.4, k3.4)
        store(row: 5, k0.5, k1.5, k2.5, k3.5)
    }
}
