import Foundation
import Models
import Support
import Systems
import Training

/// A search for the training recipes of table rows, chosen on `valid` with an equal budget per model: for each model
/// (a table row) a base recipe and the same number of candidates, each a change of a few settings from the base,
/// trained on one system at one profile with the same training seeds and scored on every `valid` sequence
/// (``RecipeSearch`` runs it, ``RecipeSearchSummary`` compares the candidates).
///
/// Kept as JSON (`Benchmarks/search/small-recipes.json`, keys in snake_case) so the plan that was run is a committed
/// file, independent of the profile's recipe: the base recipes are written out in full, and the profile's recipe is
/// one of the candidates (``candidate(matchingProfileOf:)``).
public struct RecipeSearchPlan: Codable, Equatable, Sendable {
    /// The plan's name: the summary's file names (`<name>.md`, `<name>.csv`).
    public var name: String
    /// The profile whose model sizes and datasets the candidates use.
    public var profile: TableProfile
    /// The system trained on.
    public var system: SystemKind
    /// The training seeds every candidate is trained with (the same for every candidate, so they pair).
    public var seeds: [UInt64]
    /// The models searched, each with its candidates.
    public var models: [ModelRecipes]

    /// The candidates of one model (a table row).
    public struct ModelRecipes: Codable, Equatable, Sendable {
        /// The table row, e.g. `hgn-leapfrog` or `pixelhnn`.
        public var row: String
        /// The recipe every candidate starts from (every setting a candidate does not name).
        public var base: TrainingConfiguration
        /// HGN's posterior log-variance shift of every candidate that names none (`nil`: the profile's).
        public var logVarianceShift: Double?
        /// The candidates, in the order they are trained.
        public var candidates: [RecipeCandidate]

        public init(
            row: String, base: TrainingConfiguration, logVarianceShift: Double? = nil, candidates: [RecipeCandidate]
        ) {
            self.row = row
            self.base = base
            self.logVarianceShift = logVarianceShift
            self.candidates = candidates
        }
    }

    public init(name: String, profile: TableProfile, system: SystemKind, seeds: [UInt64], models: [ModelRecipes]) {
        self.name = name
        self.profile = profile
        self.system = system
        self.seeds = seeds
        self.models = models
    }

    /// Reads and checks a plan.
    ///
    /// - Throws: ``RecipeSearchError`` when the file is missing, is not a plan, or fails ``validate()``.
    public static func load(path: String) throws(RecipeSearchError) -> RecipeSearchPlan {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadablePlan(path: path) }
        let plan: RecipeSearchPlan
        do {
            plan = try JSONFormat.decoder().decode(RecipeSearchPlan.self, from: data)
        } catch {
            throw .invalidPlan(path: path, reason: "\(error)")
        }
        do {
            try plan.validate()
        } catch {
            guard case .invalidPlan(_, let reason) = error else { throw error }
            throw .invalidPlan(path: path, reason: reason)
        }
        return plan
    }

    /// Checks what makes the comparison fair and the runs well defined: at least one seed, no repeated seed, every
    /// model a known table row once, every model the same number of candidates (an equal budget), candidate names
    /// unique within a model and usable as folder names, HGN-only settings only on HGN rows, every recipe valid.
    ///
    /// - Throws: ``RecipeSearchError/invalidPlan(path:reason:)`` (with an empty path) naming what to fix.
    public func validate() throws(RecipeSearchError) {
        func fail(_ reason: String) -> RecipeSearchError { .invalidPlan(path: "", reason: reason) }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
            throw fail("\"seeds\" must list at least one training seed, each once")
        }
        guard !models.isEmpty else { throw fail("\"models\" is empty: list the rows to search") }
        guard Set(models.map(\.row)).count == models.count else { throw fail("a row is listed twice in \"models\"") }
        let counts = Set(models.map(\.candidates.count))
        guard counts.count == 1, let count = counts.first, count > 0 else {
            throw fail(
                "every model needs the same number of candidates, at least one (an equal search budget); got "
                    + models.map { "\($0.row) \($0.candidates.count)" }.joined(separator: ", "))
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        for model in models {
            let choice = try self.choice(of: model)
            if choice.kind != .hgn, model.logVarianceShift != nil {
                throw fail("\(model.row): log_variance_shift is an HGN setting")
            }
            let names = model.candidates.map(\.name)
            guard Set(names).count == names.count else { throw fail("\(model.row) has two candidates of one name") }
            for candidate in model.candidates {
                guard !candidate.name.isEmpty, candidate.name.unicodeScalars.allSatisfy(allowed.contains) else {
                    throw fail("candidate name '\(candidate.name)' must be letters, digits, '.', '-' or '_'")
                }
                if choice.kind != .hgn, candidate.klBeta != nil || candidate.logVarianceShift != nil {
                    throw fail("\(model.row) \(candidate.name): kl_beta and log_variance_shift are HGN settings")
                }
                do {
                    try recipe(of: model, candidate, seed: seeds[0]).validate()
                } catch {
                    throw fail("\(model.row) \(candidate.name): \(error)")
                }
            }
        }
    }

    /// The table row a model names.
    public func choice(of model: ModelRecipes) throws(RecipeSearchError) -> ModelChoice {
        guard let choice = ModelChoice.tableRows.first(where: { $0.name == model.row }) else {
            throw .invalidPlan(
                path: "",
                reason: "unknown row '\(model.row)'; rows: \(ModelChoice.tableRows.map(\.name).joined(separator: ", "))"
            )
        }
        return choice
    }

    /// The recipe a candidate trains with: the model's base with the candidate's changes, and the seed.
    public func recipe(of model: ModelRecipes, _ candidate: RecipeCandidate, seed: UInt64) -> TrainingConfiguration {
        var recipe = model.base
        if let steps = candidate.steps { recipe.steps = steps }
        if let rate = candidate.learningRate { recipe.learningRate = rate }
        if let decay = candidate.weightDecay { recipe.weightDecay = decay }
        if let beta = candidate.klBeta { recipe.klWeighting = .fixed(beta: beta) }
        recipe.seed = seed
        return recipe
    }

    /// HGN's posterior log-variance shift of a candidate (`nil` for other models, or the profile's when neither the
    /// candidate nor the model names one).
    public func logVarianceShift(of model: ModelRecipes, _ candidate: RecipeCandidate) -> Double? {
        guard (try? choice(of: model).kind) == .hgn else { return nil }
        return candidate.logVarianceShift ?? model.logVarianceShift ?? profile.settings.hgn.posteriorLogVarianceShift
    }

    /// The profile's settings with a candidate's model settings (its log-variance shift).
    public func settings(of model: ModelRecipes, _ candidate: RecipeCandidate) -> ProfileSettings {
        var settings = profile.settings
        if let shift = logVarianceShift(of: model, candidate) { settings.hgn.posteriorLogVarianceShift = shift }
        return settings
    }

    /// The candidate whose recipe and log-variance shift are the profile's current ones for the model (`nil` when
    /// none is: a plan should contain the recipe it may replace).
    public func candidate(matchingProfileOf model: ModelRecipes) -> RecipeCandidate? {
        guard let choice = try? choice(of: model) else { return nil }
        let settings = profile.settings
        var current = choice.training(settings: settings)
        current.seed = 0
        return model.candidates.first { candidate in
            var recipe = recipe(of: model, candidate, seed: 0)
            recipe.seed = 0
            return recipe == current
                && (choice.kind != .hgn
                    || logVarianceShift(of: model, candidate) == settings.hgn.posteriorLogVarianceShift)
        }
    }

    /// The folder name of a candidate's runs (one `seed-<seed>` folder per seed inside): `<row>-<candidate>`, as
    /// `hgnbench train --run-name` names it.
    public func runName(of model: ModelRecipes, _ candidate: RecipeCandidate) -> String {
        "\(model.row)-\(candidate.name)"
    }
}

