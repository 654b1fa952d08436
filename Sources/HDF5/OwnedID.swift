import CHDF5

/// A temporary libhdf5 identifier (dataspace, datatype, property list, attribute) that closes itself when it goes
/// out of scope. Non-copyable, so that exactly one owner closes it exactly once.
///
/// Always bind it to a local (`let space = try H5D.space(id)`) before using `raw`: a temporary such as
/// `try H5D.space(id).raw` is destroyed, and its identifier closed, as soon as `raw` has been read.
struct OwnedID: ~Copyable {
    /// The libhdf5 function that releases this kind of identifier (`H5Sclose`, `H5Pclose`, ...).
    typealias Closer = @convention(c) (hid_t) -> herr_t

    /// The raw identifier, valid until this value is destroyed.
    let raw: hid_t
    private let closer: Closer

    /// Takes ownership of `raw`, which `closer` will release.
    init(_ raw: hid_t, closer: Closer) {
        self.raw = raw
        self.closer = closer
    }

    deinit {
        LibraryLock.run { _ = closer(raw) }
    }
}

/// The identifier of a long-lived object (file, group, dataset) owned by a public object of this module.
///
/// It is closed by ``close()`` or, failing that, when the last reference goes away. A file's handle is kept alive
/// by every handle opened from that file (`file`), so a file is never closed behind an object still in use unless
/// the caller closes it explicitly: files are opened with the "strong" close degree, so an explicit close of the
/// file closes all of its objects too, and later uses of them throw ``HDF5Error/closed(_:)``.
///
/// `@unchecked Sendable`: the only mutable state, `raw`, is read and written only while holding `LibraryLock`.
final class ObjectHandle: @unchecked Sendable {
    /// Where the object lives, for error messages.
    let location: HDF5Location
    /// The handle of the file this object belongs to (nil for a file's own handle).
    let file: ObjectHandle?
    private var raw: hid_t?
    private let closer: OwnedID.Closer

    init(_ raw: hid_t, location: HDF5Location, file: ObjectHandle?, closer: @escaping OwnedID.Closer) {
        self.raw = raw
        self.location = location
        self.file = file
        self.closer = closer
    }

    /// Whether the identifier is still open (not closed here, and not closed by closing its file).
    var isOpen: Bool {
        LibraryLock.run {
            guard let raw else { return false }
            return H5Iis_valid(raw) > 0
        }
    }

    /// Runs `body` with the open identifier under the library lock, or throws ``HDF5Error/closed(_:)``.
    func withID<Result>(_ body: (hid_t) throws(HDF5Error) -> Result) throws(HDF5Error) -> Result {
        try LibraryLock.run { () throws(HDF5Error) -> Result in
            guard let raw, H5Iis_valid(raw) > 0 else { throw HDF5Error.closed(location) }
            return try body(raw)
        }
    }

    /// Closes the identifier; closing twice does nothing. For a file, this flushes and closes the file and every
    /// object opened from it.
    func close(_ operation: StaticString) throws(HDF5Error) {
        try LibraryLock.run { () throws(HDF5Error) in
            guard let id = raw else { return }
            raw = nil
            guard H5Iis_valid(id) > 0 else { return }
            try checkedStatus(operation, closer(id))
        }
    }

    deinit {
        LibraryLock.run {
            if let raw, H5Iis_valid(raw) > 0 { _ = closer(raw) }
        }
    }
}
