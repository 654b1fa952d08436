/// The general path: im2col + GEMM. Output pixel `r` (row-major over `n, oy, ox`) gets its receptive field gathered
/// into row `r` of a `[rows, KH*KW*C_in]` matrix in HWC order, which is exactly the row order of the HWIO weight seen
/// as a `[KH*KW*C_in, C_out]` matrix, so the convolution is `Y = cols · W`.
extension FastConvolution {
    static func im2colRowBlocks(_ g: Conv2DGeometry) -> Blocks {
        Blocks(total: g.outputPixelCount, floatsPerItem: g.patchLength, minimum: 32)
    }

    /// Copies the receptive fields of output pixels `rows` into consecutive rows of `cols` (zeros where the field
    /// leaves the input). Handles any padding, including negative (cropping) padding. Costs one pass over `cols`.
    static func gatherReceptiveFields(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, rows: Range<Int>, into cols: UnsafeMutablePointer<Float>
    ) {
        let (oh, ow, h, w, cin) = (g.outputHeight, g.outputWidth, g.height, g.width, g.inChannels)
        let (kh, kw) = (g.kernelHeight, g.kernelWidth)
        let rowLength = kw * cin
        var image = rows.lowerBound / (oh * ow)
        var oy = (rows.lowerBound / ow) % oh
        var ox = rows.lowerBound % ow
        var target = cols
        for _ in rows {
            let iy0 = oy * g.strideY - g.padTop
            let ix0 = ox * g.strideX - g.padLeft
            for ky in 0..<kh {
                let iy = iy0 + ky
                if iy < 0 || iy >= h {
                    target.update(repeating: 0, count: rowLength)
                } else {
                    let inputRow = input + (image * h + iy) * w * cin
                    if ix0 >= 0 && ix0 + kw <= w {
                        target.update(from: inputRow + ix0 * cin, count: rowLength)
                    } else {
                        for kx in 0..<kw {
                            let ix = ix0 + kx
                            if ix < 0 || ix >= w {
                                (target + kx * cin).update(repeating: 0, count: cin)
                            } else {
                                (target + kx * cin).update(from: inputRow + ix * cin, count: cin)
                            }
                        }
                    }
                }
                target += rowLength
            }
            ox += 1
            if ox == ow {
                ox = 0
                oy += 1
                if oy == oh {
                    oy = 0
                    image += 1
                }
            }
        }
    }

    /// Adds every row of `cols` (gradients of receptive fields of output pixels `rows`, all in image `image`) back
    /// onto the input pixels it was gathered from: the adjoint of `gatherReceptiveFields`.
    static func scatterAddReceptiveFields(
        _ g: Conv2DGeometry, cols: UnsafePointer<Float>, image: Int, rows: Range<Int>,
        into inputGradient: UnsafeMutablePointer<Float>
    ) {
        let (oh, ow, h, w, cin) = (g.outputHeight, g.outputWidth, g.height, g.width, g.inChannels)
        let (kh, kw) = (g.kernelHeight, g.kernelWidth)
        var source = cols
        for row in rows {
            let pixel = row - image * oh * ow
            let iy0 = (pixel / ow) * g.strideY - g.padTop
            let ix0 = (pixel % ow) * g.strideX - g.padLeft
            for ky in 0..<kh {
                let iy = iy0 + ky
                for kx in 0..<kw {
                    let ix = ix0 + kx
                    if iy >= 0 && iy < h && ix >= 0 && ix < w {
                        let target = inputGradient + ((image * h + iy) * w + ix) * cin
                        for c in 0..<cin { target[c] += source[c] }
                    }
                    source += cin
                }
            }
        }
    }

    /// `Y[rows] = cols(X)[rows] · W`, one row block per chunk.
    static func im2colForward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let rows = im2colRowBlocks(g)
        let k = g.patchLength
        ComputeThreads.parallelFor(chunks: rows.count) { block in
            let range = rows.range(block)
            FastConvolutionScratch.withBuffer(count: rows.blockSize * k) { cols in
                gatherReceptiveFields(g, input: input, rows: range, into: cols)
                gemm(
                    m: range.count, n: g.outChannels, k: k, a: cols, lda: k, b: weight, ldb: g.outChannels,
                    beta: 0, c: output + range.lowerBound * g.outChannels, ldc: g.outChannels)
            }
        }
    }

    /// `dX = col2im(dY · Wᵀ)`, one image per chunk so that no two chunks add into the same pixel.
    static func im2colBackwardInput(
        _ g: Conv2DGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        let pixelsPerImage = g.outputHeight * g.outputWidth
        let rows = Blocks(total: pixelsPerImage, floatsPerItem: g.patchLength, minimum: 32)
        let k = g.patchLength
        let inputImageSize = g.height * g.width * g.inChannels
        ComputeThreads.parallelFor(chunks: g.batch) { image in
            (inputGradient + image * inputImageSize).update(repeating: 0, count: inputImageSize)
            FastConvolutionScratch.withBuffer(count: rows.blockSize * k) { cols in
                for block in 0..<rows.count {
                    let local = rows.range(block)
                    let range =
                        (image * pixelsPerImage + local.lowerBound)..<(image * pixelsPerImage + local.upperBound)
                    gemm(
                        transposeB: true, m: range.count, n: k, k: g.outChannels,
                        a: outputGradient + range.lowerBound * g.outChannels, lda: g.outChannels,
                        b: weight, ldb: g.outChannels, beta: 0, c: cols, ldc: k)
                    scatterAddReceptiveFields(g, cols: cols, image: image, rows: range, into: inputGradient)
                }
            }
        }
    }

    /// `dW = Σ_blocks cols(X)[rows]ᵀ · dY[rows]`.
    static func im2colBackwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>
    ) {
        let rows = im2colRowBlocks(g)
        let k = g.patchLength
        sumOverBlocks(blockCount: rows.count, resultCount: g.weightCount, into: weightGradient) {
            block, partial, first in
            let range = rows.range(block)
            FastConvolutionScratch.withBuffer(count: rows.blockSize * k) { cols in
                gatherReceptiveFields(g, input: input, rows: range, into: cols)
                gemm(
                    transposeA: true, m: k, n: g.outChannels, k: range.count, a: cols, lda: k,
                    b: outputGradient + range.lowerBound * g.outChannels, ldb: g.outChannels,
                    beta: first ? 0 : 1, c: partial, ldc: g.outChannels)
            }
        }
    }
}
