import Checkpoints
import Foundation
import HDF5
import SeededRandom
import Testing

@testable import Tensor

@Suite("Checkpoints: HDF5 round trips and clear errors on mismatched or damaged files")
struct CheckpointTests {
    /// A fresh directory under the system's temporary directory, removed by `cleanUp`.
    final class Scratch {
        let directory: String
        init() {
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("tensor-checkpoint-\(UUID())").path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { directory + "/" + name }
        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// A small model: a conv weight and bias in float32, and a float64 scalar.
    static func makeModel(
        seed: UInt64, convShape: [Int] = [3, 3, 2, 4], extra: Bool = false,
        scalarDType: DType = .float64
    ) -> ParameterCollection {
        let parameters = ParameterCollection()
        var generator = SeededGenerator(seed: seed)
        let conv = parameters.scope("encoder").scope("conv1")
        conv.makeParameter("weight", shape: convShape, initializer: .heUniform, using: &generator)
        conv.makeParameter("bias", shape: [convShape[3]], initializer: .uniform(limit: 1), using: &generator)
        parameters.makeParameter(
            "temperature", shape: [], initializer: .constant(0.5), dtype: scalarDType,
            using: &generator)
        if extra { parameters.makeParameter("decoder.weight", shape: [2, 2], initializer: .zeros, using: &generator) }
        return parameters
    }

    static func values(_ parameters: ParameterCollection) -> [[Double]] {
        parameters.values.map { $0.scalars(as: Double.self) }
    }

    /// One Adam step on a quadratic loss, so that the moments are non-trivial.
    static func trainStep(_ parameters: ParameterCollection, _ adam: Adam) {
        let loss = parameters.values.map { ($0 - 0.25).squared().sum().converted(to: .float64) }.reduce(
            Tensor(0.0, dtype: .float64), +)
        adam.update(with: gradients(of: loss, wrt: parameters.values))
    }

    @Test("Parameters, metadata and Adam state survive a round trip; training resumes bit for bit")
    func roundTrip() throws {
        let scratch = Scratch(), path = scratch.path("model.h5")
        let original = Self.makeModel(seed: 1)
        let adam = Adam(parameters: original, learningRate: 0.01)
        for _ in 0..<3 { Self.trainStep(original, adam) }
        try Checkpoint.save(original, optimizer: adam, metadata: ["step": "3", "dataset": "pendulum"], to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.directory) == ["model.h5"])

        let restored = Self.makeModel(seed: 2)
        let restoredAdam = Adam(parameters: restored, learningRate: 0.01)
        let metadata = try Checkpoint.load(from: path, into: restored, optimizer: restoredAdam)
        #expect(metadata == ["step": "3", "dataset": "pendulum"])
        #expect(Self.values(restored) == Self.values(original))
        #expect(restored.values.map(\.dtype) == [.float32, .float32, .float64])
        #expect(restoredAdam.step == 3)
        Self.trainStep(original, adam)
        Self.trainStep(restored, restoredAdam)
        #expect(Self.values(restored) == Self.values(original))
    }

    @Test("The file has the documented layout (what h5py users see)")
    func layout() throws {
        let scratch = Scratch(), path = scratch.path("layout.h5")
        let parameters = Self.makeModel(seed: 3)
        try Checkpoint.save(parameters, to: path)
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        #expect(try file.attributes.get("format", as: String.self) == Checkpoint.formatName)
        #expect(try file.attributes.get("format_version", as: Int.self) == 1)
        let group = try file.openGroup("parameters")
        #expect(Set(try group.memberNames()) == ["encoder.conv1.weight", "encoder.conv1.bias", "temperature"])
        let weight = try group.openDataset("encoder.conv1.weight")
        #expect(weight.shape == [3, 3, 2, 4] && weight.elementType == .float32)
        #expect(try weight.read(as: Float.self) == parameters.values[0].scalars(as: Float.self))
        #expect(try group.openDataset("temperature").shape == [])
        #expect(try !file.contains("optimizer"))
    }

    @Test("Missing and unexpected parameters are named; strict: false loads the common ones")
    func missingAndUnexpected() throws {
        let scratch = Scratch(), path = scratch.path("small.h5")
        let small = Self.makeModel(seed: 4)
        try Checkpoint.save(small, to: path)
        let larger = Self.makeModel(seed: 5, extra: true)
        let before = Self.values(larger)
        #expect(throws: CheckpointError.missingParameters(path: path, names: ["decoder.weight"])) {
            try Checkpoint.load(from: path, into: larger)
        }
        #expect(Self.values(larger) == before)  // nothing assigned
        try Checkpoint.load(from: path, into: larger, strict: false)
        #expect(Array(Self.values(larger).prefix(3)) == Self.values(small))

