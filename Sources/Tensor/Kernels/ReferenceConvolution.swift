/// Direct (loop-nest) 2-D convolution kernels: simple, obviously correct, generic over the scalar type so that
/// Float64 gradient checks use them. The fast Float32 kernels (`FastConvolution`) have the same signatures and are
/// tested against these.
///
/// All three overwrite their output (they do not accumulate into it). Out-of-range input positions (padding) read
/// as zero. Cost of each: O(batch · outputHeight · outputWidth · kernelHeight · kernelWidth · inChannels · outChannels).
public enum ReferenceConvolution {
    /// `output[n, oy, ox, co] = Σ input[n, oy·sy + ky − padTop, ox·sx + kx − padLeft, ci] · weight[ky, kx, ci, co]`.
    public static func forward<T: BinaryFloatingPoint>(
        _ g: Conv2DGeometry, input: UnsafePointer<T>, weight: UnsafePointer<T>, output: UnsafeMutablePointer<T>
    ) {
        let oh = g.outputHeight, ow = g.outputWidth, ci = g.inChannels, co = g.outChannels
        output.update(repeating: 0, count: g.batch * oh * ow * co)
        forEachTap(g) { inputOffset, weightOffset, outputOffset in
            let out = output + outputOffset
            for c in 0..<ci {
                let x = input[inputOffset + c]
                let w = weight + weightOffset + c * co
                for o in 0..<co { out[o] += x * w[o] }
            }
        }
    }

    /// The adjoint of ``forward(_:input:weight:output:)`` with respect to the input (a transposed convolution):
    /// `inputGradient[n, iy, ix, ci] = Σ outputGradient[n, oy, ox, co] · weight[ky, kx, ci, co]` over the taps that
    /// read `(iy, ix)`.
    public static func backwardInput<T: BinaryFloatingPoint>(
        _ g: Conv2DGeometry, outputGradient: UnsafePointer<T>, weight: UnsafePointer<T>,
        inputGradient: UnsafeMutablePointer<T>
    ) {
        let ci = g.inChannels, co = g.outChannels
        inputGradient.update(repeating: 0, count: g.batch * g.height * g.width * ci)
        forEachTap(g) { inputOffset, weightOffset, outputOffset in
            let dy = outputGradient + outputOffset
            for c in 0..<ci {
                let w = weight + weightOffset + c * co
                var total: T = 0
                for o in 0..<co { total += dy[o] * w[o] }
                inputGradient[inputOffset + c] += total
            }
        }
    }

    /// The adjoint of ``forward(_:input:weight:output:)`` with respect to the weight:
    /// `weightGradient[ky, kx, ci, co] = Σ input[n, iy, ix, ci] · outputGradient[n, oy, ox, co]`.
    public static func backwardWeight<T: BinaryFloatingPoint>(
        _ g: Conv2DGeometry, input: UnsafePointer<T>, outputGradient: UnsafePointer<T>,
        weightGradient: UnsafeMutablePointer<T>
    ) {
        let ci = g.inChannels, co = g.outChannels
        weightGradient.update(repeating: 0, count: g.kernelHeight * g.kernelWidth * ci * co)
        forEachTap(g) { inputOffset, weightOffset, outputOffset in
            let dy = outputGradient + outputOffset
            for c in 0..<ci {
                let x = input[inputOffset + c]
                let dw = weightGradient + weightOffset + c * co
                for o in 0..<co { dw[o] += x * dy[o] }
            }
        }
    }

    /// Calls `body(inputOffset, weightOffset, outputOffset)` for every (output pixel, kernel tap) pair whose input
    /// pixel lies inside the image, in a fixed order. Offsets point at channel 0 of the pixel / tap.
    @inline(__always)
    private static func forEachTap(_ g: Conv2DGeometry, _ body: (Int, Int, Int) -> Void) {
        let oh = g.outputHeight, ow = g.outputWidth
        for n in 0..<g.batch {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let outputOffset = ((n * oh + oy) * ow + ox) * g.outChannels
                    for ky in 0..<g.kernelHeight {
                        let iy = oy * g.strideY + ky - g.padTop
                        guard iy >= 0 && iy < g.height else { continue }
                        for kx in 0..<g.kernelWidth {
                            let ix = ox * g.strideX + kx - g.padLeft
                            guard ix >= 0 && ix < g.width else { continue }
                            body(
                                ((n * g.height + iy) * g.width + ix) * g.inChannels,
                                (ky * g.kernelWidth + kx) * g.inChannels * g.outChannels, outputOffset)
                        }
                    }
                }
            }
        }
    }
}
