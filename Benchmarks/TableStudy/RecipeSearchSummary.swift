import BenchmarkStatistics
import Foundation
import Training

/// The comparison of a recipe search's candidates on `valid` (`<plan name>.md` and `.csv`): per model and candidate
/// the valid pixel MSE with a 95% interval over sequences, the paired difference to the candidate with the lowest
/// valid MSE with the table's bootstrap interval (``PairedBootstrap``), and the recipe chosen.
///
/// **The choice.** Only finished candidates (every seed of the plan scored) compete. The chosen recipe is the one
/// with the lowest valid MSE, unless another finished candidate is not resolved from it (its paired interval
/// contains 0) and is the profile's current recipe (kept: replacing it needs evidence) or, failing that, trains
/// fewer steps (cheaper). Until every candidate of a model is finished, its choice is marked provisional.
public struct RecipeSearchSummary {
    /// What the runs of one candidate have left.
    public struct CandidateRuns {
        /// `valid.json` of every finished seed.
        public var results: [UInt64: ValidationResult] = [:]
        /// The last checkpoint's step of every unfinished seed that has one.
        public var checkpointSteps: [UInt64: Int] = [:]
        /// Training seconds of every finished seed (all its sittings).
        public var trainingSeconds: [UInt64: Double] = [:]
        /// The same runs scored from the posterior mean (`valid-posterior-mean.json`; the chosen recipe of a model
        /// that rolls out from a posterior sample).
        public var posteriorMeanResults: [UInt64: ValidationResult] = [:]

        public init(
            results: [UInt64: ValidationResult] = [:], checkpointSteps: [UInt64: Int] = [:],
            trainingSeconds: [UInt64: Double] = [:], posteriorMeanResults: [UInt64: ValidationResult] = [:]
        ) {
            self.results = results
            self.checkpointSteps = checkpointSteps
            self.trainingSeconds = trainingSeconds
            self.posteriorMeanResults = posteriorMeanResults
        }
    }

    /// How a finished candidate compares with the lowest.
    public enum Verdict: String, Equatable, Sendable {
        /// It has the lowest valid MSE.
        case lowest
        /// Its paired interval against the lowest lies above 0.
        case above = "above the lowest"
        /// Its paired interval against the lowest contains 0.
        case notResolved = "not resolved from the lowest"
    }

    /// One candidate's line.
    public struct Candidate: Equatable, Sendable {
        public var row: String
        public var name: String
        public var runName: String
        public var why: String
        /// The recipe (seed: the plan's first).
        public var recipe: TrainingConfiguration
        /// HGN's posterior log-variance shift (`nil`: not an HGN).
        public var logVarianceShift: Double?
        /// Whether it is the profile's current recipe.
        public var isProfileRecipe: Bool
        /// Whether every seed is scored.
        public var isFinished: Bool
        /// `finished`, `not started`, or which seeds are where.
        public var status: String
        /// Valid sequences per seed.
        public var sequences: Int?
        /// Mean over seeds of each seed's mean over the valid sequences.
        public var mean: Double?
        /// 95% Student-t interval over sequences (each sequence's error averaged over seeds).
        public var interval: ConfidenceInterval?
        /// The mean frame's valid MSE on the same sequences.
        public var meanFrame: Double?
        /// Mean training minutes per seed.
        public var trainingMinutes: Double?
        /// This candidate's MSE minus the lowest one's, paired by seed and sequence, and its bootstrap interval.
        public var difference: Double?
        public var differenceInterval: ConfidenceInterval?
        public var verdict: Verdict?
        /// Whether it is the model's chosen recipe.
        public var isChosen = false
    }

