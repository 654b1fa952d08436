import Foundation
import HDF5
import Support
import Tensor

/// Saving and loading model parameters (and optionally Adam's state) as HDF5 files that h5py reads directly.
///
/// Layout (version 1):
/// ```
/// /                      attributes: format = "HamiltonianSuite tensor checkpoint", format_version = 1
/// /parameters/<name>     one dataset per parameter, float32 or float64, the parameter's shape
///                        (names are the dotted parameter names, e.g. "encoder.conv1.weight")
/// /metadata              a group whose string attributes are the caller's metadata
/// /optimizer             (optional) attributes: kind = "adam", step; datasets first_moment/<name>, second_moment/<name>
/// ```
/// The file starts with a 512-byte HDF5 user block holding the SHA-256 of the rest (``CheckpointSeal``), checked
/// before the file is opened; HDF5 readers skip it.
/// In Python: `{k: f["parameters"][k][()] for k in f["parameters"]}` gives a dictionary of NumPy arrays.
public enum Checkpoint {
    /// Name of the root attribute that marks a checkpoint.
    public static let formatAttribute = "format"
    /// Value of the ``formatAttribute``.
    public static let formatName = "HamiltonianSuite tensor checkpoint"
    /// The layout version this build writes (and the newest it reads).
    public static let formatVersion = 1

