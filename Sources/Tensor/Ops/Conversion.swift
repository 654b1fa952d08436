// Conversions between element types, and from 8-bit pixels.

extension Tensor {
    /// The same values in another dtype (rounded when narrowing to `float32`). Differentiable: the gradient is
    /// converted back. O(n); returns `self` when the dtype already matches.
    public func converted(to target: DType) -> Tensor {
        if target == dtype { return self }
        let result = TensorStorage(uninitializedCount: scalarCount, dtype: target)
        switch (dtype, target) {
        case (.float32, .float64):
            storage.withPointer(Float.self) { source in
                result.withPointer(Double.self) { for i in 0..<scalarCount { $0[i] = Double(source[i]) } }
            }
        case (.float64, .float32):
            storage.withPointer(Double.self) { source in
                result.withPointer(Float.self) { for i in 0..<scalarCount { $0[i] = Float(source[i]) } }
            }
        default:
            preconditionFailure("unreachable: dtypes differ")
        }
        let sourceType = dtype
        return Tensor.record("convert", shape: shape, storage: result, inputs: [self]) { context in
            [context.upstream.converted(to: sourceType)]
        }
    }

    /// 8-bit pixel values (RGB frames as stored in the datasets) mapped to `[0, 1]` by dividing by 255. A constant.
    /// O(n).
    ///
    /// - Precondition: `pixels.count` equals the product of `shape`.
    public init(shape: [Int], normalizedPixels pixels: UnsafeBufferPointer<UInt8>, dtype: DType = .float32) {
        precondition(
            Shape.isValid(shape) && Shape.elementCount(shape) == pixels.count,
            "shape \(shape) needs \(Shape.elementCount(shape)) pixels, got \(pixels.count)")
        let storage = TensorStorage(uninitializedCount: pixels.count, dtype: dtype)
        switch dtype {
        case .float32:
            storage.withPointer(Float.self) { for i in pixels.indices { $0[i] = Float(pixels[i]) / 255 } }
        case .float64:
            storage.withPointer(Double.self) { for i in pixels.indices { $0[i] = Double(pixels[i]) / 255 } }
        }
        self.init(shape: shape, storage: storage)
    }

    /// 8-bit pixel values mapped to `[0, 1]` (see ``init(shape:normalizedPixels:dtype:)``).
    public init(shape: [Int], normalizedPixels pixels: [UInt8], dtype: DType = .float32) {
        self = pixels.withUnsafeBufferPointer { Tensor(shape: shape, normalizedPixels: $0, dtype: dtype) }
    }
}
