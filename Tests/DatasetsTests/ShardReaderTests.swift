import Foundation
import HDF5
import Systems
import Testing

@testable import Datasets

@Suite("Reading and validating shards")
struct ShardReaderTests {
    @Test("a shard reads back what the simulator produced, bit for bit")
    func readBack() throws {
        let folder = TemporaryDirectory()
        let spec = smallSpec(.pendulum, train: 3)
        try generate(spec, into: folder.path, shards: 1)
        let reader = try ShardReader(path: folder.file("train-00000-of-00001.h5"))
        #expect(reader.count == 3 && reader.frames == 6 && reader.resolution == 16 && reader.stateCount == 2)
        #expect(reader.attributes.stateNames == ["q", "p"])
        #expect(try reader.spec() == spec)
        let source = try SystemCatalog.trajectorySource(for: spec)
        let seeds = try reader.seeds()
        for i in 0..<3 {
            let trajectory = try source.simulate(seed: seeds[i], frames: 6)
            #expect(try reader.states(i..<(i + 1)) == trajectory.states)
            #expect(try reader.derivatives(i..<(i + 1)) == trajectory.derivatives)
            #expect(try reader.energies(i..<(i + 1)) == trajectory.energies)
        }
        #expect(try reader.parameter("mass") == [0.5, 0.5, 0.5])
    }

    @Test("a file that is not HDF5 is refused with a clear error")
    func notHDF5() throws {
        let folder = TemporaryDirectory()
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: folder.file("image.h5")))
        expectNotAShard(folder.file("image.h5"))
    }

    @Test("a truncated shard is refused with a clear error")
    func truncated() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(train: 3), into: folder.path, shards: 1)
        let data = bytes(of: folder.file("train-00000-of-00001.h5"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: folder.file("cut.h5")))
        expectNotAShard(folder.file("cut.h5"))
    }

    @Test("an HDF5 file from elsewhere is refused with a clear error")
    func foreign() throws {
        let folder = TemporaryDirectory()
        let file = try HDF5File.create(folder.file("foreign.h5"))
        _ = try file.createDataset("image", values: [UInt8](repeating: 0, count: 12))
        try file.close()
        do {
            _ = try ShardReader(path: folder.file("foreign.h5"))
            Issue.record("a foreign file was accepted")
        } catch {
            #expect("\(error)".contains("not one written by physgen"), "\(error)")
        }
    }

    @Test("a missing manifest says the folder is not a finished dataset")
    func missingManifest() {
        let folder = TemporaryDirectory()
        do {
            _ = try Manifest.load(folder: folder.path)
            Issue.record("an empty folder had a manifest")
        } catch {
            #expect("\(error)".contains("no manifest.json here"), "\(error)")
        }
    }

    @Test("validate passes on a fresh dataset and regenerates trajectories bit for bit")
    func validatePasses() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(.twoBody), into: folder.path)
        let report = try DatasetValidator(folder: folder.path).run(resimulatePerShard: 2)
        #expect(report.isValid, "\(report.checks.filter { !$0.passed }.map(\.detail))")
        #expect(report.checks.contains { $0.detail.contains("regenerated from their seeds match bit for bit") })
        #expect(report.checks.contains { $0.detail.contains("max relative energy drift") })
    }

    @Test("validate catches a changed byte")
    func validateCatchesCorruption() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(), into: folder.path)
        let path = folder.file("train-00001-of-00003.h5")
        var data = bytes(of: path)
        data[data.count - 100] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: path))
        let report = try DatasetValidator(folder: folder.path).run(resimulatePerShard: 0)
        #expect(!report.isValid)
        #expect(
            report.checks.contains {
                !$0.passed && $0.subject == "train-00001-of-00003.h5" && $0.detail.contains("sha256")
            })
    }

    private func expectNotAShard(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ShardReader(path: path)
            Issue.record("\(path) was accepted", sourceLocation: sourceLocation)
        } catch {
            guard case .notAShard = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect("\(error)".count < 400, "the message should be one readable line", sourceLocation: sourceLocation)
        }
    }
}
