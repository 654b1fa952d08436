/// Convolutions with few output channels (an RGB decoder's last layer: 64 -> 3), by stacked taps and shift-add.
///
/// im2col would copy `KH*KW*C_in` floats per output pixel to feed a GEMM only `C_out` columns wide, which runs far
/// from peak. Instead, multiply every input pixel by all taps at once, `Z[pixel, (tap, co)] = X[pixel, :] · S`, with
/// the stacked weight `S[ci, (tap, co)] = W[tap, ci, co]` (`KH*KW*C_out` columns, no copy of the input), then add up
/// `Y[p, co] = Σ_tap Z[p*stride - pad + tap, (tap, co)]`. The weight gradient is the mirror image: scatter `dY` into
/// `D[pixel, (tap, co)]` (each slot gets at most one value) and compute `dSᵀ = Dᵀ · X`. Chunks are blocks of whole
/// images, since output pixels read `Z` rows around them.
extension FastConvolution {
    /// Whether `g` takes the stacked-taps path: narrow output, and one image's `Z` fits in 4 MiB.
    static func usesNarrowOutput(_ g: Conv2DGeometry) -> Bool {
        g.outChannels < narrowOutputChannels && !g.isPointwise
            && g.height * g.width * g.kernelHeight * g.kernelWidth * g.outChannels <= 1 << 20
    }

    /// Below this many output channels a convolution uses the stacked-taps path.
    static let narrowOutputChannels = 16

    private static func narrowOutputImageBlocks(_ g: Conv2DGeometry) -> Blocks {
        Blocks(
            total: g.batch, floatsPerItem: g.height * g.width * g.kernelHeight * g.kernelWidth * g.outChannels,
            minimum: 1, maximum: g.batch)
    }

    /// `S[ci, (tap, co)] = W[tap, ci, co]`: the HWIO weight with taps moved next to `C_out`.
    private static func stackTaps(
        _ g: Conv2DGeometry, weight: UnsafePointer<Float>, into stacked: UnsafeMutablePointer<Float>
    ) {
        let (taps, cin, cout) = (g.kernelHeight * g.kernelWidth, g.inChannels, g.outChannels)
        for tap in 0..<taps {
            for ci in 0..<cin {
                for co in 0..<cout {
                    stacked[ci * taps * cout + tap * cout + co] = weight[(tap * cin + ci) * cout + co]
                }
            }
        }
    }

    /// Calls `body(ky, kx, iy, columns)` for every kernel tap whose input row `iy` for output row `oy` lies inside the
    /// input, with `columns` the output columns whose input column for tap `kx` lies inside it too.
    @inline(__always)
    private static func forEachTapRun(
        _ g: Conv2DGeometry, outputRow oy: Int, _ body: (_ ky: Int, _ kx: Int, _ iy: Int, _ columns: Range<Int>) -> Void
    ) {
        for ky in 0..<g.kernelHeight {
            let iy = oy * g.strideY - g.padTop + ky
            guard iy >= 0 && iy < g.height else { continue }
            for kx in 0..<g.kernelWidth {
                // 0 <= ox * strideX - padLeft + kx < width
                let first = max(0, ceilingDivision(g.padLeft - kx, g.strideX))
                let end = min(g.outputWidth, floorDivision(g.width - 1 + g.padLeft - kx, g.strideX) + 1)
                if first < end { body(ky, kx, iy, first..<end) }
            }
        }
    }

    @inline(__always)
    private static func floorDivision(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    @inline(__always)
    private static func ceilingDivision(_ a: Int, _ b: Int) -> Int { -floorDivision(-a, b) }

    /// `Y = Σ_tap shift(X · S_tap)`. Costs `2 N H W KH KW C_in C_out` flops plus `KH KW C_out` adds per output pixel.
    static func narrowOutputForward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let (h, w, cin, cout) = (g.height, g.width, g.inChannels, g.outChannels)
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.kernelHeight, g.kernelWidth)
        let width = kh * kw * cout
        let stacked = UnsafeMutablePointer<Float>.allocate(capacity: g.weightCount)
        defer { stacked.deallocate() }
        stackTaps(g, weight: weight, into: stacked)
        let images = narrowOutputImageBlocks(g)
        ComputeThreads.parallelFor(chunks: images.count) { block in
            let range = images.range(block)
            FastConvolutionScratch.withBuffer(count: range.count * h * w * width) { z in
                gemm(
                    m: range.count * h * w, n: width, k: cin, a: input + range.lowerBound * h * w * cin, lda: cin,
                    b: stacked, ldb: width, beta: 0, c: z, ldc: width)
                for image in range {
                    let zImage = z + (image - range.lowerBound) * h * w * width
                    for oy in 0..<oh {
                        let outputRow = output + (image * oh + oy) * ow * cout
                        outputRow.update(repeating: 0, count: ow * cout)
                        forEachTapRun(g, outputRow: oy) { ky, kx, iy, columns in
                            var source =
                                zImage + (iy * w + columns.lowerBound * g.strideX - g.padLeft + kx) * width
                                + (ky * kw + kx) * cout
                            var target = outputRow + columns.lowerBound * cout
                            for _ in columns {
                                for co in 0..<cout { target[co] += source[co] }
                                target += cout
                                source += g.strideX * width
                            }
                        }
                    }
                }
            }
        }
    }

    /// `dW[tap, ci, co] = (Dᵀ · X)[(tap, co), ci]` with `D[p*stride - pad + tap, (tap, co)] = dY[p, co]`. The product
    /// is taken in that orientation (`KH*KW*C_out` rows, `C_in` columns) because it runs ~20% faster in OpenBLAS than
    /// `Xᵀ · D`.
    static func narrowOutputBackwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>
    ) {
        let (h, w, cin, cout) = (g.height, g.width, g.inChannels, g.outChannels)
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.kernelHeight, g.kernelWidth)
        let width = kh * kw * cout
        let stackedGradient = UnsafeMutablePointer<Float>.allocate(capacity: g.weightCount)
        defer { stackedGradient.deallocate() }
        let images = narrowOutputImageBlocks(g)
        sumOverBlocks(blockCount: images.count, resultCount: g.weightCount, into: stackedGradient) {
            block, partial, first in
            let range = images.range(block)
            FastConvolutionScratch.withBuffer(count: range.count * h * w * width) { d in
                d.update(repeating: 0, count: range.count * h * w * width)
                for image in range {
                    let dImage = d + (image - range.lowerBound) * h * w * width
                    for oy in 0..<oh {
                        let gradientRow = outputGradient + (image * oh + oy) * ow * cout
                        forEachTapRun(g, outputRow: oy) { ky, kx, iy, columns in
                            var target =
                                dImage + (iy * w + columns.lowerBound * g.strideX - g.padLeft + kx) * width
                                + (ky * kw + kx) * cout
                            var source = gradientRow + columns.lowerBound * cout
                            for _ in columns {
                                for co in 0..<cout { target[co] = source[co] }
                                source += cout
                                target += g.strideX * width
                            }
                        }
                    }
                }
                gemm(
                    transposeA: true, m: width, n: cin, k: range.count * h * w,
                    a: d, lda: width, b: input + range.lowerBound * h * w * cin, ldb: cin,
                    beta: first ? 0 : 1, c: partial, ldc: cin)
            }
        }
        let taps = kh * kw
        for tap in 0..<taps {
            for ci in 0..<cin {
                for co in 0..<cout {
                    weightGradient[(tap * cin + ci) * cout + co] = stackedGradient[(tap * cout + co) * cin + ci]
                }
            }
        }
    }
}
