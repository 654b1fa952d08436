import Training
import Systems
import Datasets
import Foundation

/// The datasets the benchmark trains on: the system's preset with the profile's sizes, generated on first use into
/// `<root>/<system>-<profile>` (resumable, deterministic: a second run finds it complete).
public enum TrainDatasets {
    /// The spec of `system` at `profile`'s sizes: train, test and long splits, 2 shards per split at least.
    public static func spec(system: SystemKind, profile: TableProfile) throws -> DatasetSpec {
        let settings = profile.settings
        var spec = try Presets.spec(named: system.rawValue)
        spec.name = "\(system.rawValue)-\(profile.rawValue)"
        spec.frames = settings.frames
        spec.rendering.resolution = settings.resolution
        spec.splits = [SplitSpec(name: "train", trajectories: settings.trainTrajectories),
                       SplitSpec(name: "test", trajectories: settings.testTrajectories),
                       SplitSpec(name: "long", trajectories: settings.longTrajectories, frames: settings.longFrames)]
        spec.trajectoriesPerShard = max(64, settings.trainTrajectories / 8)
        return spec
    }

    /// The folder of the dataset, generated if it has no manifest yet. Progress goes to `log`.
    public static func ensure(system: SystemKind, profile: TableProfile, root: String, log: (String) -> Void) throws -> String {
        let folder = (root as NSString).appendingPathComponent("\(system.rawValue)-\(profile.rawValue)")
        if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(Manifest.fileName)) {
            return folder
        }
        let spec = try spec(system: system, profile: profile)
        log("generating \(folder): \(spec.splits.map { "\($0.name) \($0.trajectories)" }.joined(separator: ", ")) "
            + "trajectories of \(spec.frames) frames at \(spec.rendering.resolution)x\(spec.rendering.resolution)")
        let summary = try DatasetGenerator(spec: spec, folder: folder).run()
        log(String(format: "generated %@ in %.1f s", folder, summary.seconds))
        return folder
    }
}