/// One candidate recipe: the settings it changes from its model's base (`nil`: the base's).
public struct RecipeCandidate: Codable, Equatable, Sendable {
    /// A short name, unique within the model, used in folder names (e.g. `lr3e-4-beta1e-4`).
    public var name: String
    /// Why it is in the plan.
    public var why: String
    /// Training steps.
    public var steps: Int?
    /// Adam's learning rate.
    public var learningRate: Double?
    /// Adam's (coupled) weight decay.
    public var weightDecay: Double?
    /// A fixed KL weight β (HGN only).
    public var klBeta: Double?
    /// HGN's posterior log-variance shift (HGN only).
    public var logVarianceShift: Double?

    public init(
        name: String, why: String = "", steps: Int? = nil, learningRate: Double? = nil, weightDecay: Double? = nil,
        klBeta: Double? = nil, logVarianceShift: Double? = nil
    ) {
        self.name = name
        self.why = why
        self.steps = steps
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.klBeta = klBeta
        self.logVarianceShift = logVarianceShift
    }
}

/// Why a recipe search cannot run or be summarised; each message says what to do.
public enum RecipeSearchError: Error, CustomStringConvertible, Equatable {
    /// The plan file cannot be read.
    case unreadablePlan(path: String)
    /// The plan is not valid JSON of a plan, or breaks a rule of ``RecipeSearchPlan/validate()``.
    case invalidPlan(path: String, reason: String)
    /// A run folder holds the result of another recipe than its candidate's (the plan was edited after it ran).
    case resultOfAnotherRecipe(path: String)
    /// A run index out of range.
    case noSuchRun(index: Int, count: Int)

    public var description: String {
        switch self {
        case .unreadablePlan(let path):
            "cannot read the search plan \(path): give the path of a plan such as Benchmarks/search/small-recipes.json"
        case .invalidPlan(let path, let reason):
            "the search plan\(path.isEmpty ? "" : " \(path)") is not valid: \(reason)"
        case .resultOfAnotherRecipe(let path):
            "\(path) was written by another recipe than the plan's candidate (the plan was edited after it ran): "
                + "give the changed candidate a new name, or move the old run folder away"
        case .noSuchRun(let index, let count):
            "no run \(index): this search has runs numbered 0 to \(count - 1) (hgnbench search --list lists them)"
        }
    }
}
