/// Where an HDF5 object lives: a file on disk and the object's absolute path inside it.
///
/// Every object of the public API carries its location, and every ``HDF5Error`` names one, so that a message
/// reads "no dataset '/image' in /data/train-00000-of-00008.h5" rather than "object not found".
public struct HDF5Location: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as it was given to ``HDF5File/create(_:ifExists:)`` or ``HDF5File/open(_:mode:)``.
    public var file: String
    /// The absolute path of the object inside the file, e.g. `/` or `/other/mass`.
    public var path: String

    /// Creates a location from a file path and an object path inside that file.
    public init(file: String, path: String) {
        self.file = file
        self.path = path
    }

    /// `'/image' in /data/shard.h5`.
    public var description: String { "'\(path)' in \(file)" }

    /// The location of `name` resolved against this location, as libhdf5 resolves it: an absolute `name` stays
    /// as it is, a relative one is appended to this path.
    func appending(_ name: String) -> HDF5Location {
        if name.hasPrefix("/") { return HDF5Location(file: file, path: name) }
        let base = path.hasSuffix("/") ? path : path + "/"
        return HDF5Location(file: file, path: base + name)
    }
}
