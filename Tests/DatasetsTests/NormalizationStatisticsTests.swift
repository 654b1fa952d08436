import Foundation
import HDF5
import SeededRandom
import Systems
import Testing

@testable import Datasets

/// The manifest's normalisation statistics: equal to a direct recomputation from the data, and identical to the bit
/// for any number of jobs, any shard count, a job array and a resumed run.
@Suite("Normalisation statistics")
struct NormalizationStatisticsTests {
    /// A spec with a `long` split, so that the statistics must come from `train` alone.
    static func spec(_ system: SystemKind = .pendulum) -> DatasetSpec {
        var spec = smallSpec(system, train: 11)
        spec.splits.append(SplitSpec(name: "long", trajectories: 2, frames: 9))
        return spec
    }

    @Test(
        "the statistics are those of the train split's data, recomputed directly",
        arguments: [SystemKind.pendulum, .threeBody])
    func equalDirectRecomputation(system: SystemKind) throws {
        let folder = TemporaryDirectory()
        let spec = Self.spec(system)
        try generate(spec, into: folder.path, shards: 3)
        let statistics = try #require(try Manifest.load(folder: folder.path).statistics)
        let train = try SplitContent(folder: folder.path, split: "train")
        let s = system.descriptor.stateNames.count, t = spec.frames
        #expect(statistics.split == "train" && statistics.trajectories == 11)
        #expect(statistics.state.names == system.descriptor.stateNames)

        // Two-pass float64 mean and population standard deviation of each coordinate.
        func check(_ field: FieldStatistics, values: [[Double]], tolerance: Double = 1e-12) {
            #expect(field.count == values[0].count)
            for (j, column) in values.enumerated() {
                let mean = column.reduce(0, +) / Double(column.count)
                let std = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
                let scale = max(column.map(abs).max() ?? 1, 1e-300)
                #expect(abs(field.mean[j] - mean) <= tolerance * scale, "\(field.names[j]) mean")
                #expect(abs(field.std[j] - std) <= tolerance * max(std, scale * 1e-6), "\(field.names[j]) std")
                #expect(field.min[j] == column.min() && field.max[j] == column.max())
            }
        }
        let frames = train.states.count / s
        func columns(_ values: [Double]) -> [[Double]] {
            (0..<s).map { j in (0..<frames).map { values[$0 * s + j] } }
        }
        check(statistics.state, values: columns(train.states))
        check(statistics.stateDerivative, values: columns(train.derivatives))
        check(statistics.energy, values: [train.energies])
        let differences = (0..<s).map { j in
            (0..<11).flatMap { i in
                (1..<t).map { k in train.states[(i * t + k) * s + j] - train.states[(i * t + k - 1) * s + j] }
            }
        }
        check(try #require(statistics.stateDifference), values: differences)

        // Pixels: integer sums, so the mean and variance are known exactly.
        for channel in 0..<3 {
            let values = stride(from: channel, to: train.images.count, by: 3).map { Int(train.images[$0]) }
            let n = values.count
            let s1 = values.reduce(0, +), s2 = values.reduce(0) { $0 + $1 * $1 }
            #expect(statistics.image.count == n)
            #expect(statistics.image.mean[channel] == Double(s1) / Double(n))
            let variance = Double(n * s2 - s1 * s1) / (Double(n) * Double(n))
            #expect(abs(statistics.image.std[channel] - variance.squareRoot()) <= 1e-15 * variance.squareRoot())
            #expect(statistics.image.min[channel] == Double(values.min() ?? -1))
            #expect(statistics.image.max[channel] == Double(values.max() ?? -1))
        }
    }

    @Test("identical to the bit for 1 or 2 jobs, 1, 2 or 5 shards, a job array (in any order) and a resumed run")
    func deterministic() throws {
        let spec = Self.spec(.twoBody)
        func statistics(of folder: TemporaryDirectory) throws -> NormalizationStatistics? {
            try Manifest.load(folder: folder.path).statistics
        }
        let reference = TemporaryDirectory()
        try generate(spec, into: reference.path, jobs: 1, shards: 2)
        let expected = try #require(try statistics(of: reference))

        let twoJobs = TemporaryDirectory()
        try generate(spec, into: twoJobs.path, jobs: 2, shards: 2)
        #expect(try statistics(of: twoJobs) == expected)

        for shards in [1, 5] {
            let other = TemporaryDirectory()
            try generate(spec, into: other.path, jobs: 2, shards: shards)
            #expect(try statistics(of: other) == expected, "\(shards) shards")
        }

        let array = TemporaryDirectory()
        let plan = try ShardPlan(spec: spec, shardsPerSplit: 5).shards.count
        for shard in (0..<plan).filter({ $0 % 2 == 1 }) + (0..<plan).filter({ $0 % 2 == 0 }).reversed() {
            try generate(spec, into: array.path, jobs: 1, shards: 5, only: shard)
        }
        #expect(try statistics(of: array) == expected)

        let resumed = TemporaryDirectory()
        try generate(spec, into: resumed.path, jobs: 2, shards: 2)
        let fm = FileManager.default
        for file in ["manifest.json", "README.md", "train-00001-of-00002.h5"] {
            try fm.removeItem(atPath: resumed.file(file))
        }
        try generate(spec, into: resumed.path, jobs: 1, shards: 2)
        #expect(try statistics(of: resumed) == expected)
        #expect(bytes(of: resumed.file("manifest.json")) == bytes(of: reference.file("manifest.json")))
    }

    @Test("each shard stores its sums; validate recomputes them and the manifest's statistics")
    func validation() throws {
        let folder = TemporaryDirectory()
        try generate(Self.spec(), into: folder.path, shards: 2)
        let reader = try ShardReader(path: folder.file("train-00000-of-00002.h5"))
        let sums = try reader.statisticsSums()
        #expect(sums.trajectories == reader.count && sums.image.count == reader.count * 6 * 16 * 16)
        let report = try DatasetValidator(folder: folder.path).run()
        #expect(report.isValid, "\(report.checks.filter { !$0.passed }.map(\.detail))")
        #expect(report.checks.contains { $0.subject == "statistics" && $0.passed })

        // A manifest whose statistics were edited fails the statistics check (and only it).
        var manifest = try Manifest.load(folder: folder.path)
        manifest.statistics?.state.mean[0] += 1e-9
        try manifest.jsonData().write(to: URL(fileURLWithPath: folder.file("manifest.json")))
        let edited = try DatasetValidator(folder: folder.path).run()
        #expect(edited.checks.filter { !$0.passed }.map(\.subject) == ["statistics"])
    }

    @Test("a shard whose sums disagree with its data fails validation")
    func tamperedSums() throws {
        let folder = TemporaryDirectory()
        try generate(Self.spec(), into: folder.path, shards: 1)
        let path = folder.file("train-00000-of-00001.h5")
        var sums = try ShardReader(path: path).statisticsSums()
        sums.energy.sum[0].add(1e-6)
        let file = try HDF5File.open(path, mode: .readWrite)
        try file.attributes.set(ShardLayout.Attribute.statisticsSums, try sums.jsonText())
        try file.close()
        // The manifest is made to agree with the edited file, so that the sums check is what catches it.
        var manifest = try Manifest.load(folder: folder.path)
        manifest.splits[0].shards[0].bytes = bytes(of: path).count
        manifest.splits[0].shards[0].sha256 = try FileChecksum.sha256(ofFileAt: path)
        try manifest.jsonData().write(to: URL(fileURLWithPath: folder.file("manifest.json")))
        let report = try DatasetValidator(folder: folder.path).run()
        #expect(
            report.checks.contains { !$0.passed && $0.detail.hasPrefix("statistics sums") },
            "\(report.checks.filter { !$0.passed }.map(\.detail))")
    }

