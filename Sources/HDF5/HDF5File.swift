import CHDF5
import Foundation

/// An open HDF5 file, like `h5py.File`.
///
/// ```swift
/// let file = try HDF5File.create("/tmp/shard.h5")
/// try file.attributes.set("system", "pendulum")
/// let t = try file.createDataset("t", of: Double.self, shape: [34])
/// try t.write(times)
/// try file.close()               // fully closed: safe to rename now
/// ```
///
/// The group operations of the root group (``createGroup(_:)``, ``createDataset(_:of:shape:chunkShape:shuffle:deflateLevel:)``,
/// ``openDataset(_:)``, ``memberNames()``, ...) are available on the file directly, as in h5py; ``attributes`` are
/// the root group's attributes, which h5py shows as `File.attrs`.
///
/// **Closing.** ``close()`` flushes and closes the file *and every group and dataset opened from it* (libhdf5's
/// "strong" close degree), so the file is really closed on disk when it returns: renaming or hashing it is then
/// safe. Using one of its objects afterwards throws ``HDF5Error/closed(_:)``. Without an explicit close, the file
/// closes when neither this object nor any object opened from it is referenced any more.
///
/// **Threads.** Every call into libhdf5 is serialised through one process-wide lock, so files and their objects may
/// be used from any thread (`Sendable`), but calls do not run in parallel. Compress chunks outside the lock with
/// ``ChunkCompressor`` and store them with ``HDF5Dataset/writeChunk(at:compressed:filterMask:)``.
///
/// **Reproducible bytes.** Files are created without object time stamps, so the same sequence of writes produces a
/// byte-identical file.
public final class HDF5File: Sendable {
    /// What ``create(_:ifExists:)`` does when a file already exists at the path.
    public enum ExistingFilePolicy: Sendable {
        /// Replace the existing file (h5py mode `"w"`).
        case truncate
        /// Throw ``HDF5Error/fileAlreadyExists(path:)`` (h5py mode `"x"`).
        case fail
    }

    /// How ``open(_:mode:)`` opens an existing file.
    public enum AccessMode: Sendable {
        /// Reading only (h5py mode `"r"`).
        case readOnly
        /// Reading and writing (h5py mode `"r+"`).
        case readWrite
    }

    /// The path the file was created or opened with.
    public let path: String
    /// The root group `/`.
    public let root: HDF5Group
    private let handle: ObjectHandle

    private init(path: String, fileID: hid_t) throws(HDF5Error) {
        let handle = ObjectHandle(fileID, location: HDF5Location(file: path, path: "/"), file: nil, closer: H5F.close)
        self.path = path
        self.handle = handle
        self.root = try HDF5Group(openingRootOf: handle)
    }

    /// Creates a new HDF5 file at `path`.
    ///
    /// - Parameters:
    ///   - path: where to create the file; its directory must exist.
    ///   - ifExists: replace an existing file (`.truncate`, the default) or throw (`.fail`).
    ///   - userBlockSize: bytes at the start of the file left to the caller (0, or a power of 2 from 512): libhdf5
    ///     writes zeros there and every HDF5 reader (h5py included) skips them; write them after ``close()``.
    /// - Throws: ``HDF5Error/fileAlreadyExists(path:)`` with `.fail`; ``HDF5Error/cannotCreateFile(path:reason:)``
    ///   if the file cannot be created (missing directory, no permission).
    public static func create(
        _ path: String, ifExists: ExistingFilePolicy = .truncate,
        userBlockSize: Int = 0
    ) throws(HDF5Error) -> HDF5File {
        try LibraryLock.run { () throws(HDF5Error) -> HDF5File in
            if ifExists == .fail, FileManager.default.fileExists(atPath: path) {
                throw HDF5Error.fileAlreadyExists(path: path)
            }
            let creation = try H5P.create(chdf5_file_create())
            try H5P.disableTimeTracking(creation.raw)  // the root group's header
            if userBlockSize > 0 { try H5P.setUserBlock(creation.raw, size: userBlockSize) }
            let access = try fileAccessProperties()
            let id: hid_t
            do throws(HDF5Error) {
                id = try H5F.create(path, exclusive: ifExists == .fail, fcpl: creation.raw, fapl: access.raw)
            } catch {
                if ifExists == .fail, FileManager.default.fileExists(atPath: path) {
                    throw HDF5Error.fileAlreadyExists(path: path)
                }
                guard case .library(_, let stack) = error else { throw error }
                throw HDF5Error.cannotCreateFile(path: path, reason: ErrorStack.innermostReason(stack))
            }
            return try HDF5File(path: path, fileID: id)
        }
    }

