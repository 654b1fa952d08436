import Training
import Models

/// The fixed sequences every cell of one system is scored on: the first sequences of `train` and `test` (whole
/// trajectories: K input frames, then the anchor and the predicted frames) and of `long` (rollouts several times
/// longer than any training sequence).
public struct EvaluateCell {
    public let train: RolloutEvaluator
    public let test: RolloutEvaluator
    public let long: RolloutEvaluator

    public init(dataset: String, settings: ProfileSettings, meanFrame: [Float]) throws {
        let anchor = settings.anchorFrame
        train = try RolloutEvaluator.load(folder: dataset, split: "train", count: settings.evaluationSequences,
                                          anchorFrame: anchor, resolution: settings.resolution)
        test = try RolloutEvaluator.load(folder: dataset, split: "test", count: settings.evaluationSequences,
                                         anchorFrame: anchor, resolution: settings.resolution)
        long = try RolloutEvaluator.load(folder: dataset, split: "long", count: settings.longSequences,
                                         anchorFrame: anchor, resolution: settings.resolution)
    }
}
