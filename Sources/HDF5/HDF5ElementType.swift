/// The element type of a dataset: one of the fixed-size numbers this module reads and writes, or `.other` for
/// anything else a foreign file may hold (strings, compounds, ...), which can be inspected but not read.
public enum HDF5ElementType: Sendable, Hashable, CustomStringConvertible {
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float32, float64
    /// A type this module does not read as numbers, with a short description ("variable-length string").
    case other(String)

    /// Bytes per element (0 for `.other`).
    public var byteCount: Int {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        case .other: 0
        }
    }

    /// NumPy's name for the type (`uint8`, `float64`, ...), as Python users see it through h5py.
    public var description: String {
        switch self {
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float32: "float32"
        case .float64: "float64"
        case .other(let text): text
        }
    }
}
