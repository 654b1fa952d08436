/// A Swift number that can be stored as a dataset element: its memory layout is exactly the native layout of
/// its ``HDF5ElementType``, so arrays of it are handed to libhdf5 without conversion.
///
/// Conforming types: `Int8`, `Int16`, `Int32`, `Int64`, `Int` (stored as int64), `UInt8`, `UInt16`, `UInt32`,
/// `UInt64`, `Float`, `Double`. Conforming other types is not supported.
public protocol HDF5Scalar: BitwiseCopyable, Sendable {
    /// The element type a dataset of this Swift type has.
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Int8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int8 } }
extension Int16: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int16 } }
extension Int32: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int32 } }
extension Int64: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .int64 } }
extension UInt8: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
extension UInt16: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint16 } }
extension UInt32: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint32 } }
extension UInt64: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .uint64 } }
extension Float: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float32 } }
extension Double: HDF5Scalar { public static var hdf5ElementType: HDF5ElementType { .float64 } }

/// `Int` is stored as int64 (this module supports 64-bit platforms only).
extension Int: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType {
        precondition(MemoryLayout<Int>.size == 8, "HDF5 stores Int as int64: 64-bit platforms only")
        return .int64
    }
}
