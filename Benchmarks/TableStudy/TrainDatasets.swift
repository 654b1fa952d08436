import Datasets
import Foundation
import Support
import Systems
import Training

/// Which preset of a system the table runs on: the standard one (noise-free frames) or its `-noisy` variant (the
/// public replication's per-frame observation noise; the same trajectories).
public enum PresetVariant: String, CaseIterable, Codable, Sendable {
    case standard, noisy

    /// The preset's name, e.g. `pendulum` or `pendulum-noisy`; also the folder name of its datasets and runs.
    public func name(of system: SystemKind) -> String {
        system.rawValue + (self == .noisy ? Presets.noisySuffix : "")
    }
}

/// The datasets the benchmark trains on: the system's preset with the profile's sizes, generated on first use into
/// `<root>/<preset>-<profile>` (resumable, deterministic: a second run finds it complete).
public enum TrainDatasets {
    /// The spec of `system` at `profile`'s sizes: train, valid (10% of train), test and long splits, 8 shards of
    /// train at most (64 trajectories per shard at least).
    ///
    /// Splits draw from their own seed streams, so `valid` did not change the trajectories of the other splits.
    public static func spec(
        system: SystemKind, profile: TableProfile, variant: PresetVariant = .standard
    ) throws
        -> DatasetSpec
    {
        let settings = profile.settings
        var spec = try Presets.spec(named: variant.name(of: system))
        spec.name = "\(variant.name(of: system))-\(profile.rawValue)"
        spec.frames = settings.frames
        spec.rendering.resolution = settings.resolution
        spec.splits = [
            SplitSpec(name: "train", trajectories: settings.trainTrajectories),
            SplitSpec(name: "valid", trajectories: settings.validTrajectories),
            SplitSpec(name: "test", trajectories: settings.testTrajectories),
            SplitSpec(name: "long", trajectories: settings.longTrajectories, frames: settings.longFrames),
        ]
        spec.trajectoriesPerShard = max(64, settings.trainTrajectories / 8)
        return spec
    }

    /// The folder of the dataset, generated (or completed, after an interruption) unless its manifest lists every
    /// split. Progress goes to `log`.
    ///
    /// Cells of one system running at once (the tasks of a job array) generate it once: the first holds
    /// `<folder>.lock` while it generates, the others wait for it and then find the manifest (a task killed meanwhile
    /// releases the lock, and the next one resumes the generation).
    ///
    /// - Throws: ``TableError/datasetFromAnotherSpec(folder:)`` when the folder holds a dataset made from another
    ///   spec (for example one generated before `valid` was added); dataset errors while generating.
    public static func ensure(
        system: SystemKind, profile: TableProfile, variant: PresetVariant = .standard, root: String,
        log: (String) -> Void
    ) throws -> String {
        let folder = (root as NSString).appendingPathComponent("\(variant.name(of: system))-\(profile.rawValue)")
        let spec = try spec(system: system, profile: profile, variant: variant)
        func isComplete() throws -> Bool {
            guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(Manifest.fileName))
            else { return false }
            let manifest = try Manifest.load(folder: folder)
            guard manifest.spec == spec else { throw TableError.datasetFromAnotherSpec(folder: folder) }
            return manifest.splits.count == spec.splits.count
        }
        if try isComplete() { return folder }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return try FileLock(path: folder + ".lock").withLock(warn: log) {
            if try isComplete() { return folder }
            log(
                "generating \(folder): \(spec.splits.map { "\($0.name) \($0.trajectories)" }.joined(separator: ", ")) "
                    + "trajectories of \(spec.frames) frames at \(spec.rendering.resolution)x\(spec.rendering.resolution)"
            )
            let summary = try DatasetGenerator(spec: spec, folder: folder).run()
            log(String(format: "generated %@ in %.1f s", folder, summary.seconds))
            return folder
        }
    }
}
