import Foundation
import Support
import Training

/// Runs a ``RecipeSearchPlan``: every candidate of every model, with every seed of the plan, as its own resumable
/// run in `<work>/runs/<profile>/<system>/<row>-<candidate>/seed-<seed>` (the folder `hgnbench train --run-name
/// <row>-<candidate>` uses), trained with the candidate's recipe and scored on every `valid` sequence (`valid.json`).
/// A run whose `valid.json` exists is finished and skipped; an interrupted one resumes from its checkpoint (bit for
/// bit, as every table cell). After each finished run the summary (``RecipeSearchSummary``) is rewritten. Once a
/// variational model's candidates are all finished, its chosen recipe is also scored from the posterior mean
/// (``checkRolloutModes(_:)``), so that the rollout mode is chosen on `valid` too.
public struct RecipeSearch {
    public var plan: RecipeSearchPlan
    /// The plan's path, as the summary names it.
    public var planPath: String
    /// Folder of the generated dataset and of the runs.
    public var workFolder: String
    /// Folder of the summary (`<plan name>.md`, `<plan name>.csv`).
    public var outputFolder: String
    /// Progress and warnings.
    public var log: (String) -> Void

    public init(
        plan: RecipeSearchPlan, planPath: String, workFolder: String, outputFolder: String,
        log: @escaping (String) -> Void = TableFiles.log
    ) {
        self.plan = plan
        self.planPath = planPath
        self.workFolder = workFolder
        self.outputFolder = outputFolder
        self.log = log
    }

    /// One training run: a candidate of a model, trained with one seed.
    public struct Run: Sendable, CustomStringConvertible {
        public var model: RecipeSearchPlan.ModelRecipes
        public var candidate: RecipeCandidate
        public var seed: UInt64

        /// `hgn-leapfrog lr3e-4-beta1e-4 seed 1`.
        public var description: String { "\(model.row) \(candidate.name) seed \(seed)" }
    }

    /// Every run, interleaved so that every model progresses: the first candidate of each model, then the second of
    /// each, and so on (a candidate's seeds one after the other). The order of `hgnbench search --run` indices.
    public var runs: [Run] {
        let depth = plan.models.map(\.candidates.count).max() ?? 0
        return (0..<depth).flatMap { index in
            plan.models.flatMap { model in
                index < model.candidates.count
                    ? plan.seeds.map { Run(model: model, candidate: model.candidates[index], seed: $0) } : []
            }
        }
    }

    /// The folder a run trains and keeps its `valid.json` in.
    public func directory(of run: Run) -> String {
        TableFiles.join(
            workFolder, "runs", plan.profile.rawValue, PresetVariant.standard.name(of: plan.system),
            plan.runName(of: run.model, run.candidate), "seed-\(run.seed)")
    }

    /// The trainer of a run on `dataset`.
    public func trainCell(_ run: Run, dataset: String) throws(RecipeSearchError) -> TrainCell {
        var cell = TrainCell(
            choice: try plan.choice(of: run.model), system: plan.system, profile: plan.profile, dataset: dataset,
            directory: directory(of: run), seed: run.seed)
        cell.training = plan.recipe(of: run.model, run.candidate, seed: run.seed)
        cell.settingsOverride = plan.settings(of: run.model, run.candidate)
        return cell
    }

    /// The file beside `valid.json` in which a run of a model's chosen recipe is scored again from the posterior
    /// mean (the rollout-mode check, ``checkRolloutModes(_:)``).
    public static let posteriorMeanFile = "valid-posterior-mean.json"

    /// Whether the profile rolls a model's row out from a posterior sample: a variational HGN at a profile with
    /// a rollout sample seed. Only such a row has a rollout mode to choose.
    public func rollsOutFromSample(_ model: RecipeSearchPlan.ModelRecipes) -> Bool {
        guard let choice = try? plan.choice(of: model) else { return false }
        return choice.kind == .hgn && choice.variant != .deterministic
            && plan.profile.settings.hgnRolloutSampleSeed != nil
    }

    /// The rollout mode is a setting too, so it is chosen on `valid` like the recipe: once every candidate of a
    /// model that rolls out from a posterior sample is finished, each seed's run of the chosen candidate is scored
    /// again on every `valid` sequence from the posterior mean (no training: the run is complete), into
    /// ``posteriorMeanFile``; the summary compares the two modes on the same sequences. Returns whether any run
    /// was scored.
    @discardableResult
    public func checkRolloutModes(_ summary: RecipeSearchSummary) throws -> Bool {
        var scored = false
        for (recipes, model) in zip(plan.models, summary.models) where rollsOutFromSample(recipes) {
            guard model.finished == model.candidates.count, let chosen = model.chosen,
                let candidate = recipes.candidates.first(where: { $0.name == chosen })
            else { continue }
            for seed in plan.seeds {
                let run = Run(model: recipes, candidate: candidate, seed: seed)
                guard posteriorMeanResult(of: run) == nil else { continue }
                let dataset = try TrainDatasets.ensure(
                    system: plan.system, profile: plan.profile, root: workFolder, log: log)
                var cell = try trainCell(run, dataset: dataset)
                cell.rollout = .posteriorMean
                log("[\(run)] the chosen recipe scored on valid from the posterior mean (the rollout-mode check)")
                try cell.runValidation(
                    meanFrame: try BaselinePredictor.meanFrame(folder: dataset), fileName: Self.posteriorMeanFile,
                    log: log)
                scored = true
            }
        }
        return scored
    }

