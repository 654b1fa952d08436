import Checkpoints
import Foundation
import HDF5
import Testing

@testable import Tensor

/// A checkpoint carries the SHA-256 of its content in its user block: a damaged one is refused before libhdf5 reads
/// it (libhdf5 1.10 crashed on some flipped bits, which the fuzzer of Tests/faults found), and HDF5 readers still
/// open it.
@Suite("Checkpoint checksums")
struct CheckpointSealTests {
    @Test("a checkpoint starts with its checksum and is still an HDF5 file")
    func sealed() throws {
        let scratch = CheckpointTests.Scratch()
        let path = scratch.path("model.h5")
        try Checkpoint.save(CheckpointTests.makeModel(seed: 3), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let header = String(decoding: bytes.prefix(35 + 64), as: UTF8.self)
        #expect(header.hasPrefix("HamiltonianSuite checkpoint sha256 "))
        let digits = header.dropFirst(35)
        #expect(digits.count == 64 && digits.allSatisfy { $0.isHexDigit })
        #expect(Array(bytes[512..<516]) == [0x89, 0x48, 0x44, 0x46], "the HDF5 superblock follows the user block")
        #expect(try HDF5File.open(path).contains("parameters"))
    }

    @Test(
        "a flipped bit anywhere after the user block is reported as damage, and the model keeps its values",
        arguments: [600, 2_000, 5_000])
    func damaged(offset: Int) throws {
        let scratch = CheckpointTests.Scratch()
        let path = scratch.path("model.h5")
        try Checkpoint.save(CheckpointTests.makeModel(seed: 3), to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let index = min(offset, bytes.count - 1)
        bytes[index] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        let model = CheckpointTests.makeModel(seed: 9)
        let before = CheckpointTests.values(model)
        let error = #expect(throws: CheckpointError.self) { try Checkpoint.load(from: path, into: model) }
        guard case .damaged(let errorPath, _)? = error else {
            Issue.record("expected .damaged, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(error?.description.contains("is damaged") == true && error?.description.contains("\n") == false)
        #expect(CheckpointTests.values(model) == before)
    }

    @Test("a checkpoint without a seal (written before it existed) still loads")
    func unsealed() throws {
        let scratch = CheckpointTests.Scratch()
        let sealed = scratch.path("sealed.h5"), unsealed = scratch.path("unsealed.h5")
        let model = CheckpointTests.makeModel(seed: 4)
        try Checkpoint.save(model, to: sealed)
        // The same file without its user block: what earlier versions wrote (HDF5 addresses are relative to the
        // superblock, so the rest of the file reads the same).
        try Data(contentsOf: URL(fileURLWithPath: sealed)).dropFirst(512).write(to: URL(fileURLWithPath: unsealed))
        let restored = CheckpointTests.makeModel(seed: 5)
        try Checkpoint.load(from: unsealed, into: restored)
        #expect(CheckpointTests.values(restored) == CheckpointTests.values(model))
    }
}
