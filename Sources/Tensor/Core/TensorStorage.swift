/// A contiguous, 64-byte aligned buffer of `count` elements of one ``DType``.
///
/// Storage is immutable once an op has filled it, with one exception: ``Tensor`` mutates it in place when it holds
/// the only reference (copy-on-write), which is how optimisers update parameters without copying. All raw pointer
/// access goes through the `with…` closures below, which keep the storage alive for the closure's duration.
final class TensorStorage: @unchecked Sendable {
    /// Element type.
    let dtype: DType
    /// Number of elements.
    let count: Int
    private let base: UnsafeMutableRawPointer

    /// Allocates uninitialised storage; the caller must write every element before anyone reads it.
    init(uninitializedCount count: Int, dtype: DType) {
        precondition(count >= 0, "a tensor cannot have a negative element count")
        self.dtype = dtype
        self.count = count
        base = StorageAllocator.allocate(byteCount: count * dtype.byteCount)
        switch dtype {
        case .float32: base.bindMemory(to: Float.self, capacity: max(count, 1))
        case .float64: base.bindMemory(to: Double.self, capacity: max(count, 1))
        }
    }

    /// Allocates storage filled with zeros.
    convenience init(zerosCount count: Int, dtype: DType) {
        self.init(uninitializedCount: count, dtype: dtype)
        _ = withRawPointer { $0.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.byteCount) }
    }

    deinit { StorageAllocator.deallocate(base, byteCount: count * dtype.byteCount) }

    /// Calls `body` with a typed pointer to the elements. `T` must match ``dtype``.
    @inline(__always)
    func withPointer<T: TensorScalar, R, E: Error>(
        _ type: T.Type, _ body: (UnsafeMutablePointer<T>) throws(E) -> R
    ) throws(E) -> R {
        precondition(T.dtype == dtype, "storage holds \(dtype), not \(T.dtype)")
        defer { withExtendedLifetime(self) {} }
        return try body(base.assumingMemoryBound(to: T.self))
    }

    /// Calls `body` with the raw bytes (for copies that do not care about the element type).
    @inline(__always)
    func withRawPointer<R, E: Error>(_ body: (UnsafeMutableRawPointer) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        return try body(base)
    }

    /// A new storage holding the same elements.
    func copy() -> TensorStorage {
        let result = TensorStorage(uninitializedCount: count, dtype: dtype)
        result.withRawPointer { destination in
            withRawPointer { destination.copyMemory(from: $0, byteCount: count * dtype.byteCount) }
        }
        return result
    }
}
