import Foundation
import HDF5
import Systems
import Testing

@testable import Datasets

@Suite("Dataset generation")
struct GenerationTests {
    @Test("the same spec gives byte-identical files whatever the number of jobs")
    func byteIdenticalAcrossJobs() throws {
        let a = TemporaryDirectory(), b = TemporaryDirectory()
        try generate(smallSpec(), into: a.path, jobs: 1)
        try generate(smallSpec(), into: b.path, jobs: 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: b.path).sorted()))
        #expect(files.contains("manifest.json") && files.contains("spec.json"))
        for file in files {
            #expect(bytes(of: a.file(file)) == bytes(of: b.file(file)), "\(file) differs between 1 and 3 jobs")
        }
    }

    @Test("the data do not depend on the shard count", arguments: [1, 4])
    func sameDataAcrossShardCounts(shards: Int) throws {
        let reference = TemporaryDirectory(), other = TemporaryDirectory()
        try generate(smallSpec(), into: reference.path, shards: 3)
        try generate(smallSpec(), into: other.path, shards: shards)
        for split in ["train", "test"] {
            #expect(
                try SplitContent(folder: reference.path, split: split) == SplitContent(folder: other.path, split: split)
            )
        }
    }

    @Test("the manifest lists every shard with its count, size and checksum")
    func manifest() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(train: 12), into: folder.path)
        let manifest = try Manifest.load(folder: folder.path)
        #expect(manifest.splits.map(\.name) == ["train", "test"])
        let train = try manifest.split(named: "train")
        #expect(train.shards.map(\.trajectories) == [4, 4, 4])
        #expect(train.shards.map(\.firstIndex) == [0, 4, 8])
        for entry in train.shards {
            #expect(entry.bytes == bytes(of: folder.file(entry.file)).count)
            #expect(entry.sha256 == (try FileChecksum.sha256(ofFileAt: folder.file(entry.file))))
        }
        #expect(manifest.spec == smallSpec(train: 12))
    }

    @Test("a shard holds the layout of the design, with the true state and its exact derivative")
    func shardLayout() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(.twoBody, train: 4), into: folder.path, shards: 1)
        let file = try HDF5File.open(folder.file("train-00000-of-00001.h5"))
        let image = try file.openDataset("image")
        #expect(image.elementType == .uint8 && image.shape == [4, 6, 16, 16, 3])
        #expect(image.chunkShape == [1, 6, 16, 16, 3])
        #expect(image.filters.count == 2)
        #expect(try file.openDataset("x").shape == [4, 6, 8])
        #expect(try file.openDataset("dx_dt").shape == [4, 6, 8])
        #expect(try file.openDataset("energy").shape == [4, 6])
        #expect(try file.openDataset("seed").elementType == .uint64)
        // Every root dataset has one row per trajectory (what Hugging Face `datasets` reads); times are attributes.
        #expect(try file.memberNames().sorted() == ["dx_dt", "energy", "image", "other", "seed", "x"])
        #expect(try file.attributes.get("t0", as: Double.self) == 0)
        #expect(try file.attributes.get("dt", as: Double.self) == 0.125)
        #expect(try file.attributes.contains("statistics_sums"))
        #expect(try file.openGroup("other").memberNames().sorted() == ["gravitational_constant", "mass_1", "mass_2"])
        let a = file.attributes
        #expect(try a.get("system", as: String.self) == "two-body")
        #expect(try a.get("split", as: String.self) == "train")
        #expect(try a.get("integrator", as: String.self) == "dopri54")
        #expect(try a.get("schema_version", as: Int64.self) == 2)
        #expect(try a.get("shard_count", as: Int64.self) == 1)
        let spec = try DatasetSpec.parse(json: Data(try a.get("spec_json", as: String.self).utf8), source: "attribute")
        #expect(spec == smallSpec(.twoBody, train: 4))
    }

    @Test("observation noise changes the frames only, never the stored state")
    func observationNoiseIsRenderOnly() throws {
        let noisy = TemporaryDirectory(), clean = TemporaryDirectory()
        var spec = smallSpec(.massSpring)
        spec.observationNoise = 0.1
        try generate(spec, into: noisy.path)
        spec.observationNoise = 0
        try generate(spec, into: clean.path)
        let a = try SplitContent(folder: noisy.path, split: "train"),
            b = try SplitContent(folder: clean.path, split: "train")
        #expect(a.states == b.states)
        #expect(a.energies == b.energies)
        #expect(a.seeds == b.seeds)
        #expect(a.images != b.images)
    }

    @Test("a killed run resumes and ends byte-identical to an uninterrupted one")
    func resumeAfterInterruption() throws {
        let reference = TemporaryDirectory(), interrupted = TemporaryDirectory()
        try generate(smallSpec(), into: reference.path)
        try generate(smallSpec(), into: interrupted.path)
        // What a kill leaves: a half-written temporary file, a missing shard, no manifest.
        let fm = FileManager.default
        try fm.removeItem(atPath: interrupted.file("manifest.json"))
        try fm.removeItem(atPath: interrupted.file("train-00001-of-00003.h5"))
        try fm.removeItem(atPath: interrupted.file("test-00000-of-00001.h5"))
        try Data("half a shard".utf8).write(
            to: URL(fileURLWithPath: interrupted.file("train-00001-of-00003.h5.partial")))
        let summary = try generate(smallSpec(), into: interrupted.path, jobs: 1)
        #expect(summary.shardsWritten == 2)
        #expect(summary.shardsSkipped == 2)
        let files = try fm.contentsOfDirectory(atPath: reference.path).sorted()
        #expect(files == (try fm.contentsOfDirectory(atPath: interrupted.path).sorted()))
        for file in files { #expect(bytes(of: reference.file(file)) == bytes(of: interrupted.file(file)), "\(file)") }
    }

    @Test("shards written one at a time (a job array) give the same folder")
    func jobArray() throws {
        let reference = TemporaryDirectory(), array = TemporaryDirectory()
        try generate(smallSpec(), into: reference.path)
        let count = try ShardPlan(spec: smallSpec()).shards.count
        for shard in (0..<count).reversed() { try generate(smallSpec(), into: array.path, only: shard) }
        let files = try FileManager.default.contentsOfDirectory(atPath: reference.path).sorted()
        for file in files { #expect(bytes(of: reference.file(file)) == bytes(of: array.file(file)), "\(file)") }
    }

    @Test("a shard index outside the plan is a clear error")
    func shardOutOfPlan() {
        let folder = TemporaryDirectory()
        do {
            try generate(smallSpec(), into: folder.path, only: 99)
            Issue.record("shard 99 was accepted")
        } catch {
            #expect("\(error)".contains("the plan has 4 shard(s)"), "\(error)")
        }
    }

    @Test("a folder made from another spec is refused and left untouched")
    func specMismatch() throws {
        let folder = TemporaryDirectory()
        try generate(smallSpec(seed: 1), into: folder.path)
        let before = bytes(of: folder.file("manifest.json"))
        #expect(throws: DatasetError.specMismatch(path: folder.path)) {
            try generate(smallSpec(seed: 2), into: folder.path)
        }
        #expect(bytes(of: folder.file("manifest.json")) == before)
    }

    @Test("an output folder that cannot be created is a clear error")
    func unwritableFolder() throws {
        let folder = TemporaryDirectory()
        try Data("a file".utf8).write(to: URL(fileURLWithPath: folder.file("occupied")))
        do {
            try generate(smallSpec(), into: folder.file("occupied/dataset"))
            Issue.record("a folder under a file was accepted")
        } catch {
            #expect("\(error)".hasPrefix("cannot write to output folder"), "\(error)")
        }
    }

    @Test("no initial condition that fits the view is a clear error, not a hang")
    func samplingFailure() {
        var spec = smallSpec(.pendulum)
        spec.rendering.worldHalfWidth = 0.5
        let folder = TemporaryDirectory()
        do {
            try generate(spec, into: folder.path)
            Issue.record("a pendulum larger than the view was accepted")
        } catch let error as DatasetError {
            guard case .samplingFailed = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect("\(error)".contains("leaves the view"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("train-00000-of-00003.h5")))
    }

    @Test("n-body samples with a close encounter between two frames are redrawn")
    func closeEncountersAreRejected() throws {
        var spec = smallSpec(.threeBody, train: 20)
        spec.sampling.minSeparation = 0.6
        let source = try SystemCatalog.trajectorySource(for: spec)
        var rejected = 0
        for index in 0..<20 {
            let seed = DatasetGenerator.trajectorySeed(datasetSeed: spec.seed, split: "train", index: index)
            let trajectory = try source.simulate(seed: seed, frames: 34)
            rejected += trajectory.rejectedDraws
            for frame in 0..<34 {
                let x = Array(trajectory.states[(frame * 12)..<(frame * 12 + 6)])
                for (i, j) in [(0, 1), (0, 2), (1, 2)] {
                    let d =
                        ((x[2 * i] - x[2 * j]) * (x[2 * i] - x[2 * j]) + (x[2 * i + 1] - x[2 * j + 1])
                            * (x[2 * i + 1] - x[2 * j + 1]))
                        .squareRoot()
                    #expect(d >= 0.6)
                }
            }
        }
        #expect(rejected > 0, "a separation of 0.6 should reject some three-body draws")
    }
}
