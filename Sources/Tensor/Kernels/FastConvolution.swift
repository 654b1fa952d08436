import Foundation

/// Fast single-precision 2-D convolution kernels: forward, gradient with respect to the input, gradient with respect
/// to the weight.
///
/// Layout: NHWC activations, HWIO weights `[kernelHeight, kernelWidth, inChannels, outChannels]`, row-major `Float`,
/// no bias. Every kernel **overwrites** its output. Each picks one of four algorithms from the geometry alone:
///
/// | algorithm | used when | how |
/// |---|---|---|
/// | pointwise | 1x1 kernel, stride 1, no padding | the NHWC input *is* the `[N*H*W, C_in]` matrix: one GEMM per row block |
/// | Winograd F(2x2, 3x3) | 3x3 kernel, stride 1, at least `winogradMinimumChannels` channels in and out | 16 GEMMs per block of 2x2 output tiles: 2.25x fewer multiplies than direct |
/// | stacked taps | fewer than 16 output channels (e.g. 64 -> 3 RGB), one image's `Z` at most 4 MiB | `Z = X · [W_tap]` over all input pixels, then shift-add the taps: no im2col copy, a wide GEMM |
/// | im2col | everything else | gather each output pixel's receptive field into a row, then one GEMM per row block |
///
/// The gradient with respect to the input of a stride-1 convolution is itself a stride-1 convolution of the output
/// gradient with the flipped, transposed weight, so it reuses the forward path (and Winograd) without any scatter-add;
/// strided convolutions use GEMM followed by col2im, one image per chunk. Weight gradients keep one partial sum per
/// fixed group of row blocks and add the partials in group order.
///
/// Work is cut into chunks that depend only on the geometry, run by `ComputeThreads.parallelFor` with one-threaded
/// BLAS: results are bit-for-bit identical for every thread count. Scratch space (im2col rows, Winograd tiles) comes
/// from a reused pool and is sized to stay in the per-core L2 cache.
///
/// Cost: `2 * N * OH * OW * KH * KW * C_in * C_out` flops for the GEMM paths (`4/9` of that for Winograd), plus a
/// memory pass over input and output. Measured per core (AMD EPYC, OpenBLAS 0.3.21, sgemm peak ~100 GFLOP/s): im2col
/// 85-92 GFLOP/s, Winograd 160-180 GFLOP/s counted as direct-convolution flops, stacked taps (64 -> 3) 40-55;
/// two threads scale by 1.85-2x.
///
/// Accuracy: within `1e-5 · √k` times the mean product size of the exact sum of `k` products, except the Winograd
/// weight gradient (`5e-5 · √k`), whose transformed terms are larger than the direct ones.
///
/// All pointers must address dense arrays of the sizes the geometry implies, and outputs must not overlap inputs.
public enum FastConvolution {
    /// Smallest input and output channel count for which 3x3 stride-1 convolutions use Winograd F(2x2, 3x3).
    ///
    /// Below it the 16 small GEMMs (inner dimension `C_in`) run too far from BLAS peak for the 2.25x saving to pay.
    public static let winogradMinimumChannels = 16

    /// Smallest output height and width for which Winograd uses 4x4 output tiles, F(4x4, 3x3) (36 products per 16
    /// outputs) instead of F(2x2, 3x3) (16 per 4). Smaller maps keep F(2x2, 3x3): 4x4 tiles would mostly cover
    /// padding there, and those layers (the HGN Hamiltonian network's 4x4 maps, differentiated twice) cost little.
    /// `HAMILTONIAN_WINOGRAD=f2` keeps F(2x2, 3x3) everywhere (to measure F(4x4)'s gain, or to trade speed for
    /// its 4x smaller rounding error).
    public static let winogradF4MinimumOutput =
        ProcessInfo.processInfo.environment["HAMILTONIAN_WINOGRAD"]?.lowercased() == "f2" ? Int.max : 8

