/// One stage of a chunked dataset's filter pipeline, as stored in the file.
public enum HDF5Filter: Sendable, Hashable, CustomStringConvertible {
    /// Byte shuffle (HDF5 filter 2): byte k of every element grouped together, which helps deflate on numbers.
    case shuffle
    /// zlib deflate (HDF5 filter 1) at `level` 0...9.
    case deflate(level: Int)
    /// Any other filter (Fletcher-32, szip, plugins, ...): libhdf5's filter id and name.
    case other(id: Int, name: String)

    public var description: String {
        switch self {
        case .shuffle: "shuffle"
        case .deflate(let level): "deflate(level: \(level))"
        case .other(let id, let name): "filter \(id) (\(name))"
        }
    }
}
