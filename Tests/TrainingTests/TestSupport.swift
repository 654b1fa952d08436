import Datasets
import Foundation
import Models
import Tensor

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "ModelsTests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path for `name` inside the directory.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Tiny pendulum datasets shared by the tests, generated once into a stable folder under the temporary directory
/// (generation is deterministic and resumable, so a rerun finds them complete).
enum Fixtures {
    /// 16x16 frames, 7 frames per trajectory, train 6 / test 3 / long 2 (12 frames).
    static let pendulum: String = dataset(name: "pendulum-16", resolution: 16, frames: 7)
    /// The same at 32x32 (another resolution than the tiny models').
    static let pendulum32: String = dataset(name: "pendulum-32", resolution: 32, frames: 7)

    static func dataset(name: String, resolution: Int, frames: Int) -> String {
        do {
            var spec = try Presets.spec(named: "pendulum")
            spec.splits = [
                SplitSpec(name: "train", trajectories: 6), SplitSpec(name: "test", trajectories: 3),
                SplitSpec(name: "long", trajectories: 2, frames: 12),
            ]
            spec.frames = frames
            spec.rendering.resolution = resolution
            spec.trajectoriesPerShard = 4
            spec.seed = 11
            // One folder per checkout and spec, so that test runs of two checkouts never share (or race on) it and
            // a changed spec (or layout) gets a fresh folder.
            let key = FileManager.default.currentDirectoryPath + spec.canonicalJSON() + "\(DatasetSpec.schemaVersion)"
            let hash = key.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            let folder =
                NSTemporaryDirectory() + "HamiltonianSuite-TrainingTests-fixtures-\(String(hash, radix: 16))/" + name
            var options = GenerationOptions()
            options.jobs = 1
            _ = try DatasetGenerator(spec: spec, folder: folder, options: options).run()
            return folder
        } catch {
            preconditionFailure("test fixture \(name) could not be generated: \(error)")
        }
    }
}
