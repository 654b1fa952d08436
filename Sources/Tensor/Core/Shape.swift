/// Shape arithmetic shared by the ops (shapes are plain `[Int]`, outermost axis first).
enum Shape {
    /// Product of the sizes (1 for rank 0).
    @inline(__always)
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Whether every size is non-negative.
    static func isValid(_ shape: [Int]) -> Bool { shape.allSatisfy { $0 >= 0 } }

    /// Row-major strides (in elements) of a contiguous tensor of this shape.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes (aligned on the right; sizes must match or be 1), or `nil`.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if x == y || y == 1 { result[i] = x } else if x == 1 { result[i] = y } else { return nil }
        }
        return result
    }

    /// Strides for reading a tensor of `shape` as if it had the (larger) broadcast shape `target`: 0 on axes that
    /// are broadcast (missing or of size 1).
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let own = contiguousStrides(shape)
        let offset = target.count - shape.count
        precondition(offset >= 0, "cannot broadcast \(shape) to the smaller rank of \(target)")
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// Normalises a possibly negative axis (`-1` is the last) and checks it is in range.
    static func normalizedAxis(_ axis: Int, rank: Int) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        precondition(normalized >= 0 && normalized < rank, "axis \(axis) is out of range for rank \(rank)")
        return normalized
    }
}
