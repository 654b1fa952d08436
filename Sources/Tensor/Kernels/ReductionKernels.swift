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

    /// Sum of a contiguous row with eight interleaved partial sums (combined pairwise at the end): vectorisable,
    /// more accurate than one running sum, and in a fixed order.
    @inline(__always)
    static func rowSum<T: KernelScalar>(_ x: UnsafePointer<T>, _ n: Int) -> T {
        var lanes = (T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0))
        var j = 0
        while j + 8 <= n {
            lanes.0 += x[j]; lanes.1 += x[j + 1]; lanes.2 += x[j + 2]; lanes.3 += x[j + 3]
            lanes.4 += x[j + 4]; lanes.5 += x[j + 5]; lanes.6 += x[j + 6]; lanes.7 += x[j + 7]
            j += 8
        }
        var tail: T = 0
        while j < n { tail += x[j]; j += 1 }
        return (((lanes.0 + lanes.4) + (lanes.2 + lanes.6)) + ((lanes.1 + lanes.5) + (lanes.3 + lanes.7))) + tail
    }

    private static func accumulate<T: KernelScalar>(_ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>,
                                                    shape: [Int], strides: [[Int]]) {
        StridedIteration.forEachRow(shape: shape, strides: strides) { offsets, n, steps in
            let o = out + offsets[0], input = x + offsets[1]
            if steps[0] == 0 {
                // The row is reduced: one sum per row.
                o[0] += rowSum(input, n)
            } else {
                // The row is kept: add it into the output row.
                for j in 0..<n { o[j] += input[j] }
            }
        }
    }
}