    /// Opens an existing HDF5 file.
    ///
    /// - Throws: ``HDF5Error/fileNotFound(path:)``; ``HDF5Error/notAnHDF5File(path:reason:)`` for a file of
    ///   another format, a truncated or a corrupt file; ``HDF5Error/library(operation:stack:)`` otherwise (e.g.
    ///   no permission).
    public static func open(_ path: String, mode: AccessMode = .readOnly) throws(HDF5Error) -> HDF5File {
        try LibraryLock.run { () throws(HDF5Error) -> HDF5File in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { throw HDF5Error.fileNotFound(path: path) }
            let access = try fileAccessProperties()
            let id: hid_t
            do throws(HDF5Error) {
                id = try H5F.open(path, writable: mode == .readWrite, fapl: access.raw)
            } catch {
                guard FileManager.default.isReadableFile(atPath: path) else { throw error }
                // H5Fis_hdf5 only looks for the signature: a foreign file fails here, a truncated or corrupt
                // HDF5 file passes it and is described by the innermost message of H5Fopen's error stack.
                let hasSignature = H5Fis_hdf5(path) > 0
                _ = H5Eclear2(chdf5_error_stack_default())
                guard hasSignature else {
                    throw HDF5Error.notAnHDF5File(path: path, reason: "no HDF5 signature found")
                }
                if case .library(_, let stack) = error, stack.contains(where: Self.describesDamage) {
                    throw HDF5Error.notAnHDF5File(path: path, reason: ErrorStack.innermostReason(stack))
                }
                throw error
            }
            return try HDF5File(path: path, fileID: id)
        }
    }

    /// Whether an error-stack line says the file's contents are damaged (as opposed to, e.g., a permission or
    /// locking problem, which are reported as they are).
    private static func describesDamage(_ line: String) -> Bool {
        let text = line.lowercased()
        return [
            "truncated", "signature", "superblock", "bad object header", "checksum", "corrupt",
            "addr overflow", "address overflow", "unable to load", "bad version", "unable to read",
        ]
        .contains { text.contains($0) }
    }

    /// File access properties shared by create and open: strong close degree (see the type's documentation).
    private static func fileAccessProperties() throws(HDF5Error) -> OwnedID {
        let access = try H5P.create(chdf5_file_access())
        try H5P.closeStrongly(access.raw)
        return access
    }

    /// Whether the file is still open.
    public var isOpen: Bool { handle.isOpen }

    /// Writes all buffered data and metadata to disk without closing the file.
    public func flush() throws(HDF5Error) {
        try handle.withID { (id) throws(HDF5Error) in try H5F.flush(id) }
    }

    /// Flushes and closes the file and every group and dataset opened from it. Closing twice does nothing.
    /// When this returns without throwing, the file on disk is complete and no longer open.
    public func close() throws(HDF5Error) {
        try handle.close("H5Fclose")
    }

    /// The root group's attributes (h5py: `File.attrs`).
    public var attributes: HDF5Attributes { root.attributes }
}

// The root group's operations, on the file itself (as `h5py.File` is a `Group`).
extension HDF5File {
    /// See ``HDF5Group/createGroup(_:)``.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group { try root.createGroup(name) }

    /// See ``HDF5Group/openGroup(_:)``.
    public func openGroup(_ name: String) throws(HDF5Error) -> HDF5Group { try root.openGroup(name) }

    /// See ``HDF5Group/openDataset(_:)``.
    public func openDataset(_ name: String) throws(HDF5Error) -> HDF5Dataset { try root.openDataset(name) }

    /// See ``HDF5Group/memberNames()``.
    public func memberNames() throws(HDF5Error) -> [String] { try root.memberNames() }

    /// See ``HDF5Group/contains(_:)``.
    public func contains(_ name: String) throws(HDF5Error) -> Bool { try root.contains(name) }

    /// See ``HDF5Group/createDataset(_:elementType:shape:chunkShape:shuffle:deflateLevel:)``.
    public func createDataset(
        _ name: String, elementType: HDF5ElementType, shape: [Int], chunkShape: [Int]? = nil,
        shuffle: Bool = false, deflateLevel: Int? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        try root.createDataset(
            name, elementType: elementType, shape: shape, chunkShape: chunkShape,
            shuffle: shuffle, deflateLevel: deflateLevel)
    }

    /// See ``HDF5Group/createDataset(_:of:shape:chunkShape:shuffle:deflateLevel:)``.
    public func createDataset<Element: HDF5Scalar>(
        _ name: String, of type: Element.Type, shape: [Int], chunkShape: [Int]? = nil, shuffle: Bool = false,
        deflateLevel: Int? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        try root.createDataset(
            name, of: type, shape: shape, chunkShape: chunkShape, shuffle: shuffle,
            deflateLevel: deflateLevel)
    }

    /// See ``HDF5Group/createDataset(_:values:shape:)``.
    public func createDataset<Element: HDF5Scalar>(
        _ name: String, values: [Element],
        shape: [Int]? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        try root.createDataset(name, values: values, shape: shape)
    }
}
