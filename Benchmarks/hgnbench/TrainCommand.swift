import ArgumentParser
import Foundation
import Models
import Support
import Systems
import TableStudy
import Training

/// `hgnbench train`: trains one model on one system (resuming its checkpoint), scores it on `valid` (the default:
/// for choosing settings) or, once chosen, on `test` like a table cell, and writes a strip of true and predicted
/// frames.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train and evaluate one HGN variant or PixelHNN on one system.",
        discussion: """
            Generates the system's dataset at the profile's sizes if it is missing (into <work>/<system>-<profile>), \
            trains in <work>/runs/<profile>/<preset>/<run-name>/seed-<seed> (<preset>: the system, or \
            <system>-noisy with --noisy; checkpoints every few steps; run the \
            same command again to resume an interrupted run), then scores it:
              --evaluate valid (default): forward rollouts on every valid sequence beside the baselines, written \
            to valid.json. Every choice of settings (recipe, steps, learning rate, rollout mode) is made by comparing \
            the valid.json of runs that differ in it (one --run-name per setting tried).
              --evaluate test: what a finished table cell does (every test sequence forward and backward, the first \
            train sequences, long), written to result.json. Score test once, for the settings chosen on valid.
            Also writes strip.png, learning-curve.png and mse-by-step.png. Release builds only for real runs:
              swift build -c release --product hgnbench
              .build/release/hgnbench train --model hgn --integrator leapfrog --system pendulum --profile small
            """)

    @Option(help: "The model.")
    var model: ModelChoice.Kind = .hgn

    @Option(help: "HGN's latent integrator.")
    var integrator: LatentIntegrator = .leapfrog

    @Option(help: "HGN's ablation.")
    var variant: ModelChoice.Variant = .standard

    @Option(
        help: ArgumentHelp("The system (\(SystemList.known)).", valueName: "name"),
        transform: { try SystemKind.named($0) })
    var system: SystemKind = .pendulum

    @OptionGroup var cellOptions: TableCellOptions

    @Option(help: "The training seed (model weights, data order, posterior noise).")
    var seed: UInt64 = 1

    @Option(help: "Override the profile's number of training steps (a finished run with fewer steps continues).")
    var steps: Int?

    @Option(help: "Train on this dataset folder instead of the profile's generated one.")
    var dataset: String?

    @Flag(help: "Train on the system's -noisy preset (per-frame observation noise) instead of the standard one.")
    var noisy = false

    @Option(
        help: ArgumentHelp(
            "A JSON file with the whole training configuration, replacing the profile's recipe (for recipe searches).",
            discussion: "The properties of Training.TrainingConfiguration in snake_case, e.g. {\"steps\": 800, "
                + "\"batch_size\": 16, \"learning_rate\": 3e-4, \"curriculum\": [{\"from_step\": 0, \"frames\": 8}], "
                + "\"kl_weighting\": {\"fixed\": {\"beta\": 0.001}}, \"reconstruction\": \"sum-squared-error\", ...}"))
    var training: String?

    @Option(
        help: ArgumentHelp(
            "Add this constant to HGN's posterior log-variance (HGNConfiguration.posteriorLogVarianceShift).",
            discussion: "Negative values start the posterior narrow; the default is the profile's."))
    var logVarianceShift: Double?

    @Option(help: "Roll a variational HGN out from posterior samples of this seed (default: the profile's way).")
    var rolloutSampleSeed: UInt64?

    @Flag(help: "Roll a variational HGN out from the posterior mean (default: the profile's way).")
    var rolloutFromMean = false

    /// Which split scores the run.
    enum Split: String, ExpressibleByArgument, CaseIterable { case valid, test }

    @Option(
        help: "Score the trained model on valid (choosing settings; valid.json) or test (a finished cell; result.json)."
    )
    var evaluate: Split = .valid

    @Option(help: "Name of the run folder (default: the model's row name); use one per recipe tried.")
    var runName: String?

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
        if rolloutFromMean && rolloutSampleSeed != nil {
            throw ValidationError("--rollout-from-mean and --rollout-sample-seed are two rollout modes: choose one")
        }
    }

    func run() throws {
        HGNBench.stopOnSignals()
        #if DEBUG
            TableFiles.log("warning: a debug build; its timings are not representative (swift build -c release)")
        #endif
        let choice = ModelChoice(
            kind: model, integrator: model == .pixelhnn ? .rk4 : integrator,
            variant: model == .pixelhnn ? .standard : variant)
        let profile = cellOptions.profile, work = cellOptions.work
        let variant: PresetVariant = noisy ? .noisy : .standard
        let folder =
            try dataset
            ?? TrainDatasets.ensure(
                system: system, profile: profile, variant: variant, root: work,
                log: TableFiles.log)
        let directory = TableFiles.join(
            work, "runs", profile.rawValue, variant.name(of: system), runName ?? choice.name,
            "seed-\(seed)")
        var cell = TrainCell(
            choice: choice, system: system, profile: profile, dataset: folder, directory: directory,
            seed: seed, steps: steps)
        if let logVarianceShift {
            var settings = profile.settings
            settings.hgn.posteriorLogVarianceShift = logVarianceShift
            cell.settingsOverride = settings
        }
        if rolloutFromMean { cell.rollout = .posteriorMean }
        if let rolloutSampleSeed { cell.rollout = .posteriorSample(seed: rolloutSampleSeed) }
        if let training {
            guard let data = FileManager.default.contents(atPath: training) else {
                throw ValidationError("cannot read the training configuration \(training)")
            }
            do {
                cell.training = try JSONFormat.decoder().decode(TrainingConfiguration.self, from: data)
            } catch {
                throw ValidationError("\(training) is not a training configuration: \(error)")
            }
        }
        if let steps, let finished = cell.finishedResult(), finished.steps != steps {
            try FileManager.default.removeItem(atPath: cell.resultPath)
        }
        TableFiles.log("load average: \(LoadAverage.currentText)")
        let meanFrame = try BaselinePredictor.meanFrame(folder: folder)
        let trained: any VideoDynamicsModel, comparisons: [(String, RolloutComparison)], scoredOn: RolloutComparison
        let written: String
        switch evaluate {
        case .valid:
            let (result, model) = try cell.runValidation(meanFrame: meanFrame, log: TableFiles.log)
            (trained, comparisons, scoredOn, written) = (model, [("valid", result.valid)], result.valid, "valid.json")
        case .test:
            let result: CellResult
            if let finished = cell.finishedResult() {
                TableFiles.log("\(directory) is finished (delete its result.json to evaluate again)")
                (result, trained) = (finished, try cell.restoredModel())
            } else {
                (result, trained) = try cell.run(meanFrame: meanFrame, log: TableFiles.log)
            }
            comparisons = [
                ("train", result.train), ("test", result.test), ("test backward", result.backward),
                ("long", result.long),
            ]
            (scoredOn, written) = (result.test, "result.json")
        }
        let strip = try RolloutEvaluator.load(
            folder: folder, split: evaluate.rawValue, count: cell.settings.stripSequences,
            anchorFrame: cell.settings.anchorFrame, resolution: cell.settings.resolution)
        try TableFiles.writeBytes(
            try TableStrips.png(model: trained, evaluator: strip, sequences: cell.settings.stripSequences),
            to: TableFiles.join(directory, "strip.png"))
        if let record = TableRun.record(in: directory) {
            try TablePlots.learningCurves(
                system: system,
                curves: [(choice.name, TableArtifacts.curvePoints(TableArtifacts.curveBlocks(record)))],
                meanFrame: scoredOn.meanFrame.meanSquaredError
            )
            .writePNG(toFileAt: TableFiles.join(directory, "learning-curve.png"))
        }
        try TablePlots.errorByStep(
            system: system, comparisons: [(choice.name, scoredOn)],
            title: "\(scoredOn.split) pixel MSE along forward rollouts"
        )
        .writePNG(toFileAt: TableFiles.join(directory, "mse-by-step.png"))
        for (name, comparison) in comparisons {
            print(
                String(
                    format:
                        "%-13@ MSE x1e-4: model %8.2f   mean-frame %8.2f   last-frame %8.2f   VPT %.1f/%d   (%d sequences)",
                    name, comparison.model.meanSquaredError * 1e4, comparison.meanFrame.meanSquaredError * 1e4,
                    comparison.lastFrame.meanSquaredError * 1e4, comparison.model.validPredictionTime,
                    comparison.steps, comparison.model.sequences))
        }
        print("results in \(directory) (\(written), record.json, strip.png, learning-curve.png, mse-by-step.png)")
    }
}
