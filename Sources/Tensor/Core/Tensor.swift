/// An n-dimensional array of `Float` or `Double`, the value every op takes and returns.
///
/// **Layout.** Elements are contiguous and row-major (the last axis varies fastest). By convention images are NHWC
/// `[batch, height, width, channels]`, convolution weights HWIO `[kernelHeight, kernelWidth, inChannels,
/// outChannels]`, and dense weights `[inFeatures, outFeatures]` so that `x.matmul(w)` maps `[batch, in]` to
/// `[batch, out]`. A rank-0 tensor (shape `[]`) holds one scalar.
///
/// **Value semantics.** A `Tensor` is a value: ops never modify their inputs, ``reshaped(to:)`` shares storage for
/// free, and the `mutating` accessors copy the storage first unless this value holds the only reference.
///
/// **Autodiff.** A tensor that ``requiringGradient()`` marked, or any op result computed from one while recording is
/// on, carries a reference to a graph node. ``gradients(of:wrt:seed:createGraph:retainGraph:)`` walks those nodes backwards.
/// Everything else (data, constants, results inside ``withoutGradientRecording(_:)``) carries no node and costs
/// nothing extra.
public struct Tensor: @unchecked Sendable {
    /// Size of each axis, outermost first.
    public let shape: [Int]
    /// The elements (shared between values until one of them mutates).
    private(set) var storage: TensorStorage
    /// The autodiff node that produced this value, if it is part of a recorded graph.
    let node: GraphNode?

    init(shape: [Int], storage: TensorStorage, node: GraphNode? = nil) {
        assert(Shape.elementCount(shape) == storage.count, "shape \(shape) does not match \(storage.count) elements")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// Element type of the storage.
    public var dtype: DType { storage.dtype }

    /// Number of axes.
    public var rank: Int { shape.count }

    /// Number of elements (the product of ``shape``; 1 for a rank-0 tensor).
    public var scalarCount: Int { storage.count }

    /// Whether this value is part of a recorded autodiff graph (a marked leaf or a result computed from one).
    public var requiresGradient: Bool { node != nil }

    /// This value as a new leaf of the autodiff graph: gradients can be taken with respect to it.
    ///
    /// Shares the storage; O(1). Any graph this value belonged to is cut off.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, storage: storage, node: .leaf(shape: shape))
    }

    /// This value without its autodiff node: a constant for every later op. Shares the storage; O(1).
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage, node: nil)
    }
}

// MARK: - Creating tensors

extension Tensor {
    /// A tensor holding `scalars` in row-major order. The dtype follows the element type (`Float` gives `float32`).
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init<S: TensorScalar>(shape: [Int], scalars: [S]) {
        precondition(Shape.isValid(shape), "invalid shape \(shape): sizes must be non-negative")
        precondition(
            Shape.elementCount(shape) == scalars.count,
            "shape \(shape) needs \(Shape.elementCount(shape)) scalars, got \(scalars.count)")
        let storage = TensorStorage(uninitializedCount: scalars.count, dtype: S.dtype)
        scalars.withUnsafeBufferPointer { source in
            storage.withPointer(S.self) { destination in
                if let base = source.baseAddress { destination.update(from: base, count: source.count) }
            }
        }
        self.init(shape: shape, storage: storage)
    }

