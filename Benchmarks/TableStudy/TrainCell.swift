import Checkpoints
import Training
import Systems
import Foundation
import Models
import Tensor
import Support

/// What a benchmark cell trains: HGN with an integrator and its ablations, or PixelHNN.
public struct ModelChoice: Hashable, Codable, Sendable {
    /// `hgn` or `pixelhnn`.
    public enum Kind: String, CaseIterable, Codable, Sendable { case hgn, pixelhnn }
    /// HGN's ablations.
    public enum Variant: String, CaseIterable, Codable, Sendable {
        case standard, noFpsi = "no-fpsi", deterministic
    }

    public var kind: Kind
    public var integrator: LatentIntegrator
    public var variant: Variant

    public init(kind: Kind, integrator: LatentIntegrator, variant: Variant) {
        self.kind = kind
        self.integrator = integrator
        self.variant = variant
    }

    /// The rows of Table 1, in order.
    public static let tableRows: [ModelChoice] = [
        ModelChoice(kind: .hgn, integrator: .leapfrog, variant: .standard),
        ModelChoice(kind: .hgn, integrator: .euler, variant: .standard),
        ModelChoice(kind: .hgn, integrator: .rk4, variant: .standard),
        ModelChoice(kind: .hgn, integrator: .leapfrog, variant: .noFpsi),
        ModelChoice(kind: .hgn, integrator: .leapfrog, variant: .deterministic),
        ModelChoice(kind: .pixelhnn, integrator: .rk4, variant: .standard),
    ]

    /// The row name: `hgn-leapfrog`, `hgn-euler`, `hgn-rk4`, `hgn-no-fpsi`, `hgn-deterministic`, `pixelhnn` (other
    /// combinations spell out the integrator, e.g. `hgn-rk4-deterministic`).
    public var name: String {
        switch (kind, variant) {
        case (.pixelhnn, _): return "pixelhnn"
        case (.hgn, .standard): return "hgn-\(integrator.rawValue)"
        case (.hgn, _):
            return "hgn" + (integrator == .leapfrog ? "" : "-\(integrator.rawValue)") + "-\(variant.rawValue)"
        }
    }

    /// The model at `settings`' sizes for frames of `system`.
    public func makeModel(settings: ProfileSettings, system: SystemKind, seed: UInt64) throws -> any VideoDynamicsModel {
        switch kind {
        case .pixelhnn:
            var configuration = settings.pixelHNN
            configuration.coordinates = system.descriptor.positionCount
            configuration.seed = seed
            return try PixelHNN(configuration: configuration)
        case .hgn:
            var configuration = settings.hgn
            configuration.integrator = integrator
            configuration.usesTransformer = variant != .noFpsi
            configuration.isVariational = variant != .deterministic
            configuration.seed = seed
            let model = try HamiltonianGenerativeNetwork(configuration: configuration)
            if configuration.isVariational { model.rolloutSampleSeed = settings.hgnRolloutSampleSeed }
            return model
        }
    }

    /// The recipe: every HGN row shares one; PixelHNN keeps the HNN paper's optimiser settings.
    public func training(settings: ProfileSettings) -> TrainingConfiguration {
        kind == .pixelhnn ? settings.pixelHNNTraining : settings.hgnTraining
    }
}

/// What a finished cell leaves behind (`result.json` in its directory): the run's summary and its evaluations.
public struct CellResult: Codable {
    /// The layout version of `result.json` and of the cells of `table.json`.
    public var schemaVersion = 1
    public var row: String
    public var system: SystemKind
    public var profile: TableProfile
    public var parameterCount: Int
    public var steps: Int
    public var trainingSeconds: Double
    public var secondsPerStep: Double
    /// Median duration of one step.
    public var medianSecondsPerStep: Double?
    /// Mean pixel MSE of the last 50 training steps.
    public var finalTrainingMeanSquaredError: Double
    /// Forward rollouts on train and test, backward rollouts on test, forward rollouts on `long`.
    public var train: RolloutComparison
    public var test: RolloutComparison
    public var backward: RolloutComparison
    public var long: RolloutComparison
}

/// One cell of the table (a model on a system): trains resumably in `directory`, then evaluates. A cell whose
/// `result.json` exists is finished and is not run again.
public struct TrainCell {
    public let choice: ModelChoice
    public let system: SystemKind
    public let profile: TableProfile
    public let dataset: String
    public let directory: String
    /// Overrides the profile's step count (`hgnbench train --steps`).
    public var steps: Int?
    /// Replaces the profile's recipe (`hgnbench train --training`).
    public var training: TrainingConfiguration?
    /// Replaces the profile's model sizes and evaluation settings (`hgnbench train --log-variance-shift`).
    public var settingsOverride: ProfileSettings?
    /// Evaluate a variational HGN with posterior samples of this seed instead of the mean (a diagnostic).
    public var rolloutSampleSeed: UInt64?
    /// The training seed: the model's initial weights, the order of the training data and the posterior noise.
    public var seed: UInt64