    /// The chosen recipe rolled out both ways on the same valid sequences: from the profile's posterior sample and
    /// from the posterior mean.
    public struct RolloutCheck: Equatable, Sendable {
        /// The posterior-sample seed of the profile's rollouts.
        public var sampleSeed: UInt64
        /// Valid MSE from the sample and from the mean (mean over seeds of each seed's mean over sequences).
        public var sample: Double
        public var posteriorMean: Double
        /// sample − mean, paired by seed and sequence, with the bootstrap interval.
        public var difference: Double
        public var interval: ConfidenceInterval
        /// The claim "the sample below the mean", judged as the table's orderings are (negligible band: 1% of the
        /// mean's MSE).
        public var verdict: OrderingVerdict
    }

    /// One model's candidates and choice.
    public struct Model: Equatable, Sendable {
        public var row: String
        public var base: TrainingConfiguration
        public var candidates: [Candidate]
        /// The baselines' valid MSE (from any finished candidate: they are the same sequences).
        public var meanFrame: Double?
        public var lastFrame: Double?
        /// The chosen candidate's name and why (`nil` while none is finished).
        public var chosen: String?
        public var reason: String?
        /// The rollout-mode check of the chosen recipe (`nil`: not a sampled model, or not scored yet).
        public var rolloutCheck: RolloutCheck?
        /// Finished candidates.
        public var finished: Int { candidates.filter(\.isFinished).count }
    }

    public var plan: RecipeSearchPlan
    public var command: String
    public var bootstrap: PairedBootstrap
    public var models: [Model]

    /// Compares the candidates of every model from what their runs left (`states`, keyed by run name).
    public init(
        plan: RecipeSearchPlan, states: [String: CandidateRuns], command: String,
        bootstrap: PairedBootstrap = .table
    ) {
        self.plan = plan
        self.command = command
        self.bootstrap = bootstrap
        models = plan.models.map { Self.model($0, plan: plan, states: states, bootstrap: bootstrap) }
    }

    private static func model(
        _ recipes: RecipeSearchPlan.ModelRecipes, plan: RecipeSearchPlan, states: [String: CandidateRuns],
        bootstrap: PairedBootstrap
    ) -> Model {
        let profileRecipe = plan.candidate(matchingProfileOf: recipes)?.name
        var errors: [String: [[Double]]] = [:]  // finished candidates: [seed][sequence]
        var candidates: [Candidate] = recipes.candidates.map { candidate in
            let runName = plan.runName(of: recipes, candidate)
            let state = states[runName] ?? CandidateRuns()
            let recipe = plan.recipe(of: recipes, candidate, seed: plan.seeds[0])
            var line = Candidate(
                row: recipes.row, name: candidate.name, runName: runName, why: candidate.why, recipe: recipe,
                logVarianceShift: plan.logVarianceShift(of: recipes, candidate),
                isProfileRecipe: candidate.name == profileRecipe, isFinished: false,
                status: status(state, seeds: plan.seeds, steps: recipe.steps))
            let results = plan.seeds.compactMap { state.results[$0] }
            let perSequence = results.compactMap(\.valid.model.perSequence)
            guard results.count == plan.seeds.count, perSequence.count == results.count,
                let first = perSequence.first, !first.isEmpty, perSequence.allSatisfy({ $0.count == first.count })
            else { return line }
            line.isFinished = true
            line.sequences = first.count
            line.mean = TableStatistics.mean(perSequence.map(TableStatistics.mean))
            let bySequence = (0..<first.count).map { i in TableStatistics.mean(perSequence.map { $0[i] }) }
            line.interval = TableStatistics.tInterval(bySequence)
            line.meanFrame = TableStatistics.mean(results.map(\.valid.meanFrame.meanSquaredError))
            let seconds = plan.seeds.compactMap { state.trainingSeconds[$0] }
            if !seconds.isEmpty { line.trainingMinutes = TableStatistics.mean(seconds) / 60 }
            errors[candidate.name] = perSequence
            return line
        }
        let firstFinished = recipes.candidates.lazy.compactMap { states[plan.runName(of: recipes, $0)] }
            .compactMap { state in plan.seeds.lazy.compactMap { state.results[$0] }.first }.first
        var model = Model(
            row: recipes.row, base: recipes.base, candidates: candidates,
            meanFrame: firstFinished?.valid.meanFrame.meanSquaredError,
            lastFrame: firstFinished?.valid.lastFrame.meanSquaredError)
        guard
            let lowest = candidates.filter(\.isFinished).min(by: { ($0.mean ?? .infinity) < ($1.mean ?? .infinity) }),
            let lowestErrors = errors[lowest.name]
        else { return model }
        for index in candidates.indices where candidates[index].isFinished {
            guard let own = errors[candidates[index].name], own.first?.count == lowestErrors.first?.count else {
                continue
            }
            if candidates[index].name == lowest.name {
                candidates[index].verdict = .lowest
                continue
            }
            let differences = zip(own, lowestErrors).map { zip($0, $1).map { $0 - $1 } }
            let interval = bootstrap.interval(differences)
            candidates[index].difference = TableStatistics.mean(differences.map(TableStatistics.mean))
            candidates[index].differenceInterval = interval
            candidates[index].verdict = interval.lower > 0 ? .above : .notResolved
        }
        let (chosen, reason) = choose(candidates, lowest: lowest.name)
        for index in candidates.indices { candidates[index].isChosen = candidates[index].name == chosen }
        model.candidates = candidates
        model.chosen = chosen
        model.reason = reason
        if let runName = candidates.first(where: \.isChosen)?.runName, let state = states[runName] {
            model.rolloutCheck = rolloutCheck(state, seeds: plan.seeds, bootstrap: bootstrap)
        }
        return model
    }

