import Datasets
import Foundation
import Systems

@testable import TableStudy
@testable import Training

/// Tiny datasets of every system, generated once per process (behind a lock: tests run in parallel) into a folder
/// per checkout and spec under the temporary directory (generation is deterministic and resumable, so a rerun finds
/// them complete, and a changed spec gets a fresh folder): 16x16 frames, 10 frames per sequence, train 4 / valid 2 /
/// test 6 / long 2 (14 frames), with the noisy preset's observation noise or none.
enum Fixtures {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: [String: String] = [:]

    /// The dataset of `system`, with the `-noisy` preset's observation noise or without any.
    static func dataset(_ system: SystemKind, noise: Bool) -> String {
        lock.lock()
        defer { lock.unlock() }
        let name = "\(system.rawValue)-\(noise ? "noisy" : "clean")"
        if let folder = folders[name] { return folder }
        do {
            var spec = try Presets.spec(named: system.rawValue + Presets.noisySuffix)
            spec.splits = [
                SplitSpec(name: "train", trajectories: 4), SplitSpec(name: "valid", trajectories: 2),
                SplitSpec(name: "test", trajectories: 6), SplitSpec(name: "long", trajectories: 2, frames: 14),
            ]
            spec.frames = 10
            spec.rendering.resolution = 16
            spec.trajectoriesPerShard = 4
            spec.seed = 21
            if !noise { spec.observationNoise = 0 }
            let key = FileManager.default.currentDirectoryPath + spec.canonicalJSON() + "\(DatasetSpec.schemaVersion)"
            let hash = key.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            let folder =
                NSTemporaryDirectory() + "HamiltonianSuite-TableStudyTests-fixtures-\(String(hash, radix: 16))/"
                + name
            var options = GenerationOptions()
            options.jobs = 1
            _ = try DatasetGenerator(spec: spec, folder: folder, options: options).run()
            folders[name] = folder
            return folder
        } catch {
            preconditionFailure("test fixture \(name) could not be generated: \(error)")
        }
    }
}

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class ScratchFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "TableStudyTests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Scores with given per-sequence errors (every other number derived from them or fixed).
func scores(_ errors: [Double]) -> RolloutScores {
    let mean = errors.reduce(0, +) / Double(errors.count)
    let variance =
        errors.count > 1
        ? errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(errors.count - 1) : 0
    return RolloutScores(
        sequences: errors.count, meanSquaredError: mean, standardDeviation: variance.squareRoot(),
        perStep: [mean, mean], validPredictionTime: 1, energyDrift: nil, perSequence: errors)
}

/// A comparison whose model, mean-frame and last-frame errors are given per sequence.
func comparison(model: [Double], meanFrame: [Double], lastFrame: [Double], split: String = "test") -> RolloutComparison
{
    RolloutComparison(
        split: split, direction: .forward, sequenceFrames: 3, anchorFrame: 1, steps: 1,
        model: scores(model), meanFrame: scores(meanFrame), lastFrame: scores(lastFrame))
}

/// A finished cell of `row` on `system` with seed `seed` whose every evaluation has the model errors `model` (the
/// baselines are the same in every cell).
func cell(
    _ row: String, _ system: SystemKind, seed: UInt64, model: [Double], meanFrame: [Double],
    lastFrame: [Double]
) -> CellResult {
    let c = comparison(model: model, meanFrame: meanFrame, lastFrame: lastFrame)
    return CellResult(
        row: row, system: system, profile: .smoke, seed: seed, parameterCount: 10, steps: 40,
        trainingSeconds: 12, secondsPerStep: 0.3, medianSecondsPerStep: 0.25,
        finalTrainingMeanSquaredError: 5e-4, evaluationSeconds: 2, train: c, test: c, backward: c, long: c)
}
