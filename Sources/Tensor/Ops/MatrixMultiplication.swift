// Matrix products (BLAS gemm) and the dense layer built on them.

extension Tensor {
    /// The matrix product `op(self) · op(other)` of two rank-2 tensors, where `op` transposes when asked.
    ///
    /// Transposition is free (it is passed to BLAS), so `a.matmul(b, transposeOther: true)` computes `a · bᵀ`
    /// without copying. The backward rule is itself two products of this kind. Float32 products large enough to pay
    /// for it are cut into fixed blocks of rows (or columns) run on ``ComputeThreads``' workers with one-threaded
    /// sgemm, so results are bit-for-bit the same for every thread count.
    /// - Complexity: O(m·n·k) through OpenBLAS sgemm/dgemm (`2·m·n·k` flops, added to ``FlopCounter``).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul needs two matrices, got \(shape) and \(other.shape)")
        precondition(dtype == other.dtype, "cannot multiply \(dtype) by \(other.dtype)")
        let m = transposeSelf ? shape[1] : shape[0], k = transposeSelf ? shape[0] : shape[1]
        let otherK = transposeOther ? other.shape[1] : other.shape[0],
            n = transposeOther ? other.shape[0] : other.shape[1]
        precondition(
            k == otherK,
            "matmul inner sizes differ: \(shape)\(transposeSelf ? "ᵀ" : "") · \(other.shape)\(transposeOther ? "ᵀ" : "")"
        )
        let result = TensorStorage(uninitializedCount: m * n, dtype: dtype)
        FlopCounter.add(2 * m * n * k)
        switch dtype {
        case .float32:
            storage.withPointer(Float.self) { a in
                other.storage.withPointer(Float.self) { b in
                    result.withPointer(Float.self) {
                        BLAS.multiply(
                            a, transposed: transposeSelf, b, transposed: transposeOther, into: $0, m: m, n: n, k: k)
                    }
                }
            }
        case .float64:
            storage.withPointer(Double.self) { a in
                other.storage.withPointer(Double.self) { b in
                    result.withPointer(Double.self) {
                        BLAS.multiply(
                            a, transposed: transposeSelf, b, transposed: transposeOther, into: $0, m: m, n: n, k: k)
                    }
                }
            }
        }
        // A's gradient needs B and vice versa: save only what a needed gradient will read.
        let a = self, b = other
        return Tensor.record(
            "matmul", shape: [m, n], storage: result, inputs: [a, b],
            saving: [b.node != nil ? a : Tensor.unsaved, a.node != nil ? b : Tensor.unsaved]
        ) { context in
            let g = context.upstream, a = context.saved[0], b = context.saved[1]
            let needA = context.needsGradient[0], needB = context.needsGradient[1]
            switch (transposeSelf, transposeOther) {
            case (false, false):  // C = A B
                return [
                    needA ? g.matmul(b, transposeOther: true) : nil, needB ? a.matmul(g, transposeSelf: true) : nil,
                ]
            case (true, false):  // C = Aᵀ B
                return [needA ? b.matmul(g, transposeOther: true) : nil, needB ? a.matmul(g) : nil]
            case (false, true):  // C = A Bᵀ
                return [needA ? g.matmul(b) : nil, needB ? g.matmul(a, transposeSelf: true) : nil]
            case (true, true):  // C = Aᵀ Bᵀ
                return [
                    needA ? b.matmul(g, transposeSelf: true, transposeOther: true) : nil,
                    needB ? g.matmul(a, transposeSelf: true, transposeOther: true) : nil,
                ]
            }
        }
    }

    /// A dense layer: `self · weight + bias` for `self` of shape `[batch, in]`, `weight` `[in, out]` and `bias`
    /// `[out]` (optional). O(batch·in·out).
    public func linear(weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let product = matmul(weight)
        guard let bias else { return product }
        return product + bias
    }

    /// A placeholder in a node's saved list for a tensor its rule will not read.
    static let unsaved = Tensor(zeros: [0])
}
