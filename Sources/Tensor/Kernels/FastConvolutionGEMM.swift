extension FastConvolution {
    /// Row-major single-precision matrix product `C = op(A) · op(B) + beta · C` through OpenBLAS (`BLAS.sgemm`).
    ///
    /// `op(A)` is `m x k` and `op(B)` is `k x n`; `lda`, `ldb`, `ldc` are the row strides of the stored matrices.
    /// Costs `2 m n k` flops. Thread count follows `ComputeThreads` (one thread inside a parallel region).
    static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty product: C = beta · C, with beta == 0 clearing C as BLAS does.
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
            }
            return
        }
        BLAS.sgemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }
}

extension FastConvolution {
    /// Work per chunk of `parallelGEMM`: about 8 Mflop, a few hundred microseconds at sgemm peak.
    static let flopsPerGEMMChunk = 8_000_000

    /// Row-major `C = op(A) · op(B) + beta · C` on `ComputeThreads.count` cores, bit-for-bit the same for every thread
    /// count: the product is cut into at most 64 blocks of rows of `C` (or of columns, when `C` is wider than tall)
    /// whose boundaries depend only on `m`, `n` and `k`, and each block is one one-threaded sgemm call.
    ///
    /// Any Tensor operation that multiplies matrices should call this rather than `cblas_sgemm`: OpenBLAS' own threads
    /// are not deterministic across thread counts (see `ComputeThreads`). Costs `2 m n k` flops.
    static func parallelGEMM(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        let flops = 2 * m * n * max(k, 1)
        let splitRows = m >= n
        let extent = splitRows ? m : n
        let wanted = min(64, max(1, flops / flopsPerGEMMChunk))
        // Multiples of 16 keep every block but the last on whole micro-kernel panels.
        let blockSize = max(16, (extent / wanted + 15) / 16 * 16)
        let blocks = Blocks(total: extent, blockSize: blockSize)
        ComputeThreads.parallelFor(chunks: blocks.count) { block in
            let range = blocks.range(block)
            if splitRows {
                // Rows of op(A): rows of A, or columns of a transposed A.
                let aBlock = transposeA ? a + range.lowerBound : a + range.lowerBound * lda
                gemm(
                    transposeA: transposeA, transposeB: transposeB, m: range.count, n: n, k: k,
                    a: aBlock, lda: lda, b: b, ldb: ldb, beta: beta, c: c + range.lowerBound * ldc, ldc: ldc)
            } else {
                // Columns of op(B): columns of B, or rows of a transposed B.
                let bBlock = transposeB ? b + range.lowerBound * ldb : b + range.lowerBound
                gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: range.count, k: k,
                    a: a, lda: lda, b: bBlock, ldb: ldb, beta: beta, c: c + range.lowerBound, ldc: ldc)
            }
        }
    }
}
