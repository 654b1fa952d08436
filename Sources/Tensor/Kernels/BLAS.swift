import CBLAS

/// The engine's only door to OpenBLAS' matrix products.
///
/// Every call first makes sure ``ComputeThreads`` exists, and creating it pins OpenBLAS to one thread: no product in
/// the process can run with OpenBLAS' own (non-deterministic across thread counts) threading, whatever runs first.
/// Parallelism over cores comes from `FastConvolution.parallelGEMM`, which cuts a product into fixed blocks.
enum BLAS {
    /// Forces the thread policy into existence (once; afterwards a plain load).
    private static let threadPolicyIsInitialised: Bool = {
        _ = ComputeThreads.count
        return true
    }()

    /// Row-major single-precision `C = op(A) · op(B) + beta · C` in one one-threaded OpenBLAS call.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`; `lda`, `ldb`, `ldc` are the row strides of the stored matrices.
    /// `k` must be positive (callers handle the empty product). Costs `2 m n k` flops.
    @inline(__always)
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(threadPolicyIsInitialised)
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// `C = op(A) · op(B)` for dense row-major Float32 matrices, overwriting `C` (`m × n`), on ``ComputeThreads``'
    /// workers: bit-for-bit the same for every thread count. `op(A)` is `m × k` (A is stored `k × m` when
    /// transposed), `op(B)` is `k × n` (B stored `n × k` when transposed). Costs `2 m n k` flops.
    static func multiply(
        _ a: UnsafePointer<Float>, transposed transposeA: Bool, _ b: UnsafePointer<Float>,
        transposed transposeB: Bool, into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return c.update(repeating: 0, count: m * n) }
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        if 2 * m * n * k < 2 * FastConvolution.flopsPerGEMMChunk {
            // One block either way (see parallelGEMM): skip the parallel region's bookkeeping.
            sgemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                beta: 0, c: c, ldc: n)
        } else {
            FastConvolution.parallelGEMM(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a,
                lda: lda, b: b, ldb: ldb, beta: 0, c: c, ldc: n)
        }
    }

    /// Double-precision ``multiply(_:transposed:_:transposed:into:m:n:k:)``, one one-threaded call (gradient checks).
    static func multiply(
        _ a: UnsafePointer<Double>, transposed transposeA: Bool, _ b: UnsafePointer<Double>,
        transposed transposeB: Bool, into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return c.update(repeating: 0, count: m * n) }
        precondition(threadPolicyIsInitialised)
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), 1, a, blasint(transposeA ? m : k), b,
            blasint(transposeB ? k : n), 0, c, blasint(n))
    }
}