    @Test(
        "the vectorised pixel sums (release builds) equal the byte-by-byte ones (debug builds)",
        arguments: [0, 3, 45, 48, 51, 48 * 7 + 30, 3 * 1024 * 5])
    func pixelSumsAgree(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let pixels = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        pixels.withUnsafeBufferPointer { pixels in
            let vectorised = PixelSums.vectorised(pixels), oneByOne = PixelSums.oneByOne(pixels)
            #expect(vectorised == oneByOne)
            let channelSums = (0..<3).map { c in
                stride(from: c, to: count, by: 3).reduce(UInt64(0)) { $0 + UInt64(pixels[$1]) }
            }
            #expect(oneByOne.sums == channelSums && oneByOne.count == count / 3)
        }
    }

    @Test("inspect prints the statistics")
    func inspect() throws {
        let folder = TemporaryDirectory()
        try generate(Self.spec(), into: folder.path)
        let text = try DatasetInspector.describe(path: folder.path)
        #expect(text.contains("statistics of the train split (11 trajectories"))
        #expect(text.contains("  image: red ") && text.contains("  x_delta: q ") && text.contains("  energy: energy "))
    }

    @Test("one-frame trajectories have no frame-to-frame statistics, and the manifest still encodes")
    func oneFrame() throws {
        var spec = smallSpec(train: 3)
        spec.frames = 1
        let folder = TemporaryDirectory()
        try generate(spec, into: folder.path)
        let statistics = try #require(try Manifest.load(folder: folder.path).statistics)
        #expect(statistics.stateDifference == nil && statistics.state.count == 3)
    }
}