    /// Computes `output = input ⊛ weight` (cross-correlation, as in every deep-learning framework).
    ///
    /// - Parameters:
    ///   - g: the convolution's geometry.
    ///   - input: `[batch, height, width, inChannels]`.
    ///   - weight: `[kernelHeight, kernelWidth, inChannels, outChannels]`.
    ///   - output: `[batch, outputHeight, outputWidth, outChannels]`, overwritten.
    public static func forward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(g.isSupported, "FastConvolution needs positive sizes and strides and non-negative padding: \(g)")
        forwardAnyPadding(g, input: input, weight: weight, output: output)
    }

    /// Computes the gradient of a loss with respect to the convolution's input, given its gradient with respect to
    /// the output.
    ///
    /// - Parameters:
    ///   - outputGradient: `[batch, outputHeight, outputWidth, outChannels]`.
    ///   - weight: `[kernelHeight, kernelWidth, inChannels, outChannels]`.
    ///   - inputGradient: `[batch, height, width, inChannels]`, overwritten.
    public static func backwardInput(
        _ g: Conv2DGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        precondition(g.isSupported, "FastConvolution needs positive sizes and strides and non-negative padding: \(g)")
        if g.isPointwise {
            pointwiseBackwardInput(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
        } else if g.strideY == 1 && g.strideX == 1 {
            let transposed = g.transposedForInputGradient
            FastConvolutionScratch.withBuffer(count: g.weightCount) { flipped in
                flipAndTransposeWeight(g, weight: weight, into: flipped)
                forwardAnyPadding(transposed, input: outputGradient, weight: flipped, output: inputGradient)
            }
        } else {
            im2colBackwardInput(g, outputGradient: outputGradient, weight: weight, inputGradient: inputGradient)
        }
    }

    /// Computes the gradient of a loss with respect to the convolution's weight, given the input and the gradient
    /// with respect to the output.
    ///
    /// - Parameters:
    ///   - input: `[batch, height, width, inChannels]`.
    ///   - outputGradient: `[batch, outputHeight, outputWidth, outChannels]`.
    ///   - weightGradient: `[kernelHeight, kernelWidth, inChannels, outChannels]`, overwritten.
    public static func backwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>
    ) {
        precondition(g.isSupported, "FastConvolution needs positive sizes and strides and non-negative padding: \(g)")
        if g.isPointwise {
            pointwiseBackwardWeight(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        } else if g.usesWinograd {
            winogradBackwardWeight(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        } else if usesNarrowOutput(g) {
            narrowOutputBackwardWeight(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        } else {
            im2colBackwardWeight(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient)
        }
    }

    /// The forward pass for any padding, including the negative paddings of a transposed geometry (which crop).
    static func forwardAnyPadding(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        if g.isPointwise {
            pointwiseForward(g, input: input, weight: weight, output: output)
        } else if g.usesWinograd {
            winogradForward(g, input: input, weight: weight, output: output)
        } else if usesNarrowOutput(g) {
            narrowOutputForward(g, input: input, weight: weight, output: output)
        } else {
            im2colForward(g, input: input, weight: weight, output: output)
        }
    }

    /// Writes `flipped[ky', kx', co, ci] = weight[KH-1-ky', KW-1-kx', ci, co]`, the weight of the stride-1
    /// convolution that maps an output gradient to the input gradient.
    static func flipAndTransposeWeight(
        _ g: Conv2DGeometry, weight: UnsafePointer<Float>, into flipped: UnsafeMutablePointer<Float>
    ) {
        let (kh, kw, cin, cout) = (g.kernelHeight, g.kernelWidth, g.inChannels, g.outChannels)
        for ky in 0..<kh {
            for kx in 0..<kw {
                let source = weight + ((kh - 1 - ky) * kw + (kw - 1 - kx)) * cin * cout
                let target = flipped + (ky * kw + kx) * cout * cin
                for ci in 0..<cin {
                    for co in 0..<cout { target[co * cin + ci] = source[ci * cout + co] }
                }
            }
        }
    }
}

extension Conv2DGeometry {
    /// Whether the fast kernels accept this geometry: positive sizes and strides, non-negative padding, non-empty output.
    var isSupported: Bool {
        batch > 0 && height > 0 && width > 0 && inChannels > 0 && outChannels > 0 && kernelHeight > 0 && kernelWidth > 0
            && strideY > 0 && strideX > 0 && padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0
            && outputHeight > 0 && outputWidth > 0
    }

    /// A 1x1, stride-1, unpadded convolution: a plain matrix product over all `N*H*W` pixels.
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideY == 1 && strideX == 1
            && padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0
    }

    /// Whether this convolution runs through Winograd (F(2x2, 3x3) or F(4x4, 3x3), see ``winogradTileSize``).
    var usesWinograd: Bool {
        kernelHeight == 3 && kernelWidth == 3 && strideY == 1 && strideX == 1
            && min(inChannels, outChannels) >= FastConvolution.winogradMinimumChannels
    }

    /// The output tile of the Winograd algorithm: 4 (F(4x4, 3x3)) when the output is at least
    /// `FastConvolution.winogradF4MinimumOutput` pixels high and wide and no padding reaches the kernel's size, else
    /// 2 (F(2x2, 3x3)). With padding of 3 or more some outputs see only zeros; F(2x2)'s transforms give them exactly 0,
    /// F(4x4)'s only up to rounding.
    var winogradTileSize: Int {
        min(outputHeight, outputWidth) >= FastConvolution.winogradF4MinimumOutput
            && max(padTop, padBottom, padLeft, padRight) < kernelHeight ? 4 : 2
    }

    /// Rows of the output matrix: one per output pixel.
    var outputPixelCount: Int { batch * outputHeight * outputWidth }

    /// Length of one receptive field: `KH * KW * C_in`, the inner dimension of the GEMM.
    var patchLength: Int { kernelHeight * kernelWidth * inChannels }

    /// Number of weights: `KH * KW * C_in * C_out`.
    var weightCount: Int { patchLength * outChannels }

    /// Flops of the direct convolution: `2 * N * OH * OW * KH * KW * C_in * C_out`.
    var directFlops: Int { 2 * outputPixelCount * weightCount }

    /// The stride-1 geometry whose forward pass maps the output gradient to the input gradient: input and output
    /// swap roles, and padding `p` becomes `kernel - 1 - p` (negative values crop).
    var transposedForInputGradient: Conv2DGeometry {
        precondition(strideY == 1 && strideX == 1, "only stride-1 convolutions transpose into a convolution")
        return Conv2DGeometry(
            batch: batch, height: outputHeight, width: outputWidth, inChannels: outChannels, outChannels: inChannels,
            kernelHeight: kernelHeight, kernelWidth: kernelWidth,
            padTop: kernelHeight - 1 - padTop, padBottom: kernelHeight - 1 - padBottom,
            padLeft: kernelWidth - 1 - padLeft, padRight: kernelWidth - 1 - padRight)
    }
}
