import Foundation

/// Everything that can go wrong in the `HDF5` module, each case with a message that says what happened and what
/// to do about it (see ``description``).
///
/// Failures of libhdf5 itself that have no more specific case arrive as ``library(operation:stack:)`` and carry
/// libhdf5's own error stack, outermost call first.
public enum HDF5Error: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// No file exists at `path`.
    case fileNotFound(path: String)
    /// libhdf5 could not create a file at `path` (missing directory, no permission, file open elsewhere);
    /// `reason` is libhdf5's innermost error message, which includes the system's explanation.
    case cannotCreateFile(path: String, reason: String)
    /// A file already exists at `path` and creation was asked not to overwrite it.
    case fileAlreadyExists(path: String)
    /// The file exists but libhdf5 cannot read it as HDF5: it is another format, truncated (an interrupted write) or
    /// corrupt. `reason` is libhdf5's innermost error message.
    case notAnHDF5File(path: String, reason: String)
    /// The object was closed (explicitly, or because its file was closed) before this use.
    case closed(HDF5Location)
    /// No group or dataset of that name exists at `location`.
    case objectNotFound(HDF5ObjectKind, HDF5Location)
    /// The object at `location` has no attribute called `name`.
    case attributeNotFound(HDF5Location, name: String)
    /// A link of that name already exists, so nothing new was created.
    case objectAlreadyExists(HDF5Location)
    /// The object exists but is not of the kind asked for (e.g. a group opened as a dataset).
    case wrongObjectKind(HDF5Location, expected: HDF5ObjectKind, found: String)
    /// The dataset stores another element type than the one the caller reads or writes. libhdf5 would convert
    /// silently; this module refuses, because a silent conversion of frames or states is almost always a bug.
    case wrongElementType(HDF5Location, expected: HDF5ElementType, found: HDF5ElementType)
    /// The dataset has another rank than the caller expects.
    case wrongRank(HDF5Location, expected: Int, found: Int)
    /// The number of values given or expected does not match the shape being written or read.
    case shapeMismatch(HDF5Location, shape: [Int], valueCount: Int)
    /// A hyperslab (start, count) does not fit inside the dataset's shape, or its rank differs from the dataset's.
    case selectionOutOfBounds(HDF5Location, start: [Int], count: [Int], shape: [Int])
    /// A direct chunk write does not address a chunk of a chunked dataset (wrong rank, not on a chunk boundary,
    /// outside the dataset, unchunked dataset, or raw bytes of the wrong size for an unfiltered dataset).
    case invalidChunkWrite(HDF5Location, reason: String)
    /// A dataset cannot be created with the requested shape, chunk shape or filters.
    case invalidDatasetLayout(HDF5Location, reason: String)
    /// The attribute holds a value of another kind than the one asked for.
    case wrongAttributeType(HDF5Location, attribute: String, expected: String, found: String)
    /// The file's storage failed: a write, flush or close of the file at `path` returned a system error (`reason`, in
    /// the operating system's words, e.g. "No space left on device"), or a close failed. The file is incomplete and
    /// this module no longer touches it (every later use throws this error again): remove it, fix the cause, and
    /// write it again. `operation` is the libhdf5 call that failed.
    case storageFailed(path: String, operation: String, reason: String)
    /// zlib reported an error while compressing a chunk (code is zlib's return value).
    case compressionFailed(zlibCode: Int32)
    /// libhdf5 returned an error from `operation` (its C function name) that no case above describes.
    /// `stack` is libhdf5's error stack, outermost call first, one line per entry.
    case library(operation: String, stack: [String])

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "No file at \(path). Check the path, or create the file with HDF5File.create."
        case .cannotCreateFile(let path, let reason):
            return "Cannot create \(path) (\(reason)). Check that its directory exists and is writable, and that "
                + "no program holds the file open."
        case .fileAlreadyExists(let path):
            return
                "A file already exists at \(path). Remove it, choose another path, or create with ifExists: .truncate."
        case .notAnHDF5File(let path, let reason):
            return "\(path) is not a readable HDF5 file (\(reason)). It may be another format, truncated by an "
                + "interrupted write, or corrupt: regenerate it or check the path."
        case .closed(let location):
            return "\(location) was used after it was closed (closing a file closes its groups and datasets). "
                + "Reopen the file to use it again."
        case .objectNotFound(let kind, let location):
            return "No \(kind) \(location). List the members of its group to see what the file holds."
        case .attributeNotFound(let location, let name):
            return "No attribute '\(name)' on \(location). List its attribute names to see what it holds."
        case .objectAlreadyExists(let location):
            return "\(location) already exists. Open it instead, or use a new name."
        case .wrongObjectKind(let location, let expected, let found):
            return "\(location) is a \(found), not a \(expected)."
        case .wrongElementType(let location, let expected, let found):
            return "Dataset \(location) stores \(found) elements, not \(expected). Read or write it as \(found)."
        case .wrongRank(let location, let expected, let found):
            return "Dataset \(location) has rank \(found), expected rank \(expected). Check that the file has the "
                + "layout this code expects."
        case .shapeMismatch(let location, let shape, let valueCount):
            let elements = shape.reduce(1, *)
            return "Dataset \(location): shape \(shape) holds \(elements) elements but \(valueCount) values were "
                + "given. Pass exactly one value per element, in row-major order."
        case .selectionOutOfBounds(let location, let start, let count, let shape):
            return "Selection start \(start), count \(count) does not fit dataset \(location) of shape \(shape). "
                + "Each start + count must be at most the extent, with one entry per dimension."
        case .invalidChunkWrite(let location, let reason):
            return "Cannot write a chunk to dataset \(location): \(reason)."
        case .invalidDatasetLayout(let location, let reason):
            return "Cannot create dataset \(location): \(reason)."
        case .wrongAttributeType(let location, let attribute, let expected, let found):
            return "Attribute '\(attribute)' of \(location) holds \(found), not \(expected). Read it as \(found)."
        case .storageFailed(let path, let operation, let reason):
            return "Cannot write \(path): \(reason) (in \(operation)). The file is incomplete: free space or fix the "
                + "cause, then write it again."
        case .compressionFailed(let code):
            return "zlib failed to compress a chunk (zlib code \(code)). This indicates memory exhaustion or a "
                + "corrupted zlib installation."
        case .library(let operation, let stack):
            let detail = stack.isEmpty ? "no error stack" : stack.joined(separator: "; ")
            return "libhdf5 call \(operation) failed: \(detail)."
        }
    }

    public var errorDescription: String? { description }
}

/// The kinds of named objects an HDF5 file holds, as named in error messages.
public enum HDF5ObjectKind: String, Sendable, Hashable, CustomStringConvertible {
    case group
    case dataset

    public var description: String { rawValue }
}
