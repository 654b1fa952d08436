/// Iteration over strided n-dimensional layouts, row by row: the building block of broadcasting, reductions,
/// permutations, slicing and concatenation. Rows are the innermost axis after merging axes that are laid out
/// contiguously for every operand, so most calls reduce to one or a few long contiguous loops.
enum StridedIteration {
    /// Drops axes of size 1 and merges neighbouring axes that every operand traverses contiguously.
    static func collapse(shape: [Int], strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var outShape: [Int] = []
        var outStrides = [[Int]](repeating: [], count: strides.count)
        for axis in shape.indices where shape[axis] != 1 {
            if let last = outShape.last,
                strides.indices.allSatisfy({
                    outStrides[$0][outStrides[$0].count - 1] == strides[$0][axis] * shape[axis]
                })
            {
                outShape[outShape.count - 1] = last * shape[axis]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][axis] }
            } else {
                outShape.append(shape[axis])
                for k in strides.indices { outStrides[k].append(strides[k][axis]) }
            }
        }
        return (outShape, outStrides)
    }

    /// Calls `body(offsets, rowLength, rowStrides)` for every innermost row of `shape`, where `offsets[k]` is the
    /// element offset of the row's start in operand `k` and `rowStrides[k]` its stride along the row. Rows come in
    /// row-major order, so the visiting order (and any accumulation it drives) is fixed.
    @inline(__always)
    static func forEachRow(
        shape: [Int], strides: [[Int]],
        _ body: (_ offsets: UnsafePointer<Int>, _ count: Int, _ rowStrides: UnsafePointer<Int>) -> Void
    ) {
        let (shape, strides) = collapse(shape: shape, strides: strides)
        forEachCollapsedRow(shape: shape, strides: strides, origins: nil, body)
    }

    /// ``forEachRow(shape:strides:_:)`` on large layouts cut into ``ElementChunks`` along the outermost (collapsed)
    /// axis, the chunks running concurrently: `body` must write only to its own rows (as maps and copies into a
    /// contiguous destination do). Rows within a chunk come in row-major order. Always inlined, so that `body`
    /// (and the arithmetic closure inside it) is specialised into the row loop.
    @inline(__always)
    static func forEachRowInParallel(
        shape: [Int], strides: [[Int]],
        _ body: (_ offsets: UnsafePointer<Int>, _ count: Int, _ rowStrides: UnsafePointer<Int>) -> Void
    ) {
        let (shape, strides) = collapse(shape: shape, strides: strides)
        guard let outer = OuterAxisChunks(shape: shape) else {
            return forEachCollapsedRow(shape: shape, strides: strides, origins: nil, body)
        }
        ComputeThreads.parallelFor(chunks: outer.chunks.count) { chunk in
            let range = outer.chunks.range(chunk)
            var sub = shape
            sub[0] = range.count
            forEachCollapsedRow(shape: sub, strides: strides, origins: strides.map { $0[0] * range.lowerBound }, body)
        }
    }

    /// Fixed chunks of the outermost axis of a collapsed shape, about ``ElementChunks/elementsPerChunk`` elements
    /// each; `nil` when the whole shape is one chunk.
    struct OuterAxisChunks {
        let chunks: FastConvolution.Blocks

        init?(shape: [Int]) {
            guard let outer = shape.first, !shape.contains(0) else { return nil }
            let inner = shape.dropFirst().reduce(1, *)
            guard outer * inner > ElementChunks.elementsPerChunk, outer > 1 else { return nil }
            chunks = FastConvolution.Blocks(total: outer, blockSize: max(1, ElementChunks.elementsPerChunk / inner))
            if chunks.count < 2 { return nil }
        }
    }

    /// Row iteration over an already collapsed layout, starting at `origins` (zeros when `nil`).
    @inline(__always)
    static func forEachCollapsedRow(
        shape: [Int], strides: [[Int]], origins: [Int]?,
        _ body: (_ offsets: UnsafePointer<Int>, _ count: Int, _ rowStrides: UnsafePointer<Int>) -> Void
    ) {
        let operands = strides.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * operands) { scratch in
            guard let offsets = scratch.baseAddress else { return }
            let rowStrides = offsets + operands
            for k in 0..<operands { offsets[k] = origins?[k] ?? 0 }
            guard let rowLength = shape.last else {
                rowStrides.update(repeating: 0, count: operands)
                body(offsets, 1, rowStrides)
                return
            }
            guard !shape.contains(0) else { return }
            for k in 0..<operands { rowStrides[k] = strides[k][shape.count - 1] }
            let outerRank = shape.count - 1
            let rows = shape.dropLast().reduce(1, *)
            if outerRank == 1 {
                // The common case (a matrix of rows, e.g. a bias added to every pixel): one constant step per row.
                let steps = strides.map { $0[0] }
                for _ in 0..<rows {
                    body(offsets, rowLength, rowStrides)
                    for k in 0..<operands { offsets[k] += steps[k] }
                }
                return
            }
            var index = [Int](repeating: 0, count: outerRank)
            for _ in 0..<rows {
                body(offsets, rowLength, rowStrides)
                var axis = outerRank - 1
                while axis >= 0 {
                    index[axis] += 1
                    for k in 0..<operands { offsets[k] += strides[k][axis] }
                    if index[axis] < shape[axis] { break }
                    for k in 0..<operands { offsets[k] -= strides[k][axis] * shape[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }

    /// Copies a strided view of `source` into a strided view of `destination`, both of extent `shape`; large copies
    /// run in chunks on ``ComputeThreads``' workers (`destination` must not overlap itself or `source`).
    static func copy<T: TensorScalar>(
        shape: [Int], from source: UnsafePointer<T>, strides sourceStrides: [Int],
        to destination: UnsafeMutablePointer<T>, strides destinationStrides: [Int]
    ) {
        forEachRowInParallel(shape: shape, strides: [destinationStrides, sourceStrides]) { offsets, count, steps in
            let out = destination + offsets[0], input = source + offsets[1]
            switch (steps[0], steps[1]) {
            case (1, 1): out.update(from: input, count: count)
            case (1, 0): out.update(repeating: input[0], count: count)
            default:
                for j in 0..<count { out[j * steps[0]] = input[j * steps[1]] }
            }
        }
    }

    /// Type-erased ``copy(shape:from:strides:to:strides:)`` over two storages of the same dtype, with offsets.
    static func copy(
        shape: [Int], from source: TensorStorage, offset sourceOffset: Int = 0, strides sourceStrides: [Int],
        to destination: TensorStorage, offset destinationOffset: Int = 0, strides destinationStrides: [Int]
    ) {
        precondition(source.dtype == destination.dtype)
        switch source.dtype {
        case .float32:
            source.withPointer(Float.self) { s in
                destination.withPointer(Float.self) { d in
                    copy(
                        shape: shape, from: s + sourceOffset, strides: sourceStrides,
                        to: d + destinationOffset, strides: destinationStrides)
                }
            }
        case .float64:
            source.withPointer(Double.self) { s in
                destination.withPointer(Double.self) { d in
                    copy(
                        shape: shape, from: s + sourceOffset, strides: sourceStrides,
                        to: d + destinationOffset, strides: destinationStrides)
                }
            }
        }
    }
}
