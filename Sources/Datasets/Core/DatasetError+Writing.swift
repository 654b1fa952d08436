import HDF5
import Support

extension DatasetError {
    /// The error of a failed write of the HDF5 file at `path`: ``writeFailed(path:reason:)`` with the operating
    /// system's words when its storage failed (a full disk: ``HDF5Error/storageFailed(path:operation:reason:)``),
    /// ``io(path:reason:)`` saying what was being done otherwise.
    static func writing(_ path: String, _ error: any Error, doing action: String) -> DatasetError {
        if case .storageFailed(_, _, let reason)? = error as? HDF5Error {
            return .writeFailed(path: path, reason: reason)
        }
        if let error = error as? DatasetError { return error }
        return .io(path: path, reason: "\(action): \(error)")
    }

    /// The error of a failed whole-file write (``AtomicFile``).
    init(_ error: AtomicWriteError) {
        self = .writeFailed(path: error.path, reason: error.reason)
    }
}