    /// A tensor of `shape` whose elements `body` writes into the (uninitialised) buffer, for fast loading of data.
    ///
    /// `body` must write every element.
    public init<S: TensorScalar, E: Error>(
        shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<S>) throws(E) -> Void
    ) throws(E) {
        precondition(Shape.isValid(shape), "invalid shape \(shape): sizes must be non-negative")
        let storage = TensorStorage(uninitializedCount: Shape.elementCount(shape), dtype: S.dtype)
        let count = storage.count
        try storage.withPointer(S.self) { (pointer) throws(E) in
            try body(UnsafeMutableBufferPointer(start: pointer, count: count))
        }
        self.init(shape: shape, storage: storage)
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int], dtype: DType = .float32) {
        precondition(Shape.isValid(shape), "invalid shape \(shape): sizes must be non-negative")
        self.init(shape: shape, storage: TensorStorage(zerosCount: Shape.elementCount(shape), dtype: dtype))
    }

    /// A tensor whose elements all equal `value` (rounded to the dtype).
    public init(repeating value: Double, shape: [Int], dtype: DType = .float32) {
        precondition(Shape.isValid(shape), "invalid shape \(shape): sizes must be non-negative")
        let storage = TensorStorage(uninitializedCount: Shape.elementCount(shape), dtype: dtype)
        switch dtype {
        case .float32: storage.withPointer(Float.self) { $0.update(repeating: Float(value), count: storage.count) }
        case .float64: storage.withPointer(Double.self) { $0.update(repeating: value, count: storage.count) }
        }
        self.init(shape: shape, storage: storage)
    }

    /// A rank-0 tensor holding `value`.
    public init(_ value: Double, dtype: DType = .float32) {
        self.init(repeating: value, shape: [], dtype: dtype)
    }

    /// A tensor of ones with the same shape and dtype as this one.
    public func onesLike() -> Tensor { Tensor(repeating: 1, shape: shape, dtype: dtype) }

    /// A tensor of zeros with the same shape and dtype as this one.
    public func zerosLike() -> Tensor { Tensor(zeros: shape, dtype: dtype) }
}

// MARK: - Reading and writing elements

extension Tensor {
    /// The elements in row-major order, converted to `S` if the dtype differs. O(n).
    public func scalars<S: TensorScalar>(as type: S.Type = S.self) -> [S] {
        switch dtype {
        case .float32: storage.withPointer(Float.self) { p in (0..<scalarCount).map { S(p[$0]) } }
        case .float64: storage.withPointer(Double.self) { p in (0..<scalarCount).map { S(p[$0]) } }
        }
    }

    /// The single element of a tensor with one element (a loss, for example), as a `Double`.
    ///
    /// - Precondition: ``scalarCount`` is 1.
    public var scalarValue: Double {
        precondition(scalarCount == 1, "scalarValue needs a single-element tensor, shape is \(shape)")
        return switch dtype {
        case .float32: storage.withPointer(Float.self) { Double($0[0]) }
        case .float64: storage.withPointer(Double.self) { $0[0] }
        }
    }

    /// Calls `body` with the elements, read-only. `S` must be this tensor's element type.
    public func withUnsafeBufferPointer<S: TensorScalar, R, E: Error>(
        as type: S.Type, _ body: (UnsafeBufferPointer<S>) throws(E) -> R
    ) throws(E) -> R {
        let count = scalarCount
        return try storage.withPointer(S.self) { (pointer) throws(E) -> R in
            try body(UnsafeBufferPointer(start: pointer, count: count))
        }
    }

    /// Calls `body` with the elements, writable. Copies the storage first if another value shares it
    /// (copy-on-write), so no other tensor and no recorded graph sees the change. Keeps the autodiff node.
    public mutating func withUnsafeMutableBufferPointer<S: TensorScalar, R, E: Error>(
        as type: S.Type, _ body: (UnsafeMutableBufferPointer<S>) throws(E) -> R
    ) throws(E) -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let count = scalarCount
        return try storage.withPointer(S.self) { (pointer) throws(E) -> R in
            try body(UnsafeMutableBufferPointer(start: pointer, count: count))
        }
    }
}

extension Tensor: CustomStringConvertible {
    /// Shape, dtype and up to the first 8 elements.
    public var description: String {
        let shown = scalars(as: Double.self).prefix(8).map { "\($0)" }.joined(separator: ", ")
        let more = scalarCount > 8 ? ", …" : ""
        return "Tensor(\(shape), \(dtype)\(requiresGradient ? ", grad" : ""): [\(shown)\(more)])"
    }
}
