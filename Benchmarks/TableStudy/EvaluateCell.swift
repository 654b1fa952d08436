import Foundation
import Models
import Training

/// The fixed sequences every cell of one system is scored on: the first sequences of `train` and every sequence of
/// `test` and of `long` (whole trajectories: K input frames, then the anchor and the predicted frames; `long` ones
/// several times longer than any training sequence). `valid` is loaded apart (``valid(dataset:settings:)``): the
/// table never reads it, the searches read nothing else.
///
/// Memory: every sequence is held as Float32 frames, `sequences × frames × H × W × 3 × 4` bytes (about 210 MB for
/// the 500 test sequences of `small`).
public struct EvaluateCell {
    public let train: RolloutEvaluator
    public let test: RolloutEvaluator
    public let long: RolloutEvaluator

    public init(dataset: String, settings: ProfileSettings) throws {
        let anchor = settings.anchorFrame
        train = try RolloutEvaluator.load(
            folder: dataset, split: "train", count: settings.trainEvaluationSequences,
            anchorFrame: anchor, resolution: settings.resolution)
        test = try RolloutEvaluator.load(
            folder: dataset, split: "test", count: .max, anchorFrame: anchor,
            resolution: settings.resolution)
        long = try RolloutEvaluator.load(
            folder: dataset, split: "long", count: .max, anchorFrame: anchor,
            resolution: settings.resolution)
    }

    /// Every sequence of `valid`.
    public static func valid(dataset: String, settings: ProfileSettings) throws -> RolloutEvaluator {
        try RolloutEvaluator.load(
            folder: dataset, split: "valid", count: .max, anchorFrame: settings.anchorFrame,
            resolution: settings.resolution)
    }

    /// The evaluator of an evaluation (`backward` runs on the test sequences).
    public func evaluator(_ evaluation: Evaluation) -> RolloutEvaluator {
        switch evaluation {
        case .train: train
        case .test, .backward: test
        case .long: long
        }
    }

    /// The model's four comparisons beside the baselines, and the seconds they took; `progress` hears of each
    /// evaluation as it finishes (at `paper` the four take about 15 minutes).
    public func compare(
        _ model: any VideoDynamicsModel, meanFrame: [Float], progress: (String) -> Void = { _ in }
    ) throws
        -> (comparisons: [Evaluation: RolloutComparison], seconds: Double)
    {
        let start = Date()
        var comparisons: [Evaluation: RolloutComparison] = [:]
        for (index, evaluation) in Evaluation.allCases.enumerated() {
            let evaluationStart = Date()
            let comparison = try evaluator(evaluation).compare(
                model, meanFrame: meanFrame, direction: evaluation == .backward ? .backward : .forward)
            comparisons[evaluation] = comparison
            let seconds = String(format: "%.0f", Date().timeIntervalSince(evaluationStart))
            progress(
                "scored \(evaluation.rawValue) (\(index + 1) of \(Evaluation.allCases.count)): "
                    + "\(comparison.model.sequences) sequences in \(seconds) s")
        }
        return (comparisons, Date().timeIntervalSince(start))
    }
}
