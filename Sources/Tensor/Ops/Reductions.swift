// Sums and means over axes, and the pair of primitives broadcasting is built on: `summed(toShape:)` and
// `broadcast(toShape:)`, each the other's backward rule.

extension Tensor {
    /// The sum of all elements, as a rank-0 tensor. O(n); accumulated in a fixed order.
    public func sum() -> Tensor {
        summed(toShape: [Int](repeating: 1, count: rank)).reshaped(to: [])
    }

    /// Sums over `axes` (negative axes count from the end). With `keepingDimensions` the reduced axes stay as size 1.
    /// O(n); accumulated in a fixed order.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let reduced = Set(axes.map { Shape.normalizedAxis($0, rank: rank) })
        let kept = shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
        let result = summed(toShape: kept)
        return keepingDimensions
            ? result : result.reshaped(to: shape.indices.filter { !reduced.contains($0) }.map { shape[$0] })
    }

    /// The mean of all elements, as a rank-0 tensor. O(n).
    public func mean() -> Tensor {
        sum() * (1 / Double(Swift.max(scalarCount, 1)))
    }

    /// Means over `axes`. With `keepingDimensions` the reduced axes stay as size 1. O(n).
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let count = Set(axes.map { Shape.normalizedAxis($0, rank: rank) }).reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Double(Swift.max(count, 1)))
    }

    /// Sums the axes along which `target` would be broadcast to this shape, giving a tensor of shape `target`:
    /// the adjoint of ``broadcast(toShape:)``. O(n).
    ///
    /// - Precondition: `target` broadcasts to ``shape``.
    public func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(
            Shape.broadcast(target, shape) == shape, "cannot sum \(shape) down to \(target): it does not broadcast back"
        )
        let padded = [Int](repeating: 1, count: rank - target.count) + target
        let storage = ReductionKernels.sum(self.storage, shape: shape, to: padded)
        let sourceShape = shape
        return Tensor.record("sumToShape", shape: target, storage: storage, inputs: [self]) { context in
            [context.upstream.broadcast(toShape: sourceShape)]
        }
    }

    /// Repeats this tensor along broadcast axes to fill `target` (NumPy's `broadcast_to`, materialised). O(n) in the
    /// result.
    ///
    /// - Precondition: this shape broadcasts to `target`.
    public func broadcast(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(Shape.broadcast(shape, target) == target, "cannot broadcast \(shape) to \(target)")
        let storage = TensorStorage(uninitializedCount: Shape.elementCount(target), dtype: dtype)
        StridedIteration.copy(
            shape: target, from: self.storage, strides: Shape.broadcastStrides(of: shape, to: target),
            to: storage, strides: Shape.contiguousStrides(target))
        let sourceShape = shape
        return Tensor.record("broadcast", shape: target, storage: storage, inputs: [self]) { context in
            [context.upstream.summed(toShape: sourceShape)]
        }
    }
}
