import CBLAS

/// The matrix products the engine needs, on OpenBLAS (the only file that calls it).
enum BLAS {
    /// `C = op(A) · op(B)` for row-major matrices, overwriting `C` (`m × n`). `op(A)` is `m × k` (A is stored
    /// `k × m` when transposed), `op(B)` is `k × n` (B stored `n × k` when transposed).
    static func multiply(_ a: UnsafePointer<Float>, transposed transposeA: Bool, _ b: UnsafePointer<Float>,
                         transposed transposeB: Bool, into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
                         accumulate: Bool = false) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), 1, a, blasint(transposeA ? m : k), b,
                    blasint(transposeB ? k : n), accumulate ? 1 : 0, c, blasint(n))
    }

    /// Double-precision ``multiply(_:transposed:_:transposed:into:m:n:k:accumulate:)``.
    static func multiply(_ a: UnsafePointer<Double>, transposed transposeA: Bool, _ b: UnsafePointer<Double>,
                         transposed transposeB: Bool, into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int,
                         accumulate: Bool = false) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), 1, a, blasint(transposeA ? m : k), b,
                    blasint(transposeB ? k : n), accumulate ? 1 : 0, c, blasint(n))
    }

    /// Number of threads OpenBLAS uses for one product.
    static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}

