import Checkpoints
import Foundation
import Models
import Support
import Systems
import Tensor
import Training

/// What a benchmark cell trains: HGN with an integrator and its ablations, or PixelHNN.
public struct ModelChoice: Hashable, Codable, Sendable {
    /// `hgn` or `pixelhnn`.
    public enum Kind: String, CaseIterable, Codable, Sendable { case hgn, pixelhnn }
    /// HGN's ablations.
    public enum Variant: String, CaseIterable, Codable, Sendable {
        case standard
        case noFpsi = "no-fpsi"
        case deterministic
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
    public func makeModel(settings: ProfileSettings, system: SystemKind, seed: UInt64) throws -> any VideoDynamicsModel
    {
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

/// One cell of the table (a model on a system with one training seed): trains resumably in `directory`, then is
/// scored on `valid` (for choosing settings, `valid.json`) or, once finished, on `test` (`result.json`). A cell whose
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
    /// How a variational HGN is rolled out, when not the profile's way (`hgnbench train --rollout`).
    public var rollout: RolloutMode?
    /// The training seed: the model's initial weights, the order of the training data and the posterior noise.
    public var seed: UInt64

    /// How a variational HGN predicts: from the posterior mean, or from one posterior sample drawn with a seed.
    public enum RolloutMode: Equatable, Sendable {
        case posteriorMean
        case posteriorSample(seed: UInt64)
    }

    public init(
        choice: ModelChoice, system: SystemKind, profile: TableProfile, dataset: String, directory: String,
        seed: UInt64 = 1, steps: Int? = nil
    ) {
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

    /// The recipe the cell trains with.
    public var recipe: TrainingConfiguration {
        var training = self.training ?? choice.training(settings: settings)
        training.seed = seed
        if let steps { training.steps = steps }
        return training
    }

    private var prefix: String { "[\(system.rawValue) \(choice.name) seed \(seed)] " }

    /// Trains (continuing from the cell's checkpoint if there is one, doing nothing when it is complete) and returns
    /// the run's record, the trained model, set to roll out as ``rollout`` says, and the trainer (whose claim on the
    /// folder should outlive the evaluation that follows).
    public func train(log: @escaping (String) -> Void) throws -> (TrainingRecord, any VideoDynamicsModel, Trainer) {
        let model = try choice.makeModel(settings: settings, system: system, seed: seed)
        let training = recipe
        let trainer = try Trainer(model: model, configuration: training, dataset: dataset, directory: directory)
        if let resumed = trainer.resumedFromStep {
            if resumed < training.steps {
                log(prefix + "resuming from the checkpoint at step \(resumed) of \(training.steps)")
            }
        } else {
            var parts = ""
            if let hgn = model as? HamiltonianGenerativeNetwork {
                parts = " (" + hgn.parameterCountsByPart.map { "\($0.part) \($0.count)" }.joined(separator: ", ") + ")"
            }
            log(prefix + "training \(model.parameters.scalarCount) parameters\(parts) for \(training.steps) steps")
        }
        let record = try trainer.train(progress: TrainingProgress.standardErrorPrinter(interval: 5, prefix: prefix))
        log(
            prefix
                + String(
                    format: "trained: %.3f s per step (median %.3f s)", record.secondsPerStep,
                    record.medianSecondsPerStep ?? .nan))
        apply(rollout, to: model, log: log)
        return (record, model, trainer)
    }

    /// Sets a variational HGN's rollout mode.
    private func apply(_ mode: RolloutMode?, to model: any VideoDynamicsModel, log: (String) -> Void) {
        guard let mode, let hgn = model as? HamiltonianGenerativeNetwork, hgn.configuration.isVariational else {
            return
        }
        switch mode {
        case .posteriorMean:
            hgn.rolloutSampleSeed = nil
            log(prefix + "rolling out from the posterior mean")
        case .posteriorSample(let seed):
            hgn.rolloutSampleSeed = seed
            log(prefix + "rolling out from posterior samples of seed \(seed)")
        }
    }

    /// The rollout sample seed a model uses (`nil`: the posterior mean, or not variational).
    static func rolloutSampleSeed(of model: any VideoDynamicsModel) -> UInt64? {
        guard let hgn = model as? HamiltonianGenerativeNetwork, hgn.configuration.isVariational else { return nil }
        return hgn.rolloutSampleSeed
    }

    /// Trains (resuming) and scores the model on every `valid` sequence; writes `valid.json`. The protocol's way to
    /// choose a setting: compare the `valid.json` of runs that differ in it.
    /// `fileName` (default `valid.json`) names the file, so that one trained run can be scored in several ways
    /// (the recipe search scores its chosen variational recipe from the posterior mean too).
    @discardableResult
    public func runValidation(
        meanFrame: [Float], fileName: String = ValidationResult.fileName, log: @escaping (String) -> Void
    ) throws
        -> (ValidationResult, any VideoDynamicsModel)
    {
        let (record, model, trainer) = try train(log: log)
        let start = Date()
        let comparison = try EvaluateCell.valid(dataset: dataset, settings: settings)
            .compare(model, meanFrame: meanFrame, direction: .forward)
        let result = ValidationResult(
            row: choice.name, system: system, profile: profile, seed: seed, steps: record.completedSteps,
            training: record.training, rolloutSampleSeed: Self.rolloutSampleSeed(of: model),
            evaluationSeconds: Date().timeIntervalSince(start), valid: comparison)
        try TableFiles.writeJSON(result, to: TableFiles.join(directory, fileName))
        withExtendedLifetime(trainer) {}  // its claim on the folder covers the evaluation and valid.json too
        log(
            prefix
                + String(
                    format: "valid MSE %.2fe-4 over %d sequences (mean-frame %.2fe-4)",
                    comparison.model.meanSquaredError * 1e4, comparison.model.sequences,
                    comparison.meanFrame.meanSquaredError * 1e4))
        return (result, model)
    }

    /// Trains (continuing from the cell's checkpoint if there is one) and scores the finished model on `test` (every
    /// sequence, forward and backward), the first `train` sequences and `long`; writes `result.json`. Returns the
    /// result and the trained model (for strips).
    public func run(meanFrame: [Float], log: @escaping (String) -> Void) throws -> (CellResult, any VideoDynamicsModel)
    {
        let (record, model, trainer) = try train(log: log)
        log(prefix + "evaluating on test (every sequence), train, backward and long")
        let (comparisons, seconds) = try EvaluateCell(dataset: dataset, settings: settings)
            .compare(model, meanFrame: meanFrame, progress: { log(prefix + $0) })
        func comparison(_ evaluation: Evaluation) throws -> RolloutComparison {
            guard let value = comparisons[evaluation] else { preconditionFailure("every evaluation is run") }
            return value
        }
        let result = CellResult(
            row: choice.name, system: system, profile: profile, seed: seed, parameterCount: record.parameterCount,
            steps: record.completedSteps, trainingSeconds: record.sessions.reduce(0) { $0 + $1.seconds },
            secondsPerStep: record.secondsPerStep, medianSecondsPerStep: record.medianSecondsPerStep,
            finalTrainingMeanSquaredError: record.learningCurve.suffix(50).map(\.pixelMeanSquaredError)
                .reduce(0, +) / Double(max(1, min(50, record.learningCurve.count))),
            evaluationSeconds: seconds, train: try comparison(.train), test: try comparison(.test),
            backward: try comparison(.backward), long: try comparison(.long))
        try TableFiles.writeJSON(result, to: resultPath)
        withExtendedLifetime(trainer) {}  // its claim on the folder covers the evaluation and result.json too
        log(
            prefix
                + String(
                    format: "test MSE %.2fe-4 over %d sequences (mean-frame %.2fe-4), evaluated in %.0f s",
                    result.test.model.meanSquaredError * 1e4, result.test.model.sequences,
                    result.test.meanFrame.meanSquaredError * 1e4, seconds))
        return (result, model)
    }

    /// The trained model of a finished cell, restored from its checkpoint (for strips and checks), rolling out as
    /// the profile says; `integrator` replaces HGN's latent integrator (the same weights, another integrator).
    public func restoredModel(integrator: LatentIntegrator? = nil) throws -> any VideoDynamicsModel {
        var choice = self.choice
        if let integrator { choice.integrator = integrator }
        let model = try choice.makeModel(settings: settings, system: system, seed: seed)
        try Checkpoint.load(
            from: (directory as NSString).appendingPathComponent(Trainer.FileName.checkpoint),
            into: model.parameters, strict: true)
        apply(rollout, to: model, log: { _ in })
        return model
    }
}
