/// 1x1, stride-1, unpadded convolutions. In NHWC the input is already the `[N*H*W, C_in]` matrix and the weight the
/// `[C_in, C_out]` matrix, so each pass is a GEMM over blocks of pixel rows, with no copy at all.
extension FastConvolution {
    static func pointwiseRowBlocks(_ g: Conv2DGeometry) -> Blocks {
        Blocks(total: g.outputPixelCount, floatsPerItem: g.inChannels + g.outChannels, minimum: 256)
    }

    /// `Y[rows] = X[rows] · W`. Costs `2 N H W C_in C_out` flops.
    static func pointwiseForward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        let rows = pointwiseRowBlocks(g)
        ComputeThreads.parallelFor(chunks: rows.count) { block in
            let range = rows.range(block)
            gemm(
                m: range.count, n: g.outChannels, k: g.inChannels,
                a: input + range.lowerBound * g.inChannels, lda: g.inChannels, b: weight, ldb: g.outChannels,
                beta: 0, c: output + range.lowerBound * g.outChannels, ldc: g.outChannels)
        }
    }

    /// `dX[rows] = dY[rows] · Wᵀ`. Costs `2 N H W C_in C_out` flops.
    static func pointwiseBackwardInput(
        _ g: Conv2DGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        let rows = pointwiseRowBlocks(g)
        ComputeThreads.parallelFor(chunks: rows.count) { block in
            let range = rows.range(block)
            gemm(
                transposeB: true, m: range.count, n: g.inChannels, k: g.outChannels,
                a: outputGradient + range.lowerBound * g.outChannels, lda: g.outChannels, b: weight, ldb: g.outChannels,
                beta: 0, c: inputGradient + range.lowerBound * g.inChannels, ldc: g.inChannels)
        }
    }

    /// `dW = Σ_blocks X[rows]ᵀ · dY[rows]`. Costs `2 N H W C_in C_out` flops.
    static func pointwiseBackwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>
    ) {
        let rows = pointwiseRowBlocks(g)
        sumOverBlocks(blockCount: rows.count, resultCount: g.weightCount, into: weightGradient) {
            block, partial, first in
            let range = rows.range(block)
            gemm(
                transposeA: true, m: g.inChannels, n: g.outChannels, k: range.count,
                a: input + range.lowerBound * g.inChannels, lda: g.inChannels,
                b: outputGradient + range.lowerBound * g.outChannels, ldb: g.outChannels,
                beta: first ? 0 : 1, c: partial, ldc: g.outChannels)
        }
    }
}
