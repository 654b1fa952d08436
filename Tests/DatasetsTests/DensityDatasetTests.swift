import Foundation
import HDF5
import Testing

@testable import Datasets

/// Density dataset folders: layout, manifest, determinism, resumption, validation and strict specs.
@Suite("Density datasets")
struct DensityDatasetTests {
    /// A small half-ring spec: 300 train points (upper half-plane), 200 test points, 128 points per shard.
    static func smallSpec(seed: UInt64 = 5) -> DensitySpec {
        DensitySpec(
            name: "small-half-ring", target: .ring,
            splits: [
                DensitySplitSpec(name: "train", samples: 300, region: .upperHalfPlane),
                DensitySplitSpec(name: "test", samples: 200),
            ],
            samplesPerShard: 128, seed: seed)
    }

    @discardableResult
    static func generate(_ spec: DensitySpec, into folder: String, shards: Int? = nil) throws -> GenerationSummary {
        var options = GenerationOptions()
        options.shardsPerSplit = shards
        return try DensityGenerator(spec: spec, folder: folder, options: options).run()
    }

    @Test("every preset is valid, and the train sizes 100, 1,000 and 10,000 are options of the same points")
    func presets() throws {
        #expect(
            DensityPresets.names == ["density-ring", "density-half-ring", "density-eight-gaussians", "density-banana"])
        for preset in DensityPresets.all {
            try preset.spec.validate()
            #expect(try preset.spec.split(named: "test").samples == 10_000)
            #expect(try preset.spec.split(named: "test").region == .plane)
            let json = preset.spec.canonicalJSON()
            #expect(try DensitySpec.parse(json: Data(json.utf8), source: "preset") == preset.spec)
            #expect(DensitySpec.isDensitySpec(json: Data(json.utf8)))
        }
        #expect(try DensityPresets.spec(named: "density-half-ring").split(named: "train").region == .upperHalfPlane)
        #expect(!DensitySpec.isDensitySpec(json: Data(try Presets.spec(named: "pendulum").canonicalJSON().utf8)))
        var spec = try DensityPresets.spec(named: "density-ring")
        spec.setTrainSamples(100)
        #expect(try spec.split(named: "train").samples == 100 && spec.split(named: "test").samples == 10_000)
    }

    /// SHA-256 of the points of a draw as a shard stores them: q, then log_density (little-endian float64), then seed
    /// (little-endian uint64).
    static func digest(_ draw: (points: [Double], logDensities: [Double], seeds: [UInt64])) -> String {
        var bytes: [UInt8] = []
        for value in draw.points + draw.logDensities {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        for seed in draw.seeds { withUnsafeBytes(of: seed.littleEndian) { bytes += $0 } }
        return FileChecksum.sha256(of: bytes)
    }

    @Test("adding `valid` (preset version 2) changed no train or test point; the valid points are new and fixed")
    func validSplit() throws {
        // Digests of the first 1,000 train and all 10,000 test points of each preset, read with h5py from folders that
        // the version-1 presets (train and test only) wrote: `physgen generate --preset P --samples 1000` at 727a996.
        let before: [String: (train: String, test: String)] = [
            "density-ring": (
                "c433244eb572594597c1d1b8c86d8ee52b78f585e994df3ef8318ae88dbb8d48",
                "538e3d544aa206a4e6aa9107f42ec8e390516882000451004f6b8456f1e097c1"
            ),
            "density-half-ring": (
                "57f40415c3e10b1a158e8ac37e02f25d95c4991de00a6e94c54fc473258534e8",
                "538e3d544aa206a4e6aa9107f42ec8e390516882000451004f6b8456f1e097c1"
            ),
            "density-eight-gaussians": (
                "1c3d66eddc64a3232208794ca9707c748fc58a1d5067cd609d391ac841f2f596",
                "10cc0c733f1d7b0634cedb46f5f22891b32639d15406d2d9db0befeee379fe4c"
            ),
            "density-banana": (
                "f7fd85811c297667f933b2b5117d048f690e3bdc216db39ace5d6a39b059cacd",
                "65ff805e53ac1847af49b74082bfafc5e58dbce37af4d610cd8cf3a96cbf707b"
            ),
        ]
        // The valid points of version 2, pinned so that a change of the seed streams cannot pass unnoticed.
        let valid: [String: String] = [
            "density-ring": "6771db43bfba353b634e7c72fb2f86f62d47af393a742400817831cc2c5971ed",
            "density-half-ring": "528e8ac0dcbdad1c1603cc0477eb7d4b4444eb77489c00219ea84e06bb366c31",
            "density-eight-gaussians": "f1c4c5e6ab18c3c09a1c4531a66e7214b3c186eeee324958967a809e037f5be1",
            "density-banana": "63a2e4dc117a7cda32f508e4d3923868e0135c32fce0eba0402be4f66c8edd9b",
        ]
        #expect(DensityPresets.version == 2)
        for preset in DensityPresets.all {
            let spec = preset.spec
            #expect(spec.splits.map(\.name) == ["train", "valid", "test"])
            let trainSplit = try spec.split(named: "train"), validSplit = try spec.split(named: "valid")
            #expect(validSplit.samples == 1_000 && validSplit.region == trainSplit.region)
            let train = DensityGenerator.draw(spec, split: trainSplit, range: 0..<1_000)
            let test = DensityGenerator.draw(spec, split: try spec.split(named: "test"), range: 0..<10_000)
            #expect(Self.digest(train) == before[spec.name]?.train, "\(spec.name) train")
            #expect(Self.digest(test) == before[spec.name]?.test, "\(spec.name) test")
            let drawn = DensityGenerator.draw(spec, split: validSplit, range: 0..<1_000)
            #expect(Self.digest(drawn) == valid[spec.name], "\(spec.name) valid")
            #expect(Self.digest(DensityGenerator.draw(spec, split: validSplit, range: 0..<1_000)) == Self.digest(drawn))
            #expect(Set(drawn.seeds).count == 1_000 && Set(drawn.seeds).isDisjoint(with: train.seeds + test.seeds))
        }
        // The half ring's valid points are the ring's folded onto q2 >= 0 (same seed), with log-density + log 2.
        let ring = try DensityPresets.spec(named: "density-ring"),
            half = try DensityPresets.spec(named: "density-half-ring")
        let a = DensityGenerator.draw(ring, split: try ring.split(named: "valid"), range: 0..<1_000)
        let b = DensityGenerator.draw(half, split: try half.split(named: "valid"), range: 0..<1_000)
        #expect(b.points == a.points.enumerated().map { $0.offset % 2 == 1 ? abs($0.element) : $0.element })
        #expect(zip(a.logDensities, b.logDensities).allSatisfy { abs($1 - $0 - log(2)) < 1e-12 })
    }

    @Test(
        "a folder holds spec.json, the shards and a manifest with sizes and checksums; shards hold /q, /log_density, /seed"
    )
    func layout() throws {
        let folder = TemporaryDirectory()
        try Self.generate(Self.smallSpec(), into: folder.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                "README.md", "manifest.json", "spec.json", "test-00000-of-00002.h5", "test-00001-of-00002.h5",
                "train-00000-of-00003.h5", "train-00001-of-00003.h5", "train-00002-of-00003.h5",
            ])
        let manifest = try DensityManifest.load(folder: folder.path)
        #expect(manifest.system == "density" && manifest.spec == Self.smallSpec())
        #expect(try DatasetKind.of(folder: folder.path) == .density)
        let train = try manifest.split(named: "train")
        #expect(train.trajectories == 300 && train.shards.map(\.trajectories) == [100, 100, 100])
        for entry in train.shards {
            #expect(entry.bytes == bytes(of: folder.file(entry.file)).count)
            #expect(entry.sha256 == (try FileChecksum.sha256(ofFileAt: folder.file(entry.file))))
        }
        let file = try HDF5File.open(folder.file("train-00001-of-00003.h5"))
        #expect(try file.openDataset("q").shape == [100, 2])
        #expect(try file.openDataset("q").elementType == .float64)
        #expect(try file.openDataset("log_density").shape == [100])
        #expect(try file.openDataset("seed").elementType == .uint64)
        #expect(try file.attributes.get("target", as: String.self) == "ring")
        #expect(try file.attributes.get("region", as: String.self) == "upper-half-plane")
        #expect(try file.attributes.get("constant_radius", as: Double.self) == 2)
        #expect(try file.attributes.get("constant_width", as: Double.self) == 0.15)
        #expect(try file.attributes.get("log_normalizer", as: Double.self) == DensityTarget.ring.logNormalizer)
        #expect(try file.attributes.get("formula", as: String.self).contains("0.15^2"))
        #expect(try file.attributes.get("first_index", as: Int64.self) == 100)

        let points = try DensityReader.split("train", folder: folder.path)
        #expect(points.count == 300)
        for i in 0..<points.count {
            #expect(points.q[2 * i + 1] >= 0)
            #expect(
                points.logDensity[i]
                    == DensityRegion.upperHalfPlane.logDensity(.ring, points.q[2 * i], points.q[2 * i + 1]))
        }
    }

    @Test("the points do not depend on the shard count, and a smaller train split is a prefix of a larger one")
    func determinism() throws {
        let a = TemporaryDirectory(), b = TemporaryDirectory(), c = TemporaryDirectory()
        try Self.generate(Self.smallSpec(), into: a.path)
        try Self.generate(Self.smallSpec(), into: b.path, shards: 1)
        #expect(try DensityReader.split("train", folder: a.path) == DensityReader.split("train", folder: b.path))
        #expect(try DensityReader.split("test", folder: a.path) == DensityReader.split("test", folder: b.path))
        var small = Self.smallSpec()
        small.setTrainSamples(40)
        try Self.generate(small, into: c.path)
        #expect(
            try DensityReader.split("train", folder: c.path) == DensityReader.split("train", folder: a.path).prefix(40))
    }

    @Test("an interrupted generation resumes to byte-identical files; another spec in the same folder is refused")
    func resume() throws {
        let reference = TemporaryDirectory(), resumed = TemporaryDirectory()
        try Self.generate(Self.smallSpec(), into: reference.path)
        try Self.generate(Self.smallSpec(), into: resumed.path)
        try FileManager.default.removeItem(atPath: resumed.file("train-00001-of-00003.h5"))
        try FileManager.default.removeItem(atPath: resumed.file("manifest.json"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: resumed.file("train-00001-of-00003.h5.partial")))
        let summary = try Self.generate(Self.smallSpec(), into: resumed.path)
        #expect(summary.shardsWritten == 1 && summary.shardsSkipped == 4)
        for file in try FileManager.default.contentsOfDirectory(atPath: reference.path) {
            #expect(bytes(of: reference.file(file)) == bytes(of: resumed.file(file)), "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: resumed.file("train-00001-of-00003.h5.partial")))
        #expect(throws: DatasetError.specMismatch(path: resumed.path)) {
            try Self.generate(Self.smallSpec(seed: 6), into: resumed.path)
        }
    }

    @Test("validate passes on a fresh folder and names a tampered shard; inspect describes density folders")
    func validateAndInspect() throws {
        let folder = TemporaryDirectory()
        try Self.generate(Self.smallSpec(), into: folder.path)
        let report = try DatasetValidator(folder: folder.path).run()
        #expect(report.isValid, "\(report.checks.filter { !$0.passed })")
        #expect(report.checks.contains { $0.detail.contains("regenerated from their seeds match bit for bit") })
        let text = try DatasetInspector.describe(path: folder.path)
        #expect(text.contains("density dataset small-half-ring (target ring)"))
        #expect(text.contains("split train: 300 points (q2 >= 0)"))
        #expect(try DatasetInspector.describe(path: folder.file("test-00000-of-00002.h5")).contains("/log_density"))

        // Replace a shard by another (valid) one: the checksum and attribute checks fail and name it.
        let tampered = folder.file("train-00000-of-00003.h5")
        try FileManager.default.removeItem(atPath: tampered)
        try FileManager.default.copyItem(atPath: folder.file("train-00001-of-00003.h5"), toPath: tampered)
        let bad = try DatasetValidator(folder: folder.path).run()
        #expect(!bad.isValid)
        #expect(bad.checks.contains { !$0.passed && $0.subject == "train-00000-of-00003.h5" })
    }

    @Test("video and density readers refuse each other's data with a message that says which is which")
    func kindsAreKeptApart() throws {
        let folder = TemporaryDirectory()
        try Self.generate(Self.smallSpec(), into: folder.path)
        #expect {
            _ = try Manifest.load(folder: folder.path)
        } throws: { error in
            "\(error)".contains("holds a density dataset, not a video dataset")
        }
        #expect {
            _ = try ShardReader(path: folder.file("test-00000-of-00002.h5"))
        } throws: { error in
            "\(error)".contains("a density shard")
        }
        let video = TemporaryDirectory()
        try generateTinyVideoDataset(into: video.path)
        #expect {
            _ = try DensityManifest.load(folder: video.path)
        } throws: { error in
            "\(error)".contains("holds a video dataset, not a density dataset")
        }
        // The video manifest's JSON has the keys it had before density datasets existed, and the statistics; the
        // density manifest has no statistics.
        let json = try JSONSerialization.jsonObject(with: bytes(of: video.file("manifest.json"))) as? [String: Any]
        #expect(
            json.map { Set($0.keys) } == [
                "schema_version", "generator_version", "name", "system", "spec", "splits", "statistics",
            ])
        let density = try JSONSerialization.jsonObject(with: bytes(of: folder.file("manifest.json"))) as? [String: Any]
        #expect(density?["statistics"] == nil)
    }

    @Test(
        "specs are strict: unknown keys, unknown targets and regions, impossible restrictions are named",
        arguments: [
            (
                #"{"name":"x","target":"ring","splits":[{"name":"train","samples":10}],"sead":1}"#,
                "'sead' is not a known key"
            ),
            (
                #"{"name":"x","target":"donut","splits":[{"name":"train","samples":10}]}"#,
                "'donut' is not a known density target"
            ),
            (
                #"{"name":"x","target":"ring","splits":[{"name":"train","samples":10,"region":"left"}]}"#,
                "'left' is not a known region"
            ),
            (
                #"{"name":"x","target":"ring","splits":[{"name":"train","size":10}]}"#,
                "'splits[].size' is not a known key"
            ),
        ])
    func strictSpecs(json: String, expected: String) {
        #expect {
            _ = try DensitySpec.parse(json: Data(json.utf8), source: "spec.json")
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("validation names the offending field")
    func invalidValues() throws {
        var spec = Self.smallSpec()
        spec.target = .banana
        #expect(throws: DatasetError.self) { try spec.validate() }
        #expect {
            try spec.validate()
        } throws: { error in
            "\(error)".contains("'upper-half-plane' needs a target symmetric under q2 -> -q2")
        }
        spec = Self.smallSpec()
        spec.setTrainSamples(0)
        #expect {
            try spec.validate()
        } throws: { error in
            "\(error)".contains("splits.train.samples")
        }
    }
}

/// A tiny video dataset (for checking that the kinds are kept apart).
private func generateTinyVideoDataset(into folder: String) throws {
    var spec = smallSpec(train: 2)
    spec.splits = [SplitSpec(name: "train", trajectories: 2)]
    spec.frames = 2
    try generate(spec, into: folder, jobs: 1)
}
