import Datasets
import Models
import Training

/// The three sizes of the HGN benchmark: `smoke` proves the pipeline in CI, `small` trains each model in about
/// 15 minutes (HGN) or 24 minutes (PixelHNN) per cell on one core, `paper` uses the reference's sizes and schedule.
public enum TableProfile: String, CaseIterable, Codable, Sendable {
    case smoke, small, paper

    /// Everything the profile fixes: datasets, model sizes, training recipes, evaluation sizes.
    public var settings: ProfileSettings {
        switch self {
        case .smoke: .smoke
        case .small: .small
        case .paper: .paper
        }
    }
}

/// Sizes and recipes of one profile.
public struct ProfileSettings {
    /// Trajectories of the generated `train`, `test` and `long` splits.
    public var trainTrajectories: Int, testTrajectories: Int, longTrajectories: Int
    /// Trajectories of the generated `valid` split: 10% of train's (rounded), as in the presets.
    public var validTrajectories: Int { max(1, (trainTrajectories + 5) / 10) }
    /// Frames per `train`/`test` trajectory and per `long` trajectory.
    public var frames: Int, longFrames: Int
    /// Frame size.
    public var resolution: Int
    /// HGN sizes (variants switch integrator, transformer and posterior).
    public var hgn: HGNConfiguration
    /// PixelHNN sizes (its coordinates follow the system).
    public var pixelHNN: PixelHNNConfiguration
    /// The recipe of every HGN row.
    public var hgnTraining: TrainingConfiguration
    /// The recipe of the PixelHNN row: the HNN paper's pixel experiment (``PixelHNNConfiguration/paperTraining(steps:)``:
    /// Adam 1e-3, weight decay 1e-5, batches of 200 frame triples, 10,000 steps), smaller at `smoke`.
    public var pixelHNNTraining: TrainingConfiguration
    /// Sequences of `train` scored (the first ones). Every sequence of `valid`, `test` and `long` is scored.
    public var trainEvaluationSequences: Int
    /// Sequences shown in each strip of true and predicted frames.
    public var stripSequences: Int
    /// Variational HGN rows predict from one posterior sample drawn with this seed (`nil`: the posterior mean).
    /// See ``HamiltonianGenerativeNetwork/rolloutSampleSeed`` and CHANGELOG.md, "Recipe search".
    public var hgnRolloutSampleSeed: UInt64? = nil
    /// The training seeds: one cell per model, system and seed.
    public var seeds: [UInt64] = [1, 2, 3]
    /// Index of the anchor frame (the last input frame of HGN's protocol, K − 1).
    public var anchorFrame: Int { hgn.inputFrames - 1 }

    /// CI: 16x16 frames, narrow networks, 40 steps, 3 seeds; proves the pipeline (training, evaluation, floor,
    /// statistics, orderings, checks) in well under a minute per system. It uses the `small` recipe's switches
    /// (decoded frames, narrow posterior start, rollouts from a sample) so CI runs them.
    public static var smoke: ProfileSettings {
        var hgn = HGNConfiguration()
        hgn.resolution = 16
        hgn.encoderFilters = [8, 8, 8]
        hgn.latentChannels = 8
        hgn.transformerFilters = [8]
        hgn.stateChannels = 4
        hgn.hamiltonianFilters = [8, 8, 8, 8]
        hgn.decoderFilters = 8
        hgn.posteriorLogVarianceShift = -10
        var pixel = PixelHNNConfiguration()
        pixel.resolution = 16
        pixel.hiddenUnits = 32
        pixel.hamiltonianHiddenUnits = 16
        var training = TrainingConfiguration(steps: 40)
        training.batchSize = 4
        training.learningRate = 3e-3
        training.reconstruction = .summedSquaredError
        training.klWeighting = .fixed(beta: 1e-3)
        training.curriculum = [CurriculumStage(fromStep: 0, frames: 7), CurriculumStage(fromStep: 20, frames: 10)]
        training.decodedFramesPerSequence = 4
        training.checkpointInterval = 10
        var pixelTraining = PixelHNNConfiguration.paperTraining(steps: 40)
        pixelTraining.batchSize = 8
        pixelTraining.checkpointInterval = 10
        return ProfileSettings(
            trainTrajectories: 48, testTrajectories: 16, longTrajectories: 4, frames: 10, longFrames: 20,
            resolution: 16, hgn: hgn, pixelHNN: pixel, hgnTraining: training, pixelHNNTraining: pixelTraining,
            trainEvaluationSequences: 16, stripSequences: 2, hgnRolloutSampleSeed: 1)
    }

