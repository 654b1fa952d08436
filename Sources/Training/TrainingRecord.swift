import Checkpoints
import Foundation
import Models
import Support

/// One optimiser step's numbers, as they enter the learning curve.
public struct LearningCurvePoint: Codable, Hashable, Sendable {
    /// The step (0-based).
    public var step: Int
    /// The optimised loss.
    public var loss: Double
    /// The reconstruction term (as configured).
    public var reconstruction: Double
    /// The reconstruction's pixel MSE.
    public var pixelMeanSquaredError: Double
    /// The KL divergence (0 without a posterior).
    public var klDivergence: Double
    /// The KL weight used (beta, or 1/λ-relative weight under GECO: the multiplier λ is reported instead).
    public var klWeight: Double
    /// GECO's multiplier λ, when GECO is on.
    public var gecoMultiplier: Double?
    /// Other loss terms by name (PixelHNN).
    public var auxiliary: [String: Double]
    /// Frames per training sequence at this step.
    public var frames: Int
    /// Learning rate at this step.
    public var learningRate: Double
    /// Wall-clock seconds the step took (data, forward, backward, update); `nil` in records of older runs.
    public var seconds: Double?
}

/// One sitting of a training run (a run resumed twice has three).
public struct TrainingSession: Codable, Hashable, Sendable {
    /// Wall-clock start, ISO 8601.
    public var startedAt: String
    /// First step run in this sitting.
    public var fromStep: Int
    /// Steps completed when the sitting ended (or at its last checkpoint).
    public var toStep: Int
    /// Seconds spent in optimiser steps.
    public var seconds: Double
}

/// The dataset a run trained on.
public struct DatasetReference: Codable, Hashable, Sendable {
    /// The folder.
    public var folder: String
    /// The split.
    public var split: String
    /// Trajectories in the split.
    public var trajectories: Int
    /// Frames per trajectory.
    public var frames: Int
    /// Frame size.
    public var resolution: Int
}

/// The JSON record of a training run: what was trained, on what, with which settings and seeds, by which software,
/// how long it took, and the learning curve.
public struct TrainingRecord: Codable, Sendable {
    /// The layout version of `record.json`; bumped whenever a key changes meaning or disappears.
    public var schemaVersion = 1
    /// The model's kind and configuration.
    public var model: ModelSummary
    /// Trainable scalars.
    public var parameterCount: Int
    /// The run's configuration (seeds included).
    public var training: TrainingConfiguration
    /// The data.
    public var dataset: DatasetReference
    /// Software and machine.
    public var environment: [String: String]
    /// Steps completed.
    public var completedSteps: Int
    /// The sittings of the run.
    public var sessions: [TrainingSession]
    /// Seconds per optimiser step over all sittings.
    public var secondsPerStep: Double
    /// Median of the steps' own durations (less sensitive to warm-up and to other processes' bursts).
    public var medianSecondsPerStep: Double?
    /// Every step's numbers.
    public var learningCurve: [LearningCurvePoint]

    /// The record as pretty-printed JSON (``JSONFormat``).
    public func jsonData() -> Data {
        guard let data = try? JSONFormat.encoder().encode(self) else {
            preconditionFailure("TrainingRecord is always encodable")
        }
        return data
    }
}

/// What the trainer keeps beside its checkpoint so that a resumed run's record continues the interrupted one's.
struct TrainingLog: Codable {
    var curve: [LearningCurvePoint] = []
    var sessions: [TrainingSession] = []
}

/// Writes `data` to `path` through a temporary file and a rename (``AtomicFile``), so that readers never see a partial
/// file.
func writeAtomically(_ data: Data, to path: String) throws(TrainingError) {
    do {
        try AtomicFile.write(data, to: path)
    } catch {
        throw TrainingError(error)
    }
}
