/// The value of an attribute: a scalar or a 1-D array of strings, signed or unsigned 64-bit integers, or doubles.
///
/// Strings are stored as variable-length UTF-8, which h5py returns as `str` (arrays as `numpy` object arrays of
/// `str`). Scalars are stored with a scalar dataspace (h5py returns a NumPy scalar), arrays as 1-D.
/// On read, any stored integer width becomes `.int64`/`.uint64` by sign, any float becomes `.double`, and fixed-length
/// strings (as other tools write) become `.string`.
public enum HDF5AttributeValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case strings([String])
    case int64s([Int64])
    case uint64s([UInt64])
    case doubles([Double])

    /// What the value holds, for messages: "string", "array of int64", ...
    public var kindDescription: String {
        switch self {
        case .string: "string"
        case .int64: "int64"
        case .uint64: "uint64"
        case .double: "float64"
        case .strings: "array of string"
        case .int64s: "array of int64"
        case .uint64s: "array of uint64"
        case .doubles: "array of float64"
        }
    }

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .int64(let value): "\(value)"
        case .uint64(let value): "\(value)"
        case .double(let value): "\(value)"
        case .strings(let values): "\(values)"
        case .int64s(let values): "\(values)"
        case .uint64s(let values): "\(values)"
        case .doubles(let values): "\(values)"
        }
    }
}

/// A Swift value that can be stored as an attribute and read back as itself.
///
/// Conforming: `String`, `Int64`, `UInt64`, `Int`, `Double` (see ``HDF5AttributeScalar``), and arrays of each. Integers convert between signed
/// and unsigned on read when the value fits exactly; nothing else converts.
public protocol HDF5AttributeConvertible: Sendable {
    /// The attribute value that stores `self`.
    var hdf5AttributeValue: HDF5AttributeValue { get }
    /// The Swift value stored in `value`, or nil if `value` holds another kind.
    init?(hdf5AttributeValue value: HDF5AttributeValue)
    /// The kind of value this type reads, for messages ("float64", "array of string").
    static var hdf5AttributeKind: String { get }
}

extension HDF5AttributeValue: HDF5AttributeConvertible {
    public var hdf5AttributeValue: HDF5AttributeValue { self }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) { self = value }
    public static var hdf5AttributeKind: String { "any attribute value" }
}

/// A scalar attribute type whose arrays are attributes too (`[String]`, `[Double]`, `[Int64]`, `[UInt64]`, `[Int]`).
public protocol HDF5AttributeScalar: HDF5AttributeConvertible {
    /// The attribute value that stores `values` as a 1-D array.
    static func hdf5AttributeArray(_ values: [Self]) -> HDF5AttributeValue
    /// The elements of an array `value` converted to `Self`, or nil if `value` is not such an array.
    static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [Self]?
}

extension String: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { .string(self) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        guard case .string(let string) = value else { return nil }
        self = string
    }
    public static var hdf5AttributeKind: String { "string" }
    public static func hdf5AttributeArray(_ values: [String]) -> HDF5AttributeValue { .strings(values) }
    public static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [String]? {
        guard case .strings(let values) = value else { return nil }
        return values
    }
}

extension Double: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { .double(self) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        guard case .double(let double) = value else { return nil }
        self = double
    }
    public static var hdf5AttributeKind: String { "float64" }
    public static func hdf5AttributeArray(_ values: [Double]) -> HDF5AttributeValue { .doubles(values) }
    public static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [Double]? {
        guard case .doubles(let values) = value else { return nil }
        return values
    }
}

extension Int64: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { .int64(self) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        switch value {
        case .int64(let integer): self = integer
        case .uint64(let integer):
            guard let exact = Int64(exactly: integer) else { return nil }
            self = exact
        default: return nil
        }
    }
    public static var hdf5AttributeKind: String { "int64" }
    public static func hdf5AttributeArray(_ values: [Int64]) -> HDF5AttributeValue { .int64s(values) }
    public static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [Int64]? {
        switch value {
        case .int64s(let values): values
        case .uint64s(let values): exactly(values)
        default: nil
        }
    }
}

extension UInt64: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { .uint64(self) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        switch value {
        case .uint64(let integer): self = integer
        case .int64(let integer):
            guard let exact = UInt64(exactly: integer) else { return nil }
            self = exact
        default: return nil
        }
    }
    public static var hdf5AttributeKind: String { "uint64" }
    public static func hdf5AttributeArray(_ values: [UInt64]) -> HDF5AttributeValue { .uint64s(values) }
    public static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [UInt64]? {
        switch value {
        case .uint64s(let values): values
        case .int64s(let values): exactly(values)
        default: nil
        }
    }
}

extension Int: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { .int64(Int64(self)) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        guard let integer = Int64(hdf5AttributeValue: value), let exact = Int(exactly: integer) else { return nil }
        self = exact
    }
    public static var hdf5AttributeKind: String { "int64" }
    public static func hdf5AttributeArray(_ values: [Int]) -> HDF5AttributeValue { .int64s(values.map { Int64($0) }) }
    public static func hdf5AttributeElements(_ value: HDF5AttributeValue) -> [Int]? {
        Int64.hdf5AttributeElements(value).flatMap(exactly)
    }
}

/// `values` converted to another integer type, or nil if any value does not fit exactly.
private func exactly<Source: BinaryInteger, Target: BinaryInteger>(_ values: [Source]) -> [Target]? {
    var result: [Target] = []
    result.reserveCapacity(values.count)
    for value in values {
        guard let exact = Target(exactly: value) else { return nil }
        result.append(exact)
    }
    return result
}

extension Array: HDF5AttributeConvertible where Element: HDF5AttributeScalar {
    public var hdf5AttributeValue: HDF5AttributeValue { Element.hdf5AttributeArray(self) }
    public init?(hdf5AttributeValue value: HDF5AttributeValue) {
        guard let elements = Element.hdf5AttributeElements(value) else { return nil }
        self = elements
    }
    public static var hdf5AttributeKind: String { "array of \(Element.hdf5AttributeKind)" }
}
