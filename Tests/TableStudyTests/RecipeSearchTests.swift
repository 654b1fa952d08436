import BenchmarkStatistics
import Foundation
import Models
import Support
import Testing

@testable import TableStudy
@testable import Training

/// Errors in units of 2⁻¹³ (≈ 1.22e-4), so that sums, means and differences are exact.
private let u = 1.0 / 8_192

/// The `valid.json` of a fixture run: the model's per-sequence errors `errors · u`, the mean frame 32 u everywhere.
private func validation(_ errors: [Double], steps: Int, sampleSeed: UInt64? = nil) -> ValidationResult {
    var training = TrainingConfiguration(steps: steps)
    training.seed = 1
    return ValidationResult(
        row: "fixture", system: .pendulum, profile: .small, seed: 1, steps: steps, training: training,
        rolloutSampleSeed: sampleSeed, evaluationSeconds: 1,
        valid: comparison(
            model: errors.map { $0 * u }, meanFrame: [32, 32, 32, 32].map { $0 * u },
            lastFrame: [40, 40, 40, 40].map { $0 * u }, split: "valid"))
}

@Suite("Recipe search on valid")
struct RecipeSearchTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A plan at `small` whose first candidate of each model is the profile's recipe.
    static var fixturePlan: RecipeSearchPlan {
        let small = ProfileSettings.small
        return RecipeSearchPlan(
            name: "fixture", profile: .small, system: .pendulum, seeds: [1],
            models: [
                .init(
                    row: "hgn-leapfrog", base: small.hgnTraining, logVarianceShift: -10,
                    candidates: [
                        RecipeCandidate(name: "profile"), RecipeCandidate(name: "low", learningRate: 1.5e-4),
                        RecipeCandidate(name: "high", learningRate: 1.2e-3),
                        RecipeCandidate(name: "unfinished", klBeta: 1e-5),
                    ]),
                .init(
                    row: "pixelhnn", base: small.pixelHNNTraining,
                    candidates: [
                        RecipeCandidate(name: "profile"), RecipeCandidate(name: "best", learningRate: 3e-4),
                        RecipeCandidate(name: "cheap", steps: 5_000, learningRate: 1e-4),
                        RecipeCandidate(name: "waiting", weightDecay: 0),
                    ]),
            ])
    }

    /// What the fixture's runs left (see the expectations of the summary test).
    static var fixtureStates: [String: RecipeSearchSummary.CandidateRuns] {
        func finished(_ errors: [Double], steps: Int) -> RecipeSearchSummary.CandidateRuns {
            .init(results: [1: validation(errors, steps: steps)], trainingSeconds: [1: 600])
        }
        return [
            "hgn-leapfrog-low": finished([4, 6, 8, 10], steps: 2_400),
            "hgn-leapfrog-profile": finished([3, 7, 9, 11], steps: 2_400),
            "hgn-leapfrog-high": finished([6, 8, 10, 12], steps: 2_400),
            "hgn-leapfrog-unfinished": .init(checkpointSteps: [1: 1_300]),
            "pixelhnn-profile": finished([7, 9, 11, 13], steps: 10_000),
            "pixelhnn-best": finished([4, 6, 8, 10], steps: 10_000),
            "pixelhnn-cheap": finished([3, 7, 9, 11], steps: 5_000),
        ]
    }

    @Test(
        "the committed plans: pendulum at small, an equal budget, the profile's recipe and distinct candidates",
        arguments: [("small-recipes", 4), ("small-steps", 2)])
    func committedPlan(name: String, candidates: Int) throws {
        let path = Self.repository.appendingPathComponent("Benchmarks/search/\(name).json").path
        let plan = try RecipeSearchPlan.load(path: path)
        #expect(plan.profile == .small && plan.system == .pendulum && plan.name == name)
        #expect(plan.models.map(\.row) == ["hgn-leapfrog", "pixelhnn"])
        #expect(plan.models.allSatisfy { $0.candidates.count == candidates })
        for model in plan.models {
            #expect(
                plan.candidate(matchingProfileOf: model) != nil, "\(model.row): the profile's recipe is a candidate")
            let recipes = model.candidates.map {
                (plan.recipe(of: model, $0, seed: 1), plan.logVarianceShift(of: model, $0))
            }
            for i in recipes.indices {
                for j in recipes.indices where i < j { #expect(recipes[i] != recipes[j], "\(model.row) \(i) \(j)") }
            }
        }
    }

    @Test("a plan that is unfair or ill-defined is refused with what to fix")
    func invalidPlans() {
        func reason(_ edit: (inout RecipeSearchPlan) -> Void) -> String? {
            var plan = Self.fixturePlan
            edit(&plan)
            do {
                try plan.validate()
                return nil
            } catch {
                guard case .invalidPlan(_, let reason) = error else { return "\(error)" }
                return reason
            }
        }
        #expect(reason { _ in } == nil)
        #expect(reason { $0.models[1].candidates.removeLast() }?.contains("same number of candidates") == true)
        #expect(reason { $0.models[1].candidates[1].klBeta = 1e-3 }?.contains("HGN settings") == true)
        #expect(reason { $0.models[1].logVarianceShift = -10 }?.contains("HGN setting") == true)
        #expect(reason { $0.models[0].row = "hgn-nothing" }?.contains("unknown row") == true)
        #expect(reason { $0.models[0].candidates[1].name = "profile" }?.contains("two candidates of one name") == true)
        #expect(reason { $0.models[0].candidates[1].name = "a/b" }?.contains("letters, digits") == true)
        #expect(reason { $0.seeds = [] }?.contains("at least one training seed") == true)
        #expect(reason { $0.models[0].candidates[1].learningRate = -1 }?.contains("learningRate") == true)
        #expect(
            RecipeSearchError.unreadablePlan(path: "/nonexistent.json").description.contains("Benchmarks/search"))
    }

    @Test("runs alternate between the models, seed by seed, in folders hgnbench train --run-name uses")
    func runOrder() {
        var plan = Self.fixturePlan
        plan.seeds = [1, 2]
        let search = RecipeSearch(plan: plan, planPath: "plan.json", workFolder: "/tmp/w", outputFolder: "/tmp/o")
        #expect(
            search.runs.prefix(6).map(\.description) == [
                "hgn-leapfrog profile seed 1", "hgn-leapfrog profile seed 2", "pixelhnn profile seed 1",
                "pixelhnn profile seed 2", "hgn-leapfrog low seed 1", "hgn-leapfrog low seed 2",
            ])
        #expect(search.runs.count == 16)
        #expect(search.directory(of: search.runs[4]) == "/tmp/w/runs/small/pendulum/hgn-leapfrog-low/seed-1")
        let recipe = plan.recipe(of: plan.models[1], plan.models[1].candidates[2], seed: 2)
        #expect(recipe.steps == 5_000 && recipe.learningRate == 1e-4 && recipe.weightDecay == 1e-5 && recipe.seed == 2)
    }

    @Test("the summary: known intervals, verdicts, the profile's recipe kept, the cheaper preferred, exactly")
    func summary() throws {
        let summary = RecipeSearchSummary(
            plan: Self.fixturePlan, states: Self.fixtureStates, command: "hgnbench search --plan fixture.json")
        let hgn = summary.models[0], pixel = summary.models[1]
        // low: 4, 6, 8, 10 → mean 7, sd √(20/3), t(0.975, 3) = 3.182446.
        let low = hgn.candidates[1]
        let half = 3.182446305284263 * (20.0 / 3).squareRoot() / 2 * u
        #expect(low.verdict == .lowest && low.mean == 7 * u)
        #expect(abs(try #require(low.interval).lower - (7 * u - half)) < 1e-12)
        #expect(abs(try #require(low.interval).upper - (7 * u + half)) < 1e-12)
        // profile − low = −1, 1, 1, 1: the bootstrap means lie in {−1, −½, 0, ½, 1} with P(−1) = 1/256 and
        // P(≤ −½) = 13/256, P(1) = 81/256, so the 95% interval is [−½, 1]: not resolved, and the profile's recipe is kept.
        #expect(hgn.candidates[0].difference == 0.5 * u)
        #expect(hgn.candidates[0].differenceInterval == ConfidenceInterval(lower: -0.5 * u, upper: u))
        #expect(hgn.candidates[0].verdict == .notResolved)
        #expect(hgn.candidates[2].differenceInterval == ConfidenceInterval(lower: 2 * u, upper: 2 * u))
        #expect(hgn.candidates[2].verdict == .above)
        #expect(hgn.candidates[3].status == "unfinished (at step 1300 of 2400)" && hgn.candidates[3].verdict == nil)
        #expect(hgn.chosen == "profile" && hgn.reason?.hasPrefix("the profile's recipe, kept") == true)
        // PixelHNN: the profile's recipe is resolved above; `cheap` is not resolved from the lowest and trains fewer
        // steps.
        #expect(pixel.candidates[0].verdict == .above)
        #expect(pixel.chosen == "cheap" && pixel.reason?.hasPrefix("fewer training steps (5000 against 10000)") == true)
        #expect(pixel.candidates[3].status == "not started")
        var states = Self.fixtureStates
        states["pixelhnn-cheap"] = nil
        let alone = RecipeSearchSummary(plan: Self.fixturePlan, states: states, command: "c").models[1]
        #expect(alone.chosen == "best" && alone.reason == "the lowest valid MSE")

        let csv = summary.csv.split(separator: "\n").map(String.init)
        #expect(csv.count == 9)
        #expect(
            csv[1]
                == "hgn-leapfrog,profile,hgn-leapfrog-profile,true,true,\"finished\",0.0006,0.0,0.0001,-10.0,2400,1,4,"
                + "9.1553,2.5207,15.7899,0.2344,0.6104,-0.6104,1.2207,not resolved from the lowest,10.0")
        #expect(
            csv[2]
                == "hgn-leapfrog,low,hgn-leapfrog-low,false,false,\"finished\",0.00015,0.0,0.0001,-10.0,2400,1,4,"
                + "8.5449,3.5296,13.5602,0.2188,,,,lowest,10.0")
        #expect(
            csv[3]
                == "hgn-leapfrog,high,hgn-leapfrog-high,false,false,\"finished\",0.0012,0.0,0.0001,-10.0,2400,1,4,"
                + "10.9863,5.9710,16.0016,0.2812,2.4414,2.4414,2.4414,above the lowest,10.0")
        #expect(
            csv[4]
                == "hgn-leapfrog,unfinished,hgn-leapfrog-unfinished,false,false,\"unfinished (at step 1300 of 2400)\","
                + "0.0006,0.0,1e-05,-10.0,2400,0,,,,,,,,,,")
        #expect(
            csv[8] == "pixelhnn,waiting,pixelhnn-waiting,false,false,\"not started\",0.0001,0.0,,,10000,0,,,,,,,,,,")

        let markdown = summary.markdown
        #expect(markdown.contains("**Finished: 6 of 8 candidates** (hgn-leapfrog 3 of 4, pixelhnn 3 of 4)."))
        #expect(
            markdown.contains(
                "| **`profile` (the profile's)** | 2400 | 6e-4 | 0 | 1e-4 | -10 | finished | 9.16 | [2.52, 15.79] | "
                    + "0.234 | +0.61 | [-0.61, +1.22] | not resolved from the lowest | 10.0 |"))
        #expect(
            markdown.contains(
                "**Chosen: `profile`**: the profile's recipe, kept: the lowest, `low`, is not resolved from it (a "
                    + "change needs evidence). **Provisional**: 3 of 4 candidates finished."))
        #expect(markdown.contains("mean frame 39.06, last frame 48.83 (x 1e-4)"))
    }

    @Test("the rollout-mode check: the chosen recipe from its sample against the posterior mean, exactly")
    func rolloutModeCheck() throws {
        var states = Self.fixtureStates
        // The chosen HGN recipe is `profile`: from sample seed 1 it scores 1, 5, 7, 9; from the mean 3, 7, 9, 11.
        // Every difference is −2, so every bootstrap replicate is −2: the interval is [−2, −2] and the claim holds.
        states["hgn-leapfrog-profile"] = .init(
            results: [1: validation([1, 5, 7, 9], steps: 2_400, sampleSeed: 1)], trainingSeconds: [1: 600],
            posteriorMeanResults: [1: validation([3, 7, 9, 11], steps: 2_400)])
        states["hgn-leapfrog-low"] = .init(
            results: [1: validation([4, 6, 8, 10], steps: 2_400, sampleSeed: 1)], trainingSeconds: [1: 600])
        let summary = RecipeSearchSummary(plan: Self.fixturePlan, states: states, command: "c")
        let check = try #require(summary.models[0].rolloutCheck)
        #expect(check.sampleSeed == 1 && check.sample == 5.5 * u && check.posteriorMean == 7.5 * u)
        #expect(check.difference == -2 * u && check.interval == ConfidenceInterval(lower: -2 * u, upper: -2 * u))
        #expect(check.verdict == .holds)
        #expect(summary.models[1].rolloutCheck == nil, "PixelHNN has no rollout mode")
        #expect(
            summary.markdown.contains(
                "scores 6.71, from the posterior mean 9.16 (x 1e-4); sample − mean -2.44 [-2.44, -2.44] (paired over "
                    + "the same sequences and seeds, the same bootstrap): \"the sample below the mean\" **holds**. "
                    + "The profile's sample rollouts are kept."))
        // Scored from the mean only on some seeds, or the sample run scored from the mean too: no check.
        states["hgn-leapfrog-profile"]?.results[1]?.rolloutSampleSeed = nil
        #expect(RecipeSearchSummary(plan: Self.fixturePlan, states: states, command: "c").models[0].rolloutCheck == nil)
    }

    @Test("a PixelHNN's model summary reads back from the snake_case JSON it is written as")
    func pixelHNNSummaryRoundTrip() throws {
        let summary = ModelSummary.pixelHNN(configuration: PixelHNNConfiguration())
        let data = try JSONFormat.encoder(pretty: false).encode(summary)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\"pixel_hnn\":{\"configuration\":{"))
        #expect(try JSONFormat.decoder().decode(ModelSummary.self, from: data) == summary)
    }

    @Test("short scientific numbers")
    func scientific() {
        #expect(RecipeSearchSummary.scientific(3e-4) == "3e-4")
        #expect(RecipeSearchSummary.scientific(1.5e-4) == "1.5e-4")
        #expect(RecipeSearchSummary.scientific(1e-5) == "1e-5")
        #expect(RecipeSearchSummary.scientific(0) == "0")
        #expect(RecipeSearchSummary.scientific(2) == "2")
        #expect(RecipeSearchSummary.scientific(9.999e-4) == "1e-3")
    }

    @Test("the runner trains each candidate once, skips finished ones, honours the launch window, refuses edits")
    func runner() throws {
        let scratch = ScratchFolder()
        let smoke = ProfileSettings.smoke
        var hgn = smoke.hgnTraining
        hgn.steps = 3
        hgn.curriculum = [CurriculumStage(fromStep: 0, frames: 7)]
        var pixel = smoke.pixelHNNTraining
        pixel.steps = 3
        var plan = RecipeSearchPlan(
            name: "tiny", profile: .smoke, system: .pendulum, seeds: [1],
            models: [
                .init(row: "hgn-leapfrog", base: hgn, candidates: [RecipeCandidate(name: "a", learningRate: 1e-3)]),
                .init(row: "pixelhnn", base: pixel, candidates: [RecipeCandidate(name: "a")]),
            ])
        let lines = LockedLines()
        func search(_ plan: RecipeSearchPlan) -> RecipeSearch {
            RecipeSearch(
                plan: plan, planPath: "tiny.json", workFolder: scratch.file("work"), outputFolder: scratch.file("out"),
                log: lines.append)
        }
        try search(plan).runAll(launchWindow: 1e-9)
        #expect(try search(plan).runs.allSatisfy { try search(plan).finishedResult(of: $0) == nil })
        let waiting = try String(contentsOfFile: scratch.file("out/tiny.md"), encoding: .utf8)
        #expect(waiting.contains("**Finished: 0 of 2 candidates**"))

        try search(plan).runAll()
        let results = try search(plan).runs.map { try #require(try search(plan).finishedResult(of: $0)) }
        #expect(results.map(\.steps) == [3, 3] && results.map(\.valid.model.sequences) == [5, 5])
        #expect(results[0].training.learningRate == 1e-3)
        let summary = try String(contentsOfFile: scratch.file("out/tiny.md"), encoding: .utf8)
        #expect(summary.contains("**Finished: 2 of 2 candidates**"))
        #expect(summary.contains("**Chosen: `a`**: the lowest valid MSE."))
        let csv = try String(contentsOfFile: scratch.file("out/tiny.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3)

        let states = try search(plan).states()
        #expect(states.count == 2 && states.values.allSatisfy { $0.trainingSeconds[1] != nil }, "PixelHNN's too")
        // The variational HGN's chosen recipe is scored from the posterior mean too; PixelHNN has no rollout mode.
        #expect(states["hgn-leapfrog-a"]?.posteriorMeanResults[1]?.rolloutSampleSeed == nil)
        #expect(states["hgn-leapfrog-a"]?.posteriorMeanResults[1]?.valid.model.sequences == 5)
        #expect(states["pixelhnn-a"]?.posteriorMeanResults.isEmpty == true)
        #expect(summary.contains("**Rollout mode** (chosen on `valid` too): `a` rolled out from one posterior sample"))

        let trainedBefore = lines.count { $0.contains("training") }
        try search(plan).runAll()
        #expect(lines.count { $0.contains("training") } == trainedBefore, "finished runs are not trained again")

        plan.models[0].candidates[0].learningRate = 2e-3
        #expect(throws: RecipeSearchError.self) { try search(plan).runAll() }
    }
}

/// Log lines collected from a closure that may be called from any thread.
private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    func count(where predicate: (String) -> Bool) -> Int { lock.withLock { lines.filter(predicate).count } }
}
