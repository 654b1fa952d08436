import HDF5
import Tensor

/// Why a checkpoint could not be saved or loaded. Each message says what to do (see ``description``).
public enum CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be created, opened or read (missing, not HDF5, truncated, corrupt, no permission):
    /// the underlying HDF5 error says which.
    case file(path: String, HDF5Error)
    /// The file is HDF5 but was not written by ``Checkpoint/save(_:optimizer:metadata:to:)``.
    case notACheckpoint(path: String)
    /// The checkpoint was written by a newer, incompatible version of the format.
    case unsupportedVersion(path: String, found: Int, supported: Int)
    /// The model has parameters the checkpoint lacks (with `strict` loading).
    case missingParameters(path: String, names: [String])
    /// The checkpoint has parameters the model lacks (with `strict` loading).
    case unexpectedParameters(path: String, names: [String])
    /// A parameter's stored shape differs from the model's.
    case shapeMismatch(path: String, name: String, expected: [Int], found: [Int])
    /// A parameter's stored element type differs from the model's dtype.
    case elementTypeMismatch(path: String, name: String, expected: DType, found: String)
    /// Optimiser state was asked for but the checkpoint has none (or not for every parameter).
    case missingOptimizerState(path: String, reason: String)
    /// The checkpoint is not the file that was written (its SHA-256 differs from the one it was sealed with):
    /// damaged on disk, or changed by hand. It is not opened.
    case damaged(path: String, reason: String)
    /// The checkpoint could not be written (`reason` in the operating system's words, e.g. "No space left on
    /// device"); the previous checkpoint at `path`, if any, is unchanged.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .file(let path, let error):
            return "Checkpoint \(path) could not be accessed: \(error)"
        case .notACheckpoint(let path):
            return "\(path) is an HDF5 file but not a tensor checkpoint (no '\(Checkpoint.formatAttribute)' "
                + "attribute). Check the path; checkpoints are written by Checkpoint.save."
        case .unsupportedVersion(let path, let found, let supported):
            return "Checkpoint \(path) has format version \(found), but this build reads version \(supported) or "
                + "older. Load it with the version of the code that wrote it, or re-save it from there."
        case .missingParameters(let path, let names):
            return "Checkpoint \(path) has no values for \(names.count) parameter(s) of the model: "
                + "\(Self.list(names)). Check that the model is built with the same configuration as when it was "
                + "saved, or load with strict: false to keep the current values of those parameters."
        case .unexpectedParameters(let path, let names):
            return "Checkpoint \(path) holds \(names.count) parameter(s) the model does not have: "
                + "\(Self.list(names)). Check the model configuration, or load with strict: false to ignore them."
        case .shapeMismatch(let path, let name, let expected, let found):
            return "Parameter '\(name)' in checkpoint \(path) has shape \(found), but the model expects \(expected). "
                + "The checkpoint belongs to a model of another size: rebuild the model with the saved configuration."
        case .elementTypeMismatch(let path, let name, let expected, let found):
            return "Parameter '\(name)' in checkpoint \(path) is stored as \(found), but the model holds \(expected). "
                + "Build the model with dtype .\(found == "float64" ? "float64" : "float32") to load it."
        case .missingOptimizerState(let path, let reason):
            return "Checkpoint \(path) has no usable optimiser state (\(reason)). Load without an optimiser to "
                + "restore only the parameters and start the optimiser afresh."
        case .damaged(let path, let reason):
            return "Checkpoint \(path) is damaged (\(reason)), so it was not opened: restore it from a copy, or "
                + "delete it to start the run afresh."
        case .writeFailed(let path, let reason):
            return "Could not write checkpoint \(path): \(reason). The previous checkpoint (if any) is unchanged: free "
                + "space (or fix the cause) and run again to resume from it."
        }
    }

    private static func list(_ names: [String]) -> String {
        names.count <= 8 ? names.joined(separator: ", ") : names.prefix(8).joined(separator: ", ") + ", …"
    }
}
