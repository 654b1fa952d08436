import Systems
import Training

/// What a finished cell leaves behind (`result.json` in its directory): the run's summary and its evaluations on
/// `test` (scored once, when the cell is finished), on the first sequences of `train`, backwards on `test`, and on
/// `long`, each with every sequence's error.
public struct CellResult: Codable {
    /// The layout version of `result.json` (2: the training seed, evaluation time and per-sequence errors).
    public var schemaVersion = 2
    public var row: String
    public var system: SystemKind
    public var profile: TableProfile
    /// The training seed (`nil` in results of schema 1, which trained seed 1 only).
    public var seed: UInt64?
    public var parameterCount: Int
    public var steps: Int
    public var trainingSeconds: Double
    public var secondsPerStep: Double
    /// Median duration of one step.
    public var medianSecondsPerStep: Double?
    /// Mean pixel MSE of the last 50 training steps.
    public var finalTrainingMeanSquaredError: Double
    /// Wall-clock seconds the four evaluations took (`nil` in older results).
    public var evaluationSeconds: Double?
    /// Forward rollouts on train and test, backward rollouts on test, forward rollouts on `long`.
    public var train: RolloutComparison
    public var test: RolloutComparison
    public var backward: RolloutComparison
    public var long: RolloutComparison

    /// The comparison of a named evaluation: `train`, `test`, `backward` or `long`.
    public func comparison(_ evaluation: Evaluation) -> RolloutComparison {
        switch evaluation {
        case .train: train
        case .test: test
        case .backward: backward
        case .long: long
        }
    }
}

extension CellResult {
    /// The key paths of the four evaluations.
    static var evaluations: [WritableKeyPath<CellResult, RolloutComparison>] { [\.train, \.test, \.backward, \.long] }

    /// This result with `transform` applied to the model's and both baselines' scores of every evaluation.
    func mapScores(_ transform: (RolloutScores) -> RolloutScores) -> CellResult {
        var copy = self
        for path in Self.evaluations {
            copy[keyPath: path].model = transform(self[keyPath: path].model)
            copy[keyPath: path].meanFrame = transform(self[keyPath: path].meanFrame)
            copy[keyPath: path].lastFrame = transform(self[keyPath: path].lastFrame)
        }
        return copy
    }
}

/// The four evaluations of a cell, in the order the table shows them.
public enum Evaluation: String, CaseIterable, Codable, Sendable {
    /// Forward rollouts on the first sequences of `train`.
    case train
    /// Forward rollouts on every `test` sequence: Table 1's number.
    case test
    /// Backward rollouts on every `test` sequence.
    case backward
    /// Forward rollouts on every `long` sequence.
    case long
}

/// What `hgnbench train --evaluate valid` writes (`valid.json` in the run's folder): the model's forward rollouts on
/// every `valid` sequence beside the baselines. Every choice of settings (recipe, steps, learning rate, rollout
/// mode) is made on these numbers; `test` is scored once, by the finished table cell.
public struct ValidationResult: Codable {
    /// The layout version of `valid.json`.
    public var schemaVersion = 1
    public var row: String
    public var system: SystemKind
    public var profile: TableProfile
    public var seed: UInt64
    public var steps: Int
    /// The training recipe the run used.
    public var training: TrainingConfiguration
    /// The posterior-sample seed of the rollouts (`nil`: the posterior mean, or a deterministic model).
    public var rolloutSampleSeed: UInt64?
    /// Wall-clock seconds the evaluation took.
    public var evaluationSeconds: Double
    public var valid: RolloutComparison

    /// The file name inside the run's folder.
    public static let fileName = "valid.json"
}