    /// Writes every parameter of `parameters` (and `optimizer`'s moments, if given) to `path`.
    ///
    /// The file is written under a temporary name in the same directory (``AtomicFile/temporaryPath(for:)``), forced
    /// to disk and renamed into place when complete, so an interrupted or failed save (a full disk) never leaves a
    /// truncated checkpoint at `path`: the previous checkpoint stays, and the temporary file is removed. O(total
    /// parameter size).
    /// - Throws: ``CheckpointError/writeFailed(path:reason:)`` when the disk is full (or another system error stops
    ///   the write), ``CheckpointError/file(path:_:)`` for other failures of the HDF5 file.
    public static func save(
        _ parameters: ParameterCollection, optimizer: Adam? = nil,
        metadata: [String: String] = [:], to path: String
    ) throws(CheckpointError) {
        let temporary = AtomicFile.temporaryPath(for: path)
        defer { unlink(temporary) }
        do throws(HDF5Error) {
            let file = try HDF5File.create(temporary, userBlockSize: CheckpointSeal.userBlockSize)
            try file.attributes.set(formatAttribute, formatName)
            try file.attributes.set("format_version", formatVersion)
            let group = try file.createGroup("parameters")
            for parameter in parameters.parameters {
                try write(parameter.value, named: parameter.name, in: group)
            }
            let metadataGroup = try file.createGroup("metadata")
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                try metadataGroup.attributes.set(key, value)
            }
            if let optimizer {
                let state = try file.createGroup("optimizer")
                try state.attributes.set("kind", "adam")
                try state.attributes.set("step", optimizer.step)
                let first = try state.createGroup("first_moment"), second = try state.createGroup("second_moment")
                for (parameter, moments) in zip(parameters.parameters, optimizer.moments()) {
                    try write(moments.first, named: parameter.name, in: first)
                    try write(moments.second, named: parameter.name, in: second)
                }
            }
            try file.close()
        } catch {
            if case .storageFailed(_, _, let reason) = error { throw .writeFailed(path: path, reason: reason) }
            throw .file(path: path, error)
        }
        try CheckpointSeal.seal(temporary, naming: path)
        do {
            try AtomicFile.moveIntoPlace(temporary, as: path)
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    /// Reads the checkpoint at `path` into `parameters` (and `optimizer`, if given) and returns its metadata.
    ///
    /// Everything is checked before anything is assigned: on any error the model (and optimiser) keep their values.
    /// With `strict` (the default) the checkpoint must hold exactly the model's parameters; otherwise parameters
    /// missing from the file keep their values and extra ones are ignored. Shapes and element types must always
    /// match. O(total parameter size).
    /// - Throws: ``CheckpointError`` naming the file and, where relevant, the parameters at fault.
    @discardableResult
    public static func load(
        from path: String, into parameters: ParameterCollection, optimizer: Adam? = nil,
        strict: Bool = true
    ) throws(CheckpointError) -> [String: String] {
        try CheckpointSeal.verify(path)
        let file = try accessing(path) { () throws(HDF5Error) in try HDF5File.open(path) }
        defer { try? file.close() }
        let format = try accessing(path) { () throws(HDF5Error) -> String? in
            guard try file.attributes.contains(formatAttribute) else { return nil }
            return try file.attributes.get(formatAttribute, as: HDF5AttributeValue.self) == .string(formatName)
                ? formatName : nil
        }
        guard format != nil, try accessing(path, { () throws(HDF5Error) in try file.contains("parameters") }) else {
            throw .notACheckpoint(path: path)
        }
        let version = try accessing(path) { () throws(HDF5Error) in
            try file.attributes.get("format_version", as: Int.self)
        }
        guard version <= formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let stored = try accessing(path) { () throws(HDF5Error) in try file.openGroup("parameters") }
        let storedNames = Set(try accessing(path) { () throws(HDF5Error) in try stored.memberNames() })
        if strict {
            let missing = parameters.names.filter { !storedNames.contains($0) }
            if !missing.isEmpty { throw .missingParameters(path: path, names: missing) }
            let unexpected = storedNames.subtracting(parameters.names).sorted()
            if !unexpected.isEmpty { throw .unexpectedParameters(path: path, names: unexpected) }
        }
        var loaded: [(Parameter, Tensor)] = []
        for parameter in parameters.parameters where storedNames.contains(parameter.name) {
            loaded.append((parameter, try read(parameter.name, like: parameter.value, from: stored, path: path)))
        }
        let optimizerState = try optimizer.map { _ throws(CheckpointError) in
            try readMoments(for: parameters, from: file, path: path)
        }
        let metadata = try accessing(path) { () throws(HDF5Error) -> [String: String] in
            guard try file.contains("metadata") else { return [:] }
            let group = try file.openGroup("metadata")
            var metadata: [String: String] = [:]
            for key in try group.attributes.names() { metadata[key] = try group.attributes.get(key, as: String.self) }
            return metadata
        }
        // Everything was read and checked: assign.
        for (parameter, value) in loaded { parameter.assign(value) }
        if let optimizer, let optimizerState {
            optimizer.restore(step: optimizerState.step, moments: optimizerState.moments)
        }
        return metadata
    }

    /// Runs HDF5 calls, reporting their failures as ``CheckpointError/file(path:_:)``.
    private static func accessing<R>(_ path: String, _ body: () throws(HDF5Error) -> R) throws(CheckpointError) -> R {
        do {
            return try body()
        } catch {
            throw .file(path: path, error)
        }
    }

    private static func write(_ tensor: Tensor, named name: String, in group: HDF5Group) throws(HDF5Error) {
        switch tensor.dtype {
        case .float32:
            let dataset = try group.createDataset(name, of: Float.self, shape: tensor.shape)
            try tensor.withUnsafeBufferPointer(as: Float.self) { (buffer) throws(HDF5Error) in try dataset.write(buffer)
            }
        case .float64:
            let dataset = try group.createDataset(name, of: Double.self, shape: tensor.shape)
            try tensor.withUnsafeBufferPointer(as: Double.self) { (buffer) throws(HDF5Error) in
                try dataset.write(buffer)
            }
        }
    }

    /// Reads dataset `name` and checks it has the shape and dtype of `reference`.
    private static func read(
        _ name: String, like reference: Tensor, from group: HDF5Group, path: String
    )
        throws(CheckpointError) -> Tensor
    {
        let dataset = try accessing(path) { () throws(HDF5Error) in try group.openDataset(name) }
        guard dataset.shape == reference.shape else {
            throw .shapeMismatch(path: path, name: name, expected: reference.shape, found: dataset.shape)
        }
        switch (reference.dtype, dataset.elementType) {
        case (.float32, .float32):
            return Tensor(
                shape: dataset.shape,
                scalars: try accessing(path) { () throws(HDF5Error) in
                    try dataset.read(as: Float.self)
                })
        case (.float64, .float64):
            return Tensor(
                shape: dataset.shape,
                scalars: try accessing(path) { () throws(HDF5Error) in
                    try dataset.read(as: Double.self)
                })
        default:
            throw .elementTypeMismatch(
                path: path, name: name, expected: reference.dtype,
                found: dataset.elementType.description)
        }
    }

    private static func readMoments(
        for parameters: ParameterCollection, from file: HDF5File, path: String
    )
        throws(CheckpointError) -> (step: Int, moments: [(first: Tensor, second: Tensor)])
    {
        let header = try accessing(path) {
            () throws(HDF5Error) -> (kind: String, step: Int, first: HDF5Group, second: HDF5Group)? in
            guard try file.contains("optimizer") else { return nil }
            let group = try file.openGroup("optimizer")
            return (
                try group.attributes.get("kind", as: String.self), try group.attributes.get("step", as: Int.self),
                try group.openGroup("first_moment"), try group.openGroup("second_moment")
            )
        }
        guard let header else { throw .missingOptimizerState(path: path, reason: "no /optimizer group") }
        guard header.kind == "adam" else {
            throw .missingOptimizerState(path: path, reason: "the stored optimiser is \(header.kind), not Adam")
        }
        let names = try accessing(path) { () throws(HDF5Error) in
            Set(try header.first.memberNames()).intersection(try header.second.memberNames())
        }
        let missing = parameters.names.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw .missingOptimizerState(path: path, reason: "no moments for \(missing.joined(separator: ", "))")
        }
        var moments: [(first: Tensor, second: Tensor)] = []
        for parameter in parameters.parameters {
            moments.append(
                (
                    first: try read(parameter.name, like: parameter.value, from: header.first, path: path),
                    second: try read(parameter.name, like: parameter.value, from: header.second, path: path)
                ))
        }
        return (header.step, moments)
    }
}
