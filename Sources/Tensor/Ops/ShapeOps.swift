// Reshaping, permuting, slicing, concatenating and splitting. Reshape is free (shared storage); the others copy.

extension Tensor {
    /// The same elements with a new shape (row-major order is unchanged). One size may be `-1`: it is inferred.
    /// O(1): shares the storage.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var newShape = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().reduce(1) { $1.offset == inferred ? $0 : $0 * $1.element }
            precondition(known > 0 && scalarCount % known == 0, "cannot reshape \(shape) to \(newShape)")
            newShape[inferred] = scalarCount / known
        }
        precondition(
            Shape.isValid(newShape) && Shape.elementCount(newShape) == scalarCount,
            "cannot reshape \(shape) (\(scalarCount) elements) to \(newShape)")
        if newShape == shape { return self }
        let sourceShape = shape
        return Tensor.record("reshape", shape: newShape, storage: storage, inputs: [self]) { context in
            [context.upstream.reshaped(to: sourceShape)]
        }
    }

    /// Reorders the axes: axis `i` of the result is axis `permutation[i]` of this tensor. O(n).
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank), "\(permutation) is not a permutation of 0..<\(rank)")
        if permutation == Array(0..<rank) { return self }
        let newShape = permutation.map { shape[$0] }
        let ownStrides = Shape.contiguousStrides(shape)
        let result = TensorStorage(uninitializedCount: scalarCount, dtype: dtype)
        StridedIteration.copy(
            shape: newShape, from: storage, strides: permutation.map { ownStrides[$0] },
            to: result, strides: Shape.contiguousStrides(newShape))
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in permutation.enumerated() { inverse[axis] = i }
        return Tensor.record("permute", shape: newShape, storage: result, inputs: [self]) { context in
            [context.upstream.permuted(inverse)]
        }
    }

    /// The matrix transpose of a rank-2 tensor. O(n).
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a matrix; use permuted(_:) for rank \(rank)")
        return permuted([1, 0])
    }

    /// The block `starts[i] ..< starts[i] + sizes[i]` along every axis. O(size of the block).
    public func sliced(starts: [Int], sizes: [Int]) -> Tensor {
        precondition(starts.count == rank && sizes.count == rank, "slice needs one start and size per axis")
        for axis in 0..<rank {
            precondition(
                starts[axis] >= 0 && sizes[axis] >= 0 && starts[axis] + sizes[axis] <= shape[axis],
                "slice \(starts[axis])..<\(starts[axis] + sizes[axis]) is out of range for axis \(axis) of \(shape)")
        }
        if sizes == shape { return self }
        let strides = Shape.contiguousStrides(shape)
        let offset = zip(starts, strides).reduce(0) { $0 + $1.0 * $1.1 }
        let result = TensorStorage(uninitializedCount: Shape.elementCount(sizes), dtype: dtype)
        StridedIteration.copy(
            shape: sizes, from: storage, offset: offset, strides: strides,
            to: result, strides: Shape.contiguousStrides(sizes))
        let sourceShape = shape
        return Tensor.record("slice", shape: sizes, storage: result, inputs: [self]) { context in
            [context.upstream.embedded(inShape: sourceShape, at: starts)]
        }
    }

    /// The elements `range` along `axis` (all of every other axis). O(size of the result).
    public func slice(alongAxis axis: Int, range: Range<Int>) -> Tensor {
        let axis = Shape.normalizedAxis(axis, rank: rank)
        var starts = [Int](repeating: 0, count: rank), sizes = shape
        starts[axis] = range.lowerBound
        sizes[axis] = range.count
        return sliced(starts: starts, sizes: sizes)
    }

    /// A zero tensor of `outerShape` with this tensor written at `starts`: the adjoint of ``sliced(starts:sizes:)``.
    /// O(size of the result).
    public func embedded(inShape outerShape: [Int], at starts: [Int]) -> Tensor {
        precondition(outerShape.count == rank && starts.count == rank, "embedding needs one start per axis")
        for axis in 0..<rank {
            precondition(
                starts[axis] >= 0 && starts[axis] + shape[axis] <= outerShape[axis],
                "cannot place \(shape) at \(starts) inside \(outerShape)")
        }
        if outerShape == shape { return self }
        let strides = Shape.contiguousStrides(outerShape)
        let offset = zip(starts, strides).reduce(0) { $0 + $1.0 * $1.1 }
        let result = TensorStorage(zerosCount: Shape.elementCount(outerShape), dtype: dtype)
        StridedIteration.copy(
            shape: shape, from: storage, offset: 0, strides: Shape.contiguousStrides(shape),
            to: result, offset: offset, strides: strides)
        let innerShape = shape
        return Tensor.record("embed", shape: outerShape, storage: result, inputs: [self]) { context in
            [context.upstream.sliced(starts: starts, sizes: innerShape)]
        }
    }

    /// Joins `tensors` along `axis`; all other sizes must agree. O(total size).
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        guard let first = tensors.first else { preconditionFailure("concatenate needs at least one tensor") }
        if tensors.count == 1 { return first }
        let axis = Shape.normalizedAxis(axis, rank: first.rank)
        for tensor in tensors {
            precondition(tensor.dtype == first.dtype, "cannot concatenate \(tensor.dtype) with \(first.dtype)")
            precondition(
                tensor.rank == first.rank
                    && tensor.shape.indices.allSatisfy {
                        $0 == axis || tensor.shape[$0] == first.shape[$0]
                    }, "cannot concatenate \(tensor.shape) with \(first.shape) along axis \(axis)")
        }
        var shape = first.shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let result = TensorStorage(uninitializedCount: Shape.elementCount(shape), dtype: first.dtype)
        let strides = Shape.contiguousStrides(shape)
        var ranges: [Range<Int>] = []
        var start = 0
        for tensor in tensors {
            StridedIteration.copy(
                shape: tensor.shape, from: tensor.storage, offset: 0,
                strides: Shape.contiguousStrides(tensor.shape),
                to: result, offset: start * strides[axis], strides: strides)
            ranges.append(start..<start + tensor.shape[axis])
            start += tensor.shape[axis]
        }
        return record("concatenate", shape: shape, storage: result, inputs: tensors) { context in
            ranges.indices.map { i in
                context.needsGradient[i] ? context.upstream.slice(alongAxis: axis, range: ranges[i]) : nil
            }
        }
    }

    /// Splits along `axis` into consecutive pieces of the given sizes (which must add up to that axis' size).
    /// O(total size).
    public func split(sizes: [Int], alongAxis axis: Int) -> [Tensor] {
        let axis = Shape.normalizedAxis(axis, rank: rank)
        precondition(sizes.reduce(0, +) == shape[axis], "split sizes \(sizes) do not add up to \(shape[axis])")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(alongAxis: axis, range: start..<start + size)
        }
    }

    /// Stacks equally shaped tensors along a new axis. O(total size).
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { preconditionFailure("stack needs at least one tensor") }
        precondition(tensors.allSatisfy { $0.shape == first.shape }, "stack needs tensors of one shape")
        let axis = Shape.normalizedAxis(axis, rank: first.rank + 1)
        var expanded = first.shape
        expanded.insert(1, at: axis)
        return concatenate(tensors.map { $0.reshaped(to: expanded) }, alongAxis: axis)
    }
}
