import Testing

@testable import Tensor

/// `FastConvolution` against a naive 7-loop convolution accumulated in `Double`.
///
/// Tolerance: every element is a sum of `k` products; with `s` the sum of their absolute values, the Float32 result
/// must be within `1e-5 · s / √k` of the exact one, i.e. `1e-5 · √k` times the mean product size. Plain Float32
/// summation of random terms errs by about `6e-8 · √k` times that, so the bound leaves room for blocked GEMM
/// summation and the Winograd transforms while catching any wrong or missing term. The one exception is the Winograd
/// weight gradient, which sums products of transformed tiles up to 4x larger than the direct terms before the final
/// `Gᵀ dU G` cancels them: its bound is `5e-5` (measured worst case 1.5e-5, against 4e-6 for every other path). The
/// same bound holds for every pass of Winograd F(4x4, 3x3) (outputs of 8x8 and more), whose output transform
/// multiplies by up to 8 before cancelling (measured worst case 3.8e-5 over its passes on these cases, on the 16x16
/// 64 -> 64 decoder layer).
@Suite("FastConvolution matches a naive convolution")
struct FastConvolutionTests {
    @Test("forward", arguments: ConvolutionCase.all)
    func forward(_ testCase: ConvolutionCase) throws {
        let g = testCase.geometry
        let x = seededValues(count: g.inputCount, seed: 1)
        let w = seededValues(count: g.weightCount, seed: 2)
        var y = [Float](repeating: .nan, count: g.outputCount)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { y in
                    FastConvolution.forward(g, input: x.baseAddress!, weight: w.baseAddress!, output: y.baseAddress!)
                }
            }
        }
        let reference = NaiveConvolution(g)
        let expected = reference.sums(count: g.outputCount) { xi, wi, _ in
            x[xi] * w[wi]
        } target: { _, _, y in
            y
        }
        try expectClose(y, expected, testCase, relativeTolerance: Self.tolerance(g))
    }

    /// The bound of a pass through `g`: `5e-5` for Winograd F(4x4, 3x3), `1e-5` otherwise.
    static func tolerance(_ g: Conv2DGeometry) -> Double {
        g.usesWinograd && g.winogradTileSize == 4 ? 5e-5 : 1e-5
    }

    @Test("gradient with respect to the input", arguments: ConvolutionCase.all)
    func backwardInput(_ testCase: ConvolutionCase) throws {
        let g = testCase.geometry
        let dy = seededValues(count: g.outputCount, seed: 3)
        let w = seededValues(count: g.weightCount, seed: 4)
        var dx = [Float](repeating: .nan, count: g.inputCount)
        dy.withUnsafeBufferPointer { dy in
            w.withUnsafeBufferPointer { w in
                dx.withUnsafeMutableBufferPointer { dx in
                    FastConvolution.backwardInput(
                        g, outputGradient: dy.baseAddress!, weight: w.baseAddress!, inputGradient: dx.baseAddress!)
                }
            }
        }
        let reference = NaiveConvolution(g)
        let expected = reference.sums(count: g.inputCount) { _, wi, yi in
            dy[yi] * w[wi]
        } target: { x, _, _ in
            x
        }
        let transposed = g.strideY == 1 && g.strideX == 1 && !g.isPointwise ? g.transposedForInputGradient : g
        try expectClose(dx, expected, testCase, relativeTolerance: Self.tolerance(transposed))
    }

    @Test("gradient with respect to the weight", arguments: ConvolutionCase.all)
    func backwardWeight(_ testCase: ConvolutionCase) throws {
        let g = testCase.geometry
        let x = seededValues(count: g.inputCount, seed: 5)
        let dy = seededValues(count: g.outputCount, seed: 6)
        var dw = [Float](repeating: .nan, count: g.weightCount)
        x.withUnsafeBufferPointer { x in
            dy.withUnsafeBufferPointer { dy in
                dw.withUnsafeMutableBufferPointer { dw in
                    FastConvolution.backwardWeight(
                        g, input: x.baseAddress!, outputGradient: dy.baseAddress!, weightGradient: dw.baseAddress!)
                }
            }
        }
        let reference = NaiveConvolution(g)
        let expected = reference.sums(count: g.weightCount) { xi, _, yi in
            x[xi] * dy[yi]
        } target: { _, w, _ in
            w
        }
        try expectClose(dw, expected, testCase, relativeTolerance: g.usesWinograd ? 5e-5 : 1e-5)
    }

    /// The gradients are the adjoints of the forward map: `<dy, conv(x)> = <conv_xᵀ(dy), x> = <conv_wᵀ(dy), w>`.
    @Test(
        "gradients are adjoint to the forward pass",
        arguments: ConvolutionCase.all.filter { $0.geometry.outputCount > 64 })
    func adjointIdentity(_ testCase: ConvolutionCase) throws {
        let g = testCase.geometry
        let x = seededValues(count: g.inputCount, seed: 7)
        let w = seededValues(count: g.weightCount, seed: 8)
        let dy = seededValues(count: g.outputCount, seed: 9)
        var y = [Float](repeating: 0, count: g.outputCount)
        var dx = [Float](repeating: 0, count: g.inputCount)
        var dw = [Float](repeating: 0, count: g.weightCount)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                dy.withUnsafeBufferPointer { dy in
                    FastConvolution.forward(g, input: x.baseAddress!, weight: w.baseAddress!, output: &y)
                    FastConvolution.backwardInput(
                        g, outputGradient: dy.baseAddress!, weight: w.baseAddress!, inputGradient: &dx)
                    FastConvolution.backwardWeight(
                        g, input: x.baseAddress!, outputGradient: dy.baseAddress!, weightGradient: &dw)
                }
            }
        }
        let (forwardPairing, forwardScale) = pairing(dy, y)
        let (inputPairing, inputScale) = pairing(dx, x)
        let (weightPairing, weightScale) = pairing(dw, w)
        let scale = max(forwardScale, inputScale, weightScale)
        #expect(abs(forwardPairing - inputPairing) <= 1e-5 * scale, "\(testCase)")
        #expect(abs(forwardPairing - weightPairing) <= 1e-5 * scale, "\(testCase)")
    }

    private func expectClose(
        _ actual: [Float], _ expected: [NaiveConvolution.Sum], _ testCase: ConvolutionCase,
        relativeTolerance: Double = 1e-5
    ) throws {
        try #require(actual.count == expected.count)
        var failures = 0
        for (index, (value, exact)) in zip(actual, expected).enumerated() {
            let tolerance =
                exact.terms == 0 ? 0 : relativeTolerance * exact.absoluteSum / Double(exact.terms).squareRoot()
            let error = abs(Double(value) - exact.value)
            if !(error <= tolerance) {
                failures += 1
                if failures <= 3 {
                    Issue.record("\(testCase): element \(index) is \(value), expected \(exact.value) ± \(tolerance)")
                }
            }
        }
        #expect(failures == 0, "\(testCase): \(failures) of \(actual.count) elements out of tolerance")
    }

    private func pairing(_ a: [Float], _ b: [Float]) -> (value: Double, scale: Double) {
        var value = 0.0
        var scale = 0.0
        for (u, v) in zip(a, b) {
            value += Double(u) * Double(v)
            scale += abs(Double(u) * Double(v))
        }
        return (value, scale)
    }
}