    /// The comparison of the two rollout modes, when every seed was scored both ways (from a sample in
    /// `valid.json`, from the mean beside it).
    static func rolloutCheck(_ state: CandidateRuns, seeds: [UInt64], bootstrap: PairedBootstrap) -> RolloutCheck? {
        let pairs = seeds.compactMap { seed -> ([Double], [Double], UInt64)? in
            guard let sampled = state.results[seed], let sampleSeed = sampled.rolloutSampleSeed,
                let mean = state.posteriorMeanResults[seed], mean.rolloutSampleSeed == nil,
                let a = sampled.valid.model.perSequence, let b = mean.valid.model.perSequence, a.count == b.count,
                !a.isEmpty
            else { return nil }
            return (a, b, sampleSeed)
        }
        guard pairs.count == seeds.count, let first = pairs.first, pairs.allSatisfy({ $0.0.count == first.0.count })
        else { return nil }
        let differences = pairs.map { zip($0.0, $0.1).map { $0 - $1 } }
        let posteriorMean = TableStatistics.mean(pairs.map { TableStatistics.mean($0.1) })
        let interval = bootstrap.interval(differences)
        return RolloutCheck(
            sampleSeed: first.2, sample: TableStatistics.mean(pairs.map { TableStatistics.mean($0.0) }),
            posteriorMean: posteriorMean, difference: TableStatistics.mean(differences.map(TableStatistics.mean)),
            interval: interval, verdict: OrderingVerdict.of(interval, negligibleBand: 0.01 * posteriorMean))
    }

