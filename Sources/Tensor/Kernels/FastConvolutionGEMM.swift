import CBLAS

extension FastConvolution {
    /// Row-major single-precision matrix product `C = alpha * op(A) * op(B) + beta * C` through OpenBLAS.
    ///
    /// `op(A)` is `m x k` and `op(B)` is `k x n`; `lda`, `ldb`, `ldc` are the row strides of the stored matrices.
    /// Costs `2 m n k` flops. Thread count follows `ComputeThreads` (one thread inside a parallel region).
    @inlinable
    static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS leaves C untouched for k == 0 only when beta == 1; make the zero product explicit.
            for row in 0..<m { for column in 0..<n { c[row * ldc + column] *= beta } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