/// One geometry under test, with a readable name.
struct ConvolutionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let geometry: Conv2DGeometry
    var testDescription: String { name }

    /// Geometries covering every algorithm (pointwise, Winograd, stacked taps, im2col), kernels 1 to 3, strides 1 and 2,
    /// SAME / VALID / asymmetric / oversized padding, odd sizes, batches 1 to 5 and channels 1 to 70, plus a few
    /// problems large enough to span several chunks (blocks that straddle images, several partial weight gradients).
    static let all: [ConvolutionCase] = [
        make("1x1 pointwise", n: 3, h: 5, w: 7, cin: 6, cout: 5, k: 1),
        make("1x1 pointwise, 70 channels", n: 1, h: 3, w: 3, cin: 70, cout: 9, k: 1),
        make("1x1 stride 2", n: 2, h: 7, w: 6, cin: 3, cout: 4, k: 1, stride: 2),
        make("1x1 padded", n: 1, h: 4, w: 5, cin: 2, cout: 3, k: 1, pad: (1, 0, 2, 1)),
        make("2x2 VALID", n: 2, h: 6, w: 5, cin: 4, cout: 3, k: 2),
        make("2x2 stride 2 VALID", n: 3, h: 8, w: 9, cin: 5, cout: 6, k: 2, stride: 2),
        make("2x2 SAME (pad bottom/right)", n: 1, h: 5, w: 5, cin: 3, cout: 2, k: 2, pad: (0, 1, 0, 1)),
        make("2x2 padding larger than kernel", n: 2, h: 3, w: 4, cin: 2, cout: 3, k: 2, pad: (2, 2, 3, 1)),
        make("3x3 SAME, one channel", n: 1, h: 5, w: 4, cin: 1, cout: 1, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 SAME, im2col", n: 2, h: 7, w: 6, cin: 5, cout: 7, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 VALID, im2col", n: 4, h: 6, w: 7, cin: 3, cout: 8, k: 3),
        make("3x3 15 to 64 (encoder input)", n: 1, h: 8, w: 8, cin: 15, cout: 64, k: 3, pad: (1, 1, 1, 1)),
        make(
            "3x3 stride 2 SAME (transformer)", n: 2, h: 8, w: 8, cin: 16, cout: 16, k: 3, stride: 2, pad: (0, 1, 0, 1)),
        make("3x3 stride 2 symmetric pad, odd", n: 3, h: 7, w: 9, cin: 4, cout: 5, k: 3, stride: 2, pad: (1, 1, 1, 1)),
        make("3x3 stride (2, 1)", n: 1, h: 7, w: 6, cin: 3, cout: 4, k: 3, strideY: 2, strideX: 1, pad: (1, 1, 0, 2)),
        make("3x3 SAME Winograd, even", n: 2, h: 8, w: 8, cin: 16, cout: 16, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 SAME Winograd, odd sizes", n: 3, h: 7, w: 5, cin: 17, cout: 19, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 VALID Winograd", n: 2, h: 9, w: 6, cin: 16, cout: 20, k: 3),
        make("3x3 asymmetric Winograd", n: 1, h: 6, w: 7, cin: 20, cout: 16, k: 3, pad: (2, 0, 0, 1)),
        make("3x3 oversized padding Winograd", n: 2, h: 4, w: 3, cin: 16, cout: 18, k: 3, pad: (3, 1, 0, 3)),
        make("3x3 Winograd 64 to 64 (decoder)", n: 2, h: 8, w: 8, cin: 64, cout: 64, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 Winograd 70 channels", n: 5, h: 3, w: 4, cin: 70, cout: 33, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 Winograd one-pixel output", n: 2, h: 3, w: 3, cin: 16, cout: 16, k: 3),
        // F(4x4, 3x3): outputs of 8x8 and more, partial tiles, asymmetric and oversized padding.
        make("3x3 Winograd F4, partial tiles", n: 2, h: 9, w: 11, cin: 17, cout: 19, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 Winograd F4 VALID", n: 1, h: 10, w: 13, cin: 16, cout: 24, k: 3),
        make("3x3 Winograd F4 asymmetric", n: 2, h: 8, w: 9, cin: 20, cout: 16, k: 3, pad: (2, 0, 0, 1)),
        make(
            "3x3 Winograd oversized padding, 8x8 output", n: 1, h: 6, w: 7, cin: 16, cout: 18, k: 3, pad: (3, 1, 2, 3)),
        make("3x3 Winograd F4 64 to 64 (decoder)", n: 2, h: 16, w: 16, cin: 64, cout: 64, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 one-pixel input, SAME", n: 5, h: 1, w: 1, cin: 3, cout: 2, k: 3, pad: (1, 1, 1, 1)),
        make("3x3 stride 1, kernel 3x2", n: 2, h: 5, w: 6, cin: 3, cout: 4, kh: 3, kw: 2, pad: (1, 1, 0, 1)),
        make("3x3 64 to 3 (decoder output)", n: 3, h: 6, w: 5, cin: 64, cout: 3, k: 3, pad: (1, 1, 1, 1)),
        make(
            "3x3 stride 2, 15 output channels", n: 2, h: 7, w: 8, cin: 20, cout: 15, k: 3, stride: 2, pad: (1, 0, 1, 1)),
        make("2x3 wide, 16 output channels", n: 1, h: 5, w: 7, cin: 5, cout: 16, kh: 2, kw: 3, pad: (0, 1, 1, 1)),
        // Several chunks: blocks straddle images, weight gradients sum several partials.
        make("many chunks, im2col", n: 3, h: 32, w: 32, cin: 8, cout: 4, k: 3, pad: (1, 1, 1, 1)),
        make("many chunks, Winograd", n: 3, h: 31, w: 31, cin: 16, cout: 16, k: 3, pad: (1, 1, 1, 1)),
        make("many chunks, pointwise", n: 5, h: 32, w: 32, cin: 4, cout: 3, k: 1),
        make("many chunks, stride 2", n: 5, h: 32, w: 32, cin: 3, cout: 4, k: 3, stride: 2, pad: (0, 1, 0, 1)),
        make("many chunks, stride 2 wide", n: 5, h: 16, w: 16, cin: 4, cout: 24, k: 3, stride: 2, pad: (1, 1, 1, 1)),
        make("many chunks, narrow output", n: 6, h: 32, w: 32, cin: 16, cout: 3, k: 3, pad: (1, 1, 1, 1)),
    ]

    static func make(
        _ name: String, n: Int, h: Int, w: Int, cin: Int, cout: Int, k: Int? = nil, kh: Int? = nil, kw: Int? = nil,
        stride: Int = 1, strideY: Int? = nil, strideX: Int? = nil, pad: (Int, Int, Int, Int) = (0, 0, 0, 0)
    ) -> ConvolutionCase {
        let geometry = Conv2DGeometry(
            batch: n, height: h, width: w, inChannels: cin, outChannels: cout,
            kernelHeight: kh ?? k ?? 1, kernelWidth: kw ?? k ?? 1, strideY: strideY ?? stride,
            strideX: strideX ?? stride,
            padTop: pad.0, padBottom: pad.1, padLeft: pad.2, padRight: pad.3)
        return ConvolutionCase(name: name, geometry: geometry)
    }
}

/// The textbook convolution: for every (image, output row, output column, kernel row, kernel column, input channel,
/// output channel) whose input pixel lies inside the image, one product. Accumulates in `Double`.
struct NaiveConvolution {
    /// An exact sum of products, the sum of their absolute values, and how many there were.
    struct Sum {
        var value = 0.0
        var absoluteSum = 0.0
        var terms = 0
    }

    let g: Conv2DGeometry
    init(_ g: Conv2DGeometry) { self.g = g }

    /// Adds `product(inputIndex, weightIndex, outputIndex)` into `target(inputIndex, weightIndex, outputIndex)` for
    /// every term of the convolution.
    func sums(
        count: Int, product: (Int, Int, Int) -> Float, target: (Int, Int, Int) -> Int
    ) -> [Sum] {
        var sums = [Sum](repeating: Sum(), count: count)
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        for n in 0..<g.batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth {
                            let iy = oy * g.strideY - g.padTop + ky
                            let ix = ox * g.strideX - g.padLeft + kx
                            guard iy >= 0, iy < g.height, ix >= 0, ix < g.width else { continue }
                            for ci in 0..<g.inChannels {
                                for co in 0..<g.outChannels {
                                    let xi = ((n * g.height + iy) * g.width + ix) * g.inChannels + ci
                                    let wi = ((ky * g.kernelWidth + kx) * g.inChannels + ci) * g.outChannels + co
                                    let yi = ((n * oh + oy) * ow + ox) * g.outChannels + co
                                    let term = Double(product(xi, wi, yi))
                                    let t = target(xi, wi, yi)
                                    sums[t].value += term
                                    sums[t].absoluteSum += abs(term)
                                    sums[t].terms += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return sums
    }
}

extension Conv2DGeometry {
    var inputCount: Int { batch * height * width * inChannels }
    var outputCount: Int { batch * outputHeight * outputWidth * outChannels }
}

/// Uniform values in [-1, 1) from a fixed seed (SplitMix64), so every run sees the same data.
func seededValues(count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 23) - 1
    }
}