    /// The choice among finished candidates with verdicts (see the type's documentation), and why.
    static func choose(_ candidates: [Candidate], lowest: String) -> (name: String, reason: String) {
        let contenders = candidates.filter { $0.verdict == .lowest || $0.verdict == .notResolved }
        let others = contenders.filter { $0.name != lowest }.map { "`\($0.name)`" }
        let unresolved = others.isEmpty ? "" : "; not resolved from \(others.joined(separator: ", "))"
        guard let best = contenders.first(where: { $0.name == lowest }) else { return (lowest, "the lowest valid MSE") }
        if best.isProfileRecipe { return (lowest, "the lowest valid MSE, and the profile's recipe\(unresolved)") }
        if let kept = contenders.first(where: \.isProfileRecipe) {
            return (
                kept.name,
                "the profile's recipe, kept: the lowest, `\(lowest)`, is not resolved from it (a change needs "
                    + "evidence)"
            )
        }
        if let cheaper = contenders.filter({ $0.recipe.steps < best.recipe.steps }).min(by: {
            ($0.recipe.steps, $0.mean ?? .infinity) < ($1.recipe.steps, $1.mean ?? .infinity)
        }) {
            return (
                cheaper.name,
                "fewer training steps (\(cheaper.recipe.steps) against \(best.recipe.steps)) and not resolved from "
                    + "the lowest, `\(lowest)`"
            )
        }
        return (lowest, "the lowest valid MSE\(unresolved)\(others.isEmpty ? "" : " (none cheaper or the profile's)")")
    }

    private static func status(_ state: CandidateRuns, seeds: [UInt64], steps: Int) -> String {
        if seeds.allSatisfy({ state.results[$0] != nil }) { return "finished" }
        if state.results.isEmpty && state.checkpointSteps.isEmpty { return "not started" }
        let parts = seeds.map { seed -> String in
            let prefix = seeds.count > 1 ? "seed \(seed) " : ""
            if state.results[seed] != nil { return prefix + "finished" }
            if let step = state.checkpointSteps[seed] { return prefix + "at step \(step) of \(steps)" }
            return prefix + "not started"
        }
        return "unfinished (\(parts.joined(separator: ", ")))"
    }

    /// `<plan name>.md`.
    public var markdown: String {
        let total = models.reduce(0) { $0 + $1.candidates.count }, finished = models.reduce(0) { $0 + $1.finished }
        var text = "# Recipe search `\(plan.name)`: candidates compared on `valid`\n\n"
        text += "Command: `\(command)` (the runs are kept in its `--work` folder; the same command continues an "
        text += "unfinished search).\n\n"
        text += "Profile `\(plan.profile.rawValue)`, system `\(plan.system.rawValue)`, training seed"
        text += "\(plan.seeds.count > 1 ? "s" : "") \(plan.seeds.map(String.init).joined(separator: ", ")), "
        text += "\(plan.models.first?.candidates.count ?? 0) candidates per model; every candidate is scored on every "
        text += "`valid` sequence (forward rollouts, pixel MSE over the anchor and the predicted frames). "
        text += "**Finished: \(finished) of \(total) candidates** ("
        text += models.map { "\($0.row) \($0.finished) of \($0.candidates.count)" }.joined(separator: ", ") + ").\n\n"
        text += method + "\n"
        for model in models {
            text += "## \(model.row)\n\n"
            text += "Base recipe: \(Self.describe(model.base, isHGN: model.row.hasPrefix("hgn"))). "
            if let meanFrame = model.meanFrame, let lastFrame = model.lastFrame {
                text += "Baselines on the same sequences: mean frame \(TableOrderings.format(meanFrame)), "
                text += "last frame \(TableOrderings.format(lastFrame)) (x 1e-4)."
            }
            text += "\n\n"
            text += "| candidate | steps | learning rate | weight decay | KL β | log-variance shift | status | "
            text += "valid MSE (x 1e-4) | 95% interval over sequences | / mean frame | − lowest (x 1e-4) | "
            text += "95% bootstrap interval | verdict | training (min per seed) |\n"
            text += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            for c in model.candidates {
                var name = "`\(c.name)`"
                if c.isProfileRecipe { name += " (the profile's)" }
                if c.isChosen { name = "**\(name)**" }
                let cells: [String] = [
                    name, "\(c.recipe.steps)", Self.scientific(c.recipe.learningRate),
                    Self.scientific(c.recipe.weightDecay),
                    c.logVarianceShift == nil ? "–" : Self.beta(c.recipe).map(Self.scientific) ?? "–",
                    c.logVarianceShift.map { String(format: "%g", $0) } ?? "–", c.status,
                    c.mean.map { TableOrderings.format($0) } ?? "–",
                    c.interval.map { Self.bracket($0, signed: false) } ?? "–",
                    Self.ratio(c.mean, c.meanFrame).map { String(format: "%.3f", $0) } ?? "–",
                    c.difference.map { TableOrderings.format($0, signed: true) } ?? "–",
                    c.differenceInterval.map { Self.bracket($0, signed: true) } ?? "–", c.verdict?.rawValue ?? "–",
                    c.trainingMinutes.map { String(format: "%.1f", $0) } ?? "–",
                ]
                text += "| " + cells.joined(separator: " | ") + " |\n"
            }
            text += "\n"
            if let chosen = model.chosen, let reason = model.reason {
                let provisional =
                    model.finished < model.candidates.count
                    ? " **Provisional**: \(model.finished) of \(model.candidates.count) candidates finished." : ""
                text += "**Chosen: `\(chosen)`**: \(reason).\(provisional)\n\n"
                if let check = model.rolloutCheck { text += Self.describe(check, chosen: chosen) }
            } else {
                text += "No candidate finished yet: nothing chosen.\n\n"
            }
            text += "Why each candidate:\n\n"
            for c in model.candidates { text += "- `\(c.name)`: \(c.why)\n" }
            text += "\n"
        }
        return text
    }

    /// The rollout-mode paragraph of a model.
    static func describe(_ check: RolloutCheck, chosen: String) -> String {
        var text = "**Rollout mode** (chosen on `valid` too): `\(chosen)` rolled out from one posterior sample (seed "
        text += "\(check.sampleSeed), the profile's way) scores \(TableOrderings.format(check.sample)), from the "
        text += "posterior mean \(TableOrderings.format(check.posteriorMean)) (x 1e-4); sample − mean "
        text += "\(TableOrderings.format(check.difference, signed: true)) \(bracket(check.interval, signed: true)) "
        text += "(paired over the same sequences and seeds, the same bootstrap): \"the sample below the mean\" "
        text += "**\(check.verdict.rawValue)**. "
        switch check.verdict {
        case .holds: text += "The profile's sample rollouts are kept."
        case .negligible: text += "The two modes do not differ in practice; the profile's sample rollouts are kept."
        case .notResolved:
            text += "Not resolved: the profile's sample rollouts are kept (a change needs evidence)."
        case .reversed: text += "The posterior mean is better: the profile should roll out from the mean."
        }
        return text + "\n\n"
    }

    /// The method paragraph of the Markdown summary.
    var method: String {
        var text = "A candidate's valid MSE is the mean over its seeds of each seed's mean over the valid sequences; "
        text += "its interval is the 95% Student-t interval over sequences (each sequence's error averaged over the "
        text += "seeds). `− lowest` is the paired difference to the finished candidate with the lowest valid MSE, "
        text += "on the same sequences, seed k against seed k, with the table's bootstrap interval (generator seed "
        text += "\(bootstrap.seed), \(bootstrap.replicates) replicates, resampling seeds and sequences crossed"
        text +=
            plan.seeds.count == 1
            ? "; with one seed it resamples the sequences only and leaves out the "
                + "seed-to-seed variation). " : "). "
        text += "`above the lowest`: the interval lies above 0; `not resolved from the lowest`: it contains 0. "
        text += "The chosen recipe is the lowest, unless a candidate not resolved from it is the profile's current "
        text += "recipe (kept: a change needs evidence) or trains fewer steps (cheaper). Only finished candidates "
        text += "compete; until all are finished the choice is provisional.\n"
        return text
    }

    /// `<plan name>.csv`: one line per model and candidate; MSE in units of 1e-4.
    public var csv: String {
        var lines = [
            "model,candidate,run_name,profile_recipe,chosen,status,learning_rate,weight_decay,kl_beta,"
                + "log_variance_shift,steps,seeds_finished,sequences,valid_mse_x1e4,lower_x1e4,upper_x1e4,"
                + "ratio_to_mean_frame,difference_x1e4,difference_lower_x1e4,difference_upper_x1e4,verdict,"
                + "training_minutes"
        ]
        for model in models {
            for c in model.candidates {
                let seedsFinished = c.isFinished ? plan.seeds.count : 0
                let fields: [String] = [
                    model.row, c.name, c.runName, "\(c.isProfileRecipe)", "\(c.isChosen)", "\"\(c.status)\"",
                    "\(c.recipe.learningRate)", "\(c.recipe.weightDecay)",
                    c.logVarianceShift == nil ? "" : Self.beta(c.recipe).map { "\($0)" } ?? "",
                    c.logVarianceShift.map { "\($0)" } ?? "", "\(c.recipe.steps)", "\(seedsFinished)",
                    c.sequences.map(String.init) ?? "", c.mean.map { TableOrderings.format($0, digits: 4) } ?? "",
                    c.interval.map { TableOrderings.format($0.lower, digits: 4) } ?? "",
                    c.interval.map { TableOrderings.format($0.upper, digits: 4) } ?? "",
                    Self.ratio(c.mean, c.meanFrame).map { String(format: "%.4f", $0) } ?? "",
                    c.difference.map { TableOrderings.format($0, digits: 4) } ?? "",
                    c.differenceInterval.map { TableOrderings.format($0.lower, digits: 4) } ?? "",
                    c.differenceInterval.map { TableOrderings.format($0.upper, digits: 4) } ?? "",
                    c.verdict?.rawValue ?? "", c.trainingMinutes.map { String(format: "%.1f", $0) } ?? "",
                ]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A recipe in words: steps, batch, optimiser, loss.
    static func describe(_ recipe: TrainingConfiguration, isHGN: Bool) -> String {
        var parts = ["\(recipe.steps) steps", "batch \(recipe.batchSize)", "Adam \(scientific(recipe.learningRate))"]
        if recipe.weightDecay != 0 { parts.append("weight decay \(scientific(recipe.weightDecay))") }
        if recipe.learningRateSchedule != .constant { parts.append("schedule \(recipe.learningRateSchedule)") }
        if isHGN, let beta = beta(recipe) { parts.append("KL β \(scientific(beta))") }
        if let decoded = recipe.decodedFramesPerSequence { parts.append("\(decoded) frames decoded per sequence") }
        if !recipe.curriculum.isEmpty {
            parts.append(
                "curriculum "
                    + recipe.curriculum.map { "\($0.frames) frames from step \($0.fromStep)" }.joined(separator: ", "))
        }
        return parts.joined(separator: ", ")
    }

    /// The fixed KL weight of a recipe (`nil` for a warm-up or GECO).
    static func beta(_ recipe: TrainingConfiguration) -> Double? {
        if case .fixed(let beta) = recipe.klWeighting { return beta }
        return nil
    }

    /// A number in short scientific notation with up to 3 significant digits: `3e-4`, `1.5e-4`, `0`, `2`.
    static func scientific(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        guard value.isFinite else { return "\(value)" }
        var exponent = Int(Foundation.log10(abs(value)).rounded(.down))
        var mantissa = (value / Foundation.pow(10, Double(exponent)) * 100).rounded() / 100
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let digits = String(format: "%g", mantissa)
        return exponent == 0 ? digits : "\(digits)e\(exponent)"
    }

    private static func bracket(_ interval: ConfidenceInterval, signed: Bool) -> String {
        "[\(TableOrderings.format(interval.lower, signed: signed)), "
            + "\(TableOrderings.format(interval.upper, signed: signed))]"
    }

    private static func ratio(_ value: Double?, _ reference: Double?) -> Double? {
        guard let value, let reference, reference > 0 else { return nil }
        return value / reference
    }
}