    /// A run's ``posteriorMeanFile``, if it was scored so with the run's current recipe.
    public func posteriorMeanResult(of run: Run) -> ValidationResult? {
        let path = TableFiles.join(directory(of: run), Self.posteriorMeanFile)
        guard let data = FileManager.default.contents(atPath: path),
            let result = try? JSONFormat.decoder().decode(ValidationResult.self, from: data),
            result.training == plan.recipe(of: run.model, run.candidate, seed: run.seed), result.seed == run.seed,
            result.rolloutSampleSeed == nil
        else { return nil }
        return result
    }

    /// The run's `valid.json`, if it is finished.
    ///
    /// - Throws: ``RecipeSearchError/resultOfAnotherRecipe(path:)`` when it was written with another recipe.
    public func finishedResult(of run: Run) throws(RecipeSearchError) -> ValidationResult? {
        let path = TableFiles.join(directory(of: run), ValidationResult.fileName)
        guard let data = FileManager.default.contents(atPath: path),
            let result = try? JSONFormat.decoder().decode(ValidationResult.self, from: data)
        else { return nil }
        let recipe = plan.recipe(of: run.model, run.candidate, seed: run.seed)
        guard result.training == recipe, result.steps == recipe.steps, result.seed == run.seed else {
            throw .resultOfAnotherRecipe(path: path)
        }
        return result
    }

    /// The step of an unfinished run's last checkpoint (`nil`: not started).
    public func checkpointStep(of run: Run) -> Int? {
        struct Log: Decodable { var sessions: [TrainingSession] }
        guard
            let data = FileManager.default.contents(
                atPath: TableFiles.join(directory(of: run), Trainer.FileName.log)),
            let saved = try? JSONFormat.decoder().decode(Log.self, from: data)
        else { return nil }
        return saved.sessions.map(\.toStep).max()
    }

    /// Trains (resuming) and scores a run unless it is finished; returns its `valid.json`.
    @discardableResult
    public func run(_ run: Run) throws -> ValidationResult {
        if let finished = try finishedResult(of: run) {
            log("[\(run)] finished earlier: skipped")
            return finished
        }
        let dataset = try TrainDatasets.ensure(
            system: plan.system, profile: plan.profile, root: workFolder, log: log)
        let cell = try trainCell(run, dataset: dataset)
        log("[\(run)] \(run.candidate.why)")
        let meanFrame = try BaselinePredictor.meanFrame(folder: dataset)
        return try cell.runValidation(meanFrame: meanFrame, log: log).0
    }

    /// Runs every unfinished run in ``runs`` order, rewriting the summary before the first and after each. Once
    /// `launchWindow` seconds have passed since the call, no new run starts (the one running finishes).
    public func runAll(launchWindow: Double? = nil) throws {
        log("load average: \(LoadAverage.currentText)")
        let start = Date()
        try writeSummary()
        for run in runs where try finishedResult(of: run) == nil {
            try StopRequest.check()
            if let launchWindow, Date().timeIntervalSince(start) >= launchWindow {
                log(
                    String(
                        format: "the launch window (%.0f min) has passed: no new run started; run the same command "
                            + "again to continue", launchWindow / 60))
                break
            }
            try self.run(run)
            try writeSummary()
        }
        if try checkRolloutModes(writeSummary()) { try writeSummary() }
    }

    /// What every candidate's runs have left: finished seeds' `valid.json`, checkpoints, training time.
    public func states() throws(RecipeSearchError) -> [String: RecipeSearchSummary.CandidateRuns] {
        var states: [String: RecipeSearchSummary.CandidateRuns] = [:]
        for run in runs {
            let name = plan.runName(of: run.model, run.candidate)
            var state = states[name] ?? RecipeSearchSummary.CandidateRuns()
            if let result = try finishedResult(of: run) {
                state.results[run.seed] = result
                state.posteriorMeanResults[run.seed] = posteriorMeanResult(of: run)
                if let record = TableRun.record(in: directory(of: run)) {
                    state.trainingSeconds[run.seed] = record.sessions.reduce(0) { $0 + $1.seconds }
                }
            } else if let step = checkpointStep(of: run) {
                state.checkpointSteps[run.seed] = step
            }
            states[name] = state
        }
        return states
    }

    /// The summary of the runs so far, written to `<out>/<plan name>.md` and `.csv`.
    @discardableResult
    public func writeSummary() throws -> RecipeSearchSummary {
        let summary = RecipeSearchSummary(
            plan: plan, states: try states(), command: "hgnbench search --plan \(planPath)")
        try TableFiles.writeText(summary.markdown, to: TableFiles.join(outputFolder, "\(plan.name).md"))
        try TableFiles.writeText(summary.csv, to: TableFiles.join(outputFolder, "\(plan.name).csv"))
        log("summary written to \(TableFiles.join(outputFolder, plan.name)).md and .csv")
        return summary
    }
}
