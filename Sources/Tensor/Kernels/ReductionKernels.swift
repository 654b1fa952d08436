/// Summation over axes, in a fixed order (input order), so results never depend on threads or scheduling.
enum ReductionKernels {
    /// Sums `input` (of `shape`) over the axes where `reducedShape` has size 1 and `shape` does not.
    /// `reducedShape` has the same rank as `shape`; the result is contiguous in `reducedShape`.
    static func sum(_ input: TensorStorage, shape: [Int], to reducedShape: [Int]) -> TensorStorage {
        let result = TensorStorage(zerosCount: Shape.elementCount(reducedShape), dtype: input.dtype)
        let strides = [Shape.broadcastStrides(of: reducedShape, to: shape), Shape.contiguousStrides(shape)]
        switch input.dtype {
        case .float32:
            input.withPointer(Float.self) { x in
                result.withPointer(Float.self) { accumulate(x, into: $0, shape: shape, strides: strides) }
            }
        case .float64:
            input.withPointer(Double.self) { x in
                result.withPointer(Double.self) { accumulate(x, into: $0, shape: shape, strides: strides) }
            }
        }
        return result
    }

    private static func accumulate<T: KernelScalar>(_ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>,
                                                    shape: [Int], strides: [[Int]]) {
        StridedIteration.forEachRow(shape: shape, strides: strides) { offsets, n, steps in
            let o = out + offsets[0], input = x + offsets[1]
            if steps[0] == 0 {
                // The row is reduced: one sum per row.
                var total: T = 0
                for j in 0..<n { total += input[j] }
                o[0] += total
            } else {
                // The row is kept: add it into the output row.
                for j in 0..<n { o[j] += input[j] }
            }
        }
    }
}
