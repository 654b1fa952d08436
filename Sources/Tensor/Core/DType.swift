/// The element type of a tensor's storage.
///
/// `float32` is the fast path used for training; `float64` exists so that gradient checks by finite differences can
/// run at full precision through exactly the same ops and backward rules.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE 754 binary32 (`Float`), 4 bytes per element.
    case float32
    /// IEEE 754 binary64 (`Double`), 8 bytes per element.
    case float64

    /// Size of one element in bytes.
    @inlinable public var byteCount: Int {
        switch self {
        case .float32: 4
        case .float64: 8
        }
    }

    public var description: String { rawValue }
}

/// A Swift scalar type that can be the element of a ``Tensor``: `Float` (``DType/float32``) or `Double`
/// (``DType/float64``).
public protocol TensorScalar: BinaryFloatingPoint, Sendable {
    /// The ``DType`` whose storage holds elements of this type.
    static var dtype: DType { get }
}

extension Float: TensorScalar {
    @inlinable public static var dtype: DType { .float32 }
}

extension Double: TensorScalar {
    @inlinable public static var dtype: DType { .float64 }
}