        let largePath = scratch.path("large.h5")
        try Checkpoint.save(larger, to: largePath)
        let target = Self.makeModel(seed: 6)
        #expect(throws: CheckpointError.unexpectedParameters(path: largePath, names: ["decoder.weight"])) {
            try Checkpoint.load(from: largePath, into: target)
        }
        try Checkpoint.load(from: largePath, into: target, strict: false)
        #expect(Self.values(target) == Self.values(small))
    }

    @Test("A wrong shape or element type is reported with the parameter's name")
    func shapeAndTypeMismatch() throws {
        let scratch = Scratch(), path = scratch.path("model.h5")
        try Checkpoint.save(Self.makeModel(seed: 7), to: path)
        let wider = Self.makeModel(seed: 8, convShape: [3, 3, 2, 8])
        #expect(
            throws: CheckpointError.shapeMismatch(
                path: path, name: "encoder.conv1.weight",
                expected: [3, 3, 2, 8], found: [3, 3, 2, 4])
        ) {
            try Checkpoint.load(from: path, into: wider)
        }
        let single = Self.makeModel(seed: 9, scalarDType: .float32)
        #expect(
            throws: CheckpointError.elementTypeMismatch(
                path: path, name: "temperature", expected: .float32,
                found: "float64")
        ) {
            try Checkpoint.load(from: path, into: single)
        }
        let error = CheckpointError.shapeMismatch(path: path, name: "w", expected: [2], found: [3])
        #expect(error.description.contains("rebuild the model"))
    }

    @Test("Missing, corrupt, truncated and foreign files give file-level errors")
    func damagedFiles() throws {
        let scratch = Scratch()
        let model = Self.makeModel(seed: 10)
        let missing = scratch.path("missing.h5")
        #expect(throws: CheckpointError.file(path: missing, .fileNotFound(path: missing))) {
            try Checkpoint.load(from: missing, into: model)
        }
        let garbage = scratch.path("garbage.h5")
        #expect(FileManager.default.createFile(atPath: garbage, contents: Data((0..<4096).map { UInt8($0 % 251) })))
        #expect {
            try Checkpoint.load(from: garbage, into: model)
        } throws: { error in
            guard case .file(_, .notAnHDF5File) = error as? CheckpointError else { return false }
            return true
        }
        let good = scratch.path("good.h5"), truncated = scratch.path("truncated.h5")
        try Checkpoint.save(model, to: good)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        #expect(FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 2)))
        #expect {
            try Checkpoint.load(from: truncated, into: model)
        } throws: { error in
            guard case .damaged = error as? CheckpointError else { return false }
            return true
        }
        let foreign = scratch.path("foreign.h5")
        let file = try HDF5File.create(foreign)
        _ = try file.createDataset("x", values: [1.0, 2.0])
        try file.close()
        #expect(throws: CheckpointError.notACheckpoint(path: foreign)) {
            try Checkpoint.load(from: foreign, into: model)
        }
        let nowhere = scratch.path("no/such/dir/model.h5")
        #expect {
            try Checkpoint.save(model, to: nowhere)
        } throws: { error in
            guard case .file(let path, .cannotCreateFile) = error as? CheckpointError else { return false }
            return path == nowhere
        }
    }

    @Test("Asking for optimiser state that was not saved fails before anything is assigned")
    func missingOptimizerState() throws {
        let scratch = Scratch(), path = scratch.path("model.h5")
        try Checkpoint.save(Self.makeModel(seed: 11), to: path)
        let target = Self.makeModel(seed: 12)
        let before = Self.values(target)
        #expect(throws: CheckpointError.missingOptimizerState(path: path, reason: "no /optimizer group")) {
            try Checkpoint.load(from: path, into: target, optimizer: Adam(parameters: target))
        }
        #expect(Self.values(target) == before)
    }

    /// Writes an example checkpoint for checking with h5py:
    /// `TENSOR_CHECKPOINT_EXPORT=/tmp/example.h5 swift test --filter exportForPython`, then
    /// `python3 -c 'import h5py; f = h5py.File("/tmp/example.h5"); print({k: f["parameters"][k][()] for k in f["parameters"]})'`.
    @Test(
        "Example checkpoint for h5py (opt-in)",
        .enabled(if: ProcessInfo.processInfo.environment["TENSOR_CHECKPOINT_EXPORT"] != nil))
    func exportForPython() throws {
        let path = ProcessInfo.processInfo.environment["TENSOR_CHECKPOINT_EXPORT"] ?? ""
        let parameters = Self.makeModel(seed: 13)
        let adam = Adam(parameters: parameters)
        Self.trainStep(parameters, adam)
        try Checkpoint.save(parameters, optimizer: adam, metadata: ["note": "example"], to: path)
        print("weights[0..<3]:", parameters.values[0].scalars(as: Float.self).prefix(3))
    }
}