    /// About 17 minutes per HGN model on 2 idle cores (2,400 steps; the search's runs took 14-20 minutes at a load of
    /// 2-5). The whole training sequence is integrated but only the anchor and 5 random later frames are decoded and
    /// scored (`decodedFramesPerSequence`, an unbiased estimate of the full loss); a curriculum lengthens the
    /// sequences from 8 to all 34 frames by step 1,100; a small fixed KL weight (1e-4 of the summed squared error)
    /// with the posterior started narrow (`posteriorLogVarianceShift` −10), without which the variational rows learn
    /// only the background; the variational rows predict from one posterior sample (seed 1), as they were trained.
    /// The learning rates are chosen on `valid` by `hgnbench search --plan Benchmarks/search/small-recipes.json`
    /// (4 candidates per model, the pendulum, every valid sequence; Benchmarks/results/table/search): HGN Adam 6e-4
    /// (valid MSE 12.25e-4 against 13.06e-4 to 16.89e-4 for the other three, each difference resolved); PixelHNN the
    /// HNN paper's recipe with Adam 1e-4 (26.09e-4, the lowest of four, all within 2% of the mean frame's 25.98e-4:
    /// it learns only the background at every rate tried).
    public static var small: ProfileSettings {
        var training = TrainingConfiguration(steps: 2_400)
        training.batchSize = 16
        training.learningRate = 6e-4
        training.reconstruction = .summedSquaredError
        training.klWeighting = .fixed(beta: 1e-4)
        training.decodedFramesPerSequence = 6
        training.curriculum = [
            CurriculumStage(fromStep: 0, frames: 8), CurriculumStage(fromStep: 250, frames: 12),
            CurriculumStage(fromStep: 500, frames: 16), CurriculumStage(fromStep: 800, frames: 24),
            CurriculumStage(fromStep: 1_100, frames: 34),
        ]
        training.checkpointInterval = 100
        var pixelTraining = PixelHNNConfiguration.paperTraining(steps: 10_000)
        pixelTraining.learningRate = 1e-4
        var hgn = HGNConfiguration()
        hgn.posteriorLogVarianceShift = -10
        return ProfileSettings(
            trainTrajectories: 5_000, testTrajectories: 500, longTrajectories: 50, frames: 34, longFrames: 100,
            resolution: 32, hgn: hgn, pixelHNN: PixelHNNConfiguration(), hgnTraining: training,
            pixelHNNTraining: pixelTraining, trainEvaluationSequences: 500, stripSequences: 3,
            hgnRolloutSampleSeed: 1)
    }

    /// The reference: 50,000 training sequences of 34 frames, the replication's schedule (batch 16, Adam 1.5e-4,
    /// GECO, 5 epochs = 15,625 steps); PixelHNN with the HNN paper's Adam 1e-3, weight decay 1e-5, 10,000 steps.
    /// Variational rows roll out from one posterior sample (seed 1), chosen on `valid` for the finished pendulum
    /// cell (2026-12-06): 8.84e-4 from the sample against 29.46e-4 from the posterior mean, which decodes no disc even
    /// at the anchor (Benchmarks/results/table/paper/rollout-mode).
    public static var paper: ProfileSettings {
        var training = TrainingConfiguration(steps: 15_625)
        training.batchSize = 16
        training.learningRate = 1.5e-4
        training.reconstruction = .frameMeanSquaredError
        training.klWeighting = .geco(settings: GECOSettings())
        training.checkpointInterval = 250
        let pixelTraining = PixelHNNConfiguration.paperTraining(steps: 10_000)
        return ProfileSettings(
            trainTrajectories: 50_000, testTrajectories: 10_000, longTrajectories: 1_000, frames: 34,
            longFrames: 256, resolution: 32, hgn: HGNConfiguration(), pixelHNN: PixelHNNConfiguration(),
            hgnTraining: training, pixelHNNTraining: pixelTraining, trainEvaluationSequences: 1_000,
            stripSequences: 3, hgnRolloutSampleSeed: 1, seeds: [1])
    }
}
