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
/// **Failed storage.** When a write, flush or close of the file (or of one of its objects) fails with a system
/// error, such as a full disk, the file is *failed*: the error is recorded on the file's handle, every later use
/// of the file or of its objects throws it again (``HDF5Error/storageFailed(path:operation:reason:)``), and none of
/// their identifiers is ever passed to libhdf5 again, not even to close them. libhdf5 1.10 cannot close such a file
/// safely: a failed `H5Fclose` frees the file's structures but leaves its identifier registered (HDF5 bug
/// HDFFV-11052, fixed in 1.14.1), and after a failed flush its metadata cache refuses every later flush, so every
/// later close fails the same way. Closing it again, as libhdf5's exit handler did, read freed memory: the
/// segmentation fault of `physgen generate` on a full disk. A failed file's identifiers are released when the
/// process exits (``LibraryLock`` keeps libhdf5's exit handler from touching them); its file descriptor and disk
/// space too, if libhdf5 had not already closed them. The caller removes the incomplete file.
///
/// `@unchecked Sendable`: the mutable state, `raw` and `failure`, is read and written only while holding
/// `LibraryLock`.
final class ObjectHandle: @unchecked Sendable {
    /// Where the object lives, for error messages.
    let location: HDF5Location
    /// The handle of the file this object belongs to (nil for a file's own handle).
    let file: ObjectHandle?
    private var raw: hid_t?
    private let closer: OwnedID.Closer
    /// On a file's own handle: the storage failure that made the file unusable, if any.
    private var failure: HDF5Error?

    init(_ raw: hid_t, location: HDF5Location, file: ObjectHandle?, closer: @escaping OwnedID.Closer) {
        self.raw = raw
        self.location = location
        self.file = file
        self.closer = closer
    }

    /// The handle of this object's file (itself for a file).
    private var fileHandle: ObjectHandle { file ?? self }

    /// Whether the identifier is still open (not closed here, not closed by closing its file, and its file not
    /// failed).
    var isOpen: Bool {
        LibraryLock.run {
            guard let raw, fileHandle.failure == nil else { return false }
            return H5Iis_valid(raw) > 0
        }
    }

    /// Runs `body` with the open identifier under the library lock, or throws ``HDF5Error/closed(_:)`` (or the
    /// file's storage failure). A storage failure inside `body` fails the file (see the type's documentation).
    func withID<Result>(_ body: (hid_t) throws(HDF5Error) -> Result) throws(HDF5Error) -> Result {
        try LibraryLock.run { () throws(HDF5Error) -> Result in
            if let failure = fileHandle.failure { throw failure }
            guard let raw, H5Iis_valid(raw) > 0 else { throw HDF5Error.closed(location) }
            do throws(HDF5Error) {
                return try body(raw)
            } catch {
                throw fileHandle.recordStorageFailure(error, closing: false)
            }
        }
    }

    /// Closes the identifier; closing twice does nothing. For a file, this flushes and closes the file and every
    /// object opened from it. A failed close fails the file; closing an object of a failed file throws the file's
    /// failure without calling libhdf5.
    func close(_ operation: StaticString) throws(HDF5Error) {
        try LibraryLock.run { () throws(HDF5Error) in
            guard let id = raw else { return }
            raw = nil
            if let failure = fileHandle.failure { throw failure }
            guard H5Iis_valid(id) > 0 else { return }
            do throws(HDF5Error) {
                try checkedStatus(operation, closer(id))
            } catch {
                throw fileHandle.recordStorageFailure(error, closing: true)
            }
        }
    }

    /// Records `error` as the file's failure when it is a storage failure (or any failure to close), and returns
    /// the error to throw: ``HDF5Error/storageFailed(path:operation:reason:)`` for a storage failure, `error`
    /// otherwise. Call on the file's handle, under the library lock.
    private func recordStorageFailure(_ error: HDF5Error, closing: Bool) -> HDF5Error {
        guard case .library(let operation, let stack) = error else { return error }
        let reason = ErrorStack.systemReason(stack)
        guard reason != nil || closing else { return error }
        let failed = HDF5Error.storageFailed(
            path: location.file, operation: operation, reason: reason ?? ErrorStack.innermostReason(stack))
        if failure == nil { failure = failed }
        return failed
    }

    deinit {
        LibraryLock.run {
            guard let raw, fileHandle.failure == nil, H5Iis_valid(raw) > 0 else { return }
            if closer(raw) < 0 {
                _ = fileHandle.recordStorageFailure(libraryError("close"), closing: true)
            }
        }
    }
}
