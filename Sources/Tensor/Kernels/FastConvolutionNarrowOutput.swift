/// Convolutions with few output channels (an RGB decoder's last layer: 64 -> 3), by stacked taps and shift-add.
///
/// im2col would copy `KH*KW*C_in` floats per output pixel to feed a GEMM only `C_out` columns wide, which runs far
/// from peak. Instead, multiply every input pixel by all taps at once, `Z[pixel, (tap, co)] = X[pixel, :] · S`, with
/// the stacked weight `S[ci, (tap, co)] = W[tap, ci, co]` (`KH*KW*C_out` columns, no copy of the input), then add up
/// `Y[p, co] = Σ_tap Z[p*stride - pad + tap, (tap, co)]`. The weight gradient is the mirror image: scatter `dY` into
/// `D[pixel, (tap, co)]` (each slot gets at most one value) and compute `dS = Xᵀ · D`. Chunks are blocks of whole
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
        Blocks(total: g.batch, floatsPerItem: g.height * g.width * g.kernelHeight * g.kernelWidth * g.outChannels,
               minimum: 1, maximum: g.batch)
    }

    /// `S[ci, (tap, co)] = W[tap, ci, co]` and back (`inverse`): the HWIO weight with taps moved next to `C_out`.
    private static func stackTaps(_ g: Conv2DGeometry, from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>,
                                  inverse: Bool) {
        let (taps, cin, cout) = (g.kernelHeight * g.kernelWidth, g.inChannels, g.outChannels)
        for tap in 0..<taps {
            for ci in 0..<cin {
                for co in 0..<cout {
                    let hwio = (tap * cin + ci) * cout + co
                    let stacked = ci * taps * cout + tap * cout + co
                    if inverse { target[hwio] = source[stacked] } else { target[stacked] = source[hwio] }
                }
            }
        }
    }

    /// `Y = Σ_tap shift(X · S_tap)`. Costs `2 N H W KH KW C_in C_out` flops plus `KH KW C_out` adds per output pixel.
    static func narrowOutputForward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let (h, w, cin, cout) = (g.height, g.width, g.inChannels, g.outChannels)
        let (oh, ow, kh, kw) = (g.outputHeight, g.outputWidth, g.kernelHeight, g.kernelWidth)
        let width = kh * kw * cout
        let stacked = UnsafeMutablePointer<Float>.allocate(capacity: g.weightCount)
        defer { stacked.deallocate() }
        stackTaps(g, from: weight, to: stacked, inverse: false)
        let images = narrowOutputImageBlocks(g)
        ComputeThreads.parallelFor(chunks: images.count) { block in
            let range = images.range(block)
            FastConvolutionScratch.withBuffer(count: range.count * h * w * width) { z in
                gemm(m: range.count * h * w, n: width, k: cin, a: input + range.lowerBound * h * w * cin, lda: cin,
                     b: stacked, ldb: width, beta: 0, c: z, ldc: width)
                for image in range {
                    let zImage = z + (image - range.lowerBound) * h * w * width
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let target = output + ((image * oh + oy) * ow + ox) * cout
                            target.update(repeating: 0, count: cout)
                            for ky in 0..<kh {
                                let iy = oy * g.strideY - g.padTop + ky
                                guard iy >= 0 && iy < h else { continue }
                                for kx in 0..<kw {
                                    let ix = ox * g.strideX - g.padLeft + kx
                                    guard ix >= 0 && ix < w else { continue }
                                    let source = zImage + (iy * w + ix) * width + (ky * kw + kx) * cout
                                    for co in 0..<cout { target[co] += source[co] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `dW = unstack(Xᵀ · D)` with `D[p*stride - pad + tap, (tap, co)] = dY[p, co]`.
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
        sumOverBlocks(blockCount: images.count, resultCount: g.weightCount, into: stackedGradient) { block, partial, first in
            let range = images.range(block)
            FastConvolutionScratch.withBuffer(count: range.count * h * w * width) { d in
                d.update(repeating: 0, count: range.count * h * w * width)
                for image in range {
                    let dImage = d + (image - range.lowerBound) * h * w * width
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let source = outputGradient + ((image * oh + oy) * ow + ox) * cout
                            for ky in 0..<kh {
                                let iy = oy * g.strideY - g.padTop + ky
                                guard iy >= 0 && iy < h else { continue }
                                for kx in 0..<kw {
                                    let ix = ox * g.strideX - g.padLeft + kx
                                    guard ix >= 0 && ix < w else { continue }
                                    (dImage + (iy * w + ix) * width + (ky * kw + kx) * cout).update(from: source, count: cout)
                                }
                            }
                        }
                    }
                }
                gemm(transposeA: true, m: cin, n: width, k: range.count * h * w,
                     a: input + range.lowerBound * h * w * cin, lda: cin, b: d, ldb: width,
                     beta: first ? 0 : 1, c: partial, ldc: width)
            }
        }
        stackTaps(g, from: stackedGradient, to: weightGradient, inverse: true)
    }
}
