import CBLAS

extension FastConvolution {
    /// Row-major single-precision matrix product `C = op(A) · op(B) + beta · C` through OpenBLAS.
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
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
