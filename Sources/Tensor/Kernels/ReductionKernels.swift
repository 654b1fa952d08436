/// Summation over axes in a fixed order, so results never depend on threads or scheduling.
///
/// Large inputs are cut into ``ElementChunks`` along their outermost axis. When that axis is kept (block sums), each
/// chunk owns its outputs and accumulates them in the serial order. When it is reduced (a bias gradient, a loss),
/// each chunk sums into its own partial result and the partials are added in chunk order: chunk boundaries depend
/// only on the shape, so the rounding is the same for every thread count.
enum ReductionKernels {
    /// Most floats the partial results of one reduction may take; larger results are reduced serially.
    static let partialBudget = 1 << 22

    /// Sums `input` (of `shape`) over the axes where `reducedShape` has size 1 and `shape` does not.
    /// `reducedShape` has the same rank as `shape`; the result is contiguous in `reducedShape`.
    static func sum(_ input: TensorStorage, shape: [Int], to reducedShape: [Int]) -> TensorStorage {
        let count = Shape.elementCount(reducedShape)
        let result = TensorStorage(zerosCount: count, dtype: input.dtype)
        let strides = [Shape.broadcastStrides(of: reducedShape, to: shape), Shape.contiguousStrides(shape)]
        switch input.dtype {
        case .float32:
            input.withPointer(Float.self) { x in
                result.withPointer(Float.self) { accumulate(x, into: $0, count: count, shape: shape, strides: strides) }
            }
        case .float64:
            input.withPointer(Double.self) { x in
                result.withPointer(Double.self) {
                    accumulate(x, into: $0, count: count, shape: shape, strides: strides)
                }
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
            lanes.0 += x[j]
            lanes.1 += x[j + 1]
            lanes.2 += x[j + 2]
            lanes.3 += x[j + 3]
            lanes.4 += x[j + 4]
            lanes.5 += x[j + 5]
            lanes.6 += x[j + 6]
            lanes.7 += x[j + 7]
            j += 8
        }
        var tail: T = 0
        while j < n {
            tail += x[j]
            j += 1
        }
        return (((lanes.0 + lanes.4) + (lanes.2 + lanes.6)) + ((lanes.1 + lanes.5) + (lanes.3 + lanes.7))) + tail
    }

    /// Adds the input into the zeroed `out` (`count` elements), chunked as the type's documentation describes.
    private static func accumulate<T: KernelScalar>(
        _ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>, count: Int,
        shape: [Int], strides: [[Int]]
    ) {
        let (shape, strides) = StridedIteration.collapse(shape: shape, strides: strides)
        guard let outer = StridedIteration.OuterAxisChunks(shape: shape),
            strides[0][0] != 0 || outer.chunks.count * count <= partialBudget
        else {
            return accumulateRows(x, into: out, shape: shape, strides: strides, origins: nil)
        }
        let chunks = outer.chunks
        func chunkShape(_ range: Range<Int>) -> [Int] {
            var sub = shape
            sub[0] = range.count
            return sub
        }
        if strides[0][0] != 0 {
            // The outer axis is kept: chunks own disjoint outputs.
            ComputeThreads.parallelFor(chunks: chunks.count) { chunk in
                let range = chunks.range(chunk)
                accumulateRows(
                    x, into: out, shape: chunkShape(range), strides: strides,
                    origins: [strides[0][0] * range.lowerBound, strides[1][0] * range.lowerBound])
            }
            return
        }
        // The outer axis is reduced: one partial per chunk, added in chunk order.
        let partials = UnsafeMutablePointer<T>.allocate(capacity: chunks.count * count)
        defer { partials.deallocate() }
        partials.initialize(repeating: 0, count: chunks.count * count)
        ComputeThreads.parallelFor(chunks: chunks.count) { chunk in
            let range = chunks.range(chunk)
            accumulateRows(
                x, into: partials + chunk * count, shape: chunkShape(range), strides: strides,
                origins: [0, strides[1][0] * range.lowerBound])
        }
        ElementChunks.forEach(count: count) { elements in
            for chunk in 0..<chunks.count {
                let partial = partials + chunk * count
                for index in elements { out[index] += partial[index] }
            }
        }
    }

    private static func accumulateRows<T: KernelScalar>(
        _ x: UnsafePointer<T>, into out: UnsafeMutablePointer<T>,
        shape: [Int], strides: [[Int]], origins: [Int]?
    ) {
        StridedIteration.forEachCollapsedRow(shape: shape, strides: strides, origins: origins) { offsets, n, steps in
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