    public init(choice: ModelChoice, system: SystemKind, profile: TableProfile, dataset: String, directory: String,
                seed: UInt64 = 1, steps: Int? = nil) {
        self.choice = choice
        self.system = system
        self.profile = profile
        self.dataset = dataset
        self.directory = directory
        self.seed = seed
        self.steps = steps
    }

    /// The profile's settings, or their override.
    public var settings: ProfileSettings { settingsOverride ?? profile.settings }

    public static let resultFile = "result.json"

    public var resultPath: String { (directory as NSString).appendingPathComponent(Self.resultFile) }

    /// The stored result, if the cell is finished.
    public func finishedResult() -> CellResult? {
        guard let data = FileManager.default.contents(atPath: resultPath) else { return nil }
        return try? JSONFormat.decoder().decode(CellResult.self, from: data)
    }

    /// Trains (continuing from the cell's checkpoint if there is one) and evaluates; returns the result and the
    /// trained model (for strips).
    public func run(meanFrame: [Float], log: @escaping (String) -> Void) throws -> (CellResult, any VideoDynamicsModel) {
        let model = try choice.makeModel(settings: settings, system: system, seed: seed)
        var training = self.training ?? choice.training(settings: settings)
        training.seed = seed
        if let steps { training.steps = steps }
        let trainer = try Trainer(model: model, configuration: training, dataset: dataset, directory: directory)
        let prefix = "[\(system.rawValue) \(choice.name)] "
        if let resumed = trainer.resumedFromStep {
            log(prefix + "resuming from the checkpoint at step \(resumed) of \(training.steps)")
        } else {
            var parts = ""
            if let hgn = model as? HamiltonianGenerativeNetwork {
                parts = " (" + hgn.parameterCountsByPart.map { "\($0.part) \($0.count)" }.joined(separator: ", ") + ")"
            }
            log(prefix + "training \(model.parameters.scalarCount) parameters\(parts) for \(training.steps) steps")
        }
        let record = try trainer.train(progress: TrainingProgress.standardErrorPrinter(interval: 5, prefix: prefix))
        log(prefix + String(format: "trained: %.3f s per step (median %.3f s); evaluating", record.secondsPerStep,
                            record.medianSecondsPerStep ?? .nan))
        if let seed = rolloutSampleSeed, let hgn = model as? HamiltonianGenerativeNetwork {
            hgn.rolloutSampleSeed = seed
            log(prefix + "evaluating with posterior samples (seed \(seed)) instead of the posterior mean")
        }
        let evaluation = try EvaluateCell(dataset: dataset, settings: settings, meanFrame: meanFrame)
        let result = CellResult(
            row: choice.name, system: system, profile: profile, parameterCount: record.parameterCount,
            steps: record.completedSteps, trainingSeconds: record.sessions.reduce(0) { $0 + $1.seconds },
            secondsPerStep: record.secondsPerStep, medianSecondsPerStep: record.medianSecondsPerStep,
            finalTrainingMeanSquaredError: record.learningCurve.suffix(50).map(\.pixelMeanSquaredError)
                .reduce(0, +) / Double(max(1, min(50, record.learningCurve.count))),
            train: try evaluation.train.compare(model, meanFrame: meanFrame, direction: .forward),
            test: try evaluation.test.compare(model, meanFrame: meanFrame, direction: .forward),
            backward: try evaluation.test.compare(model, meanFrame: meanFrame, direction: .backward),
            long: try evaluation.long.compare(model, meanFrame: meanFrame, direction: .forward))
        try TableFiles.writeJSON(result, to: resultPath)
        withExtendedLifetime(trainer) {}  // its claim on the folder covers the evaluation and result.json too
        log(prefix + String(format: "test MSE %.2fe-4 (mean-frame %.2fe-4, last-frame %.2fe-4), VPT %.1f steps",
                            result.test.model.meanSquaredError * 1e4, result.test.meanFrame.meanSquaredError * 1e4,
                            result.test.lastFrame.meanSquaredError * 1e4, result.test.model.validPredictionTime))
        return (result, model)
    }

    /// The trained model of a finished cell, restored from its checkpoint (for strips).
    public func restoredModel() throws -> any VideoDynamicsModel {
        let model = try choice.makeModel(settings: settings, system: system, seed: seed)
        try Checkpoint.load(from: (directory as NSString).appendingPathComponent(Trainer.FileName.checkpoint),
                            into: model.parameters, strict: true)
        return model
    }
}
