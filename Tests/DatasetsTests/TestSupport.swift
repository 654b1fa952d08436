import Foundation
import Systems

@testable import Datasets

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "DatasetsTests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path for `name` inside the directory.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A small spec of `system` that generates in well under a second in a debug build: 16x16 frames, 6 frames,
/// a `train` split of `train` trajectories and a `test` split of 5.
func smallSpec(_ system: SystemKind = .pendulum, train: Int = 12, seed: UInt64 = 7) -> DatasetSpec {
    var spec = (try? Presets.spec(named: system.rawValue)) ?? Presets.all[0].spec
    spec.splits = [SplitSpec(name: "train", trajectories: train), SplitSpec(name: "test", trajectories: 5)]
    spec.frames = 6
    spec.rendering.resolution = 16
    spec.trajectoriesPerShard = 5
    spec.seed = seed
    return spec
}

/// Generates `spec` into `folder` and returns the summary.
@discardableResult
func generate(
    _ spec: DatasetSpec, into folder: String, jobs: Int = 2, shards: Int? = nil, only: Int? = nil
) throws -> GenerationSummary {
    var options = GenerationOptions()
    options.jobs = jobs
    options.shardsPerSplit = shards
    options.onlyShard = only
    return try DatasetGenerator(spec: spec, folder: folder, options: options).run()
}

/// The bytes of a file.
func bytes(of path: String) -> Data { (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() }

/// Every array of a split, concatenated over its shards in order, for comparing datasets cut into different shards.
struct SplitContent: Equatable {
    var images: [UInt8] = []
    var states: [Double] = []
    var derivatives: [Double] = []
    var energies: [Double] = []
    var seeds: [UInt64] = []

    init(folder: String, split: String) throws {
        let manifest = try Manifest.load(folder: folder)
        for shard in try manifest.split(named: split).shards {
            let reader = try ShardReader(path: (folder as NSString).appendingPathComponent(shard.file))
            images += try reader.images(0..<reader.count)
            states += try reader.states(0..<reader.count)
            derivatives += try reader.derivatives(0..<reader.count)
            energies += try reader.energies(0..<reader.count)
            seeds += try reader.seeds()
        }
    }
}
