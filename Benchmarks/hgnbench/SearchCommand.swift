import ArgumentParser
import Foundation
import TableStudy

/// `hgnbench search`: a recipe search on `valid` (``RecipeSearchPlan``), every candidate a resumable run, then the
/// summary that compares them.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Train every candidate recipe of a search plan, score each on valid, and choose per model.",
        discussion: """
            The plan (JSON) lists, per model (a table row), a base recipe and the same number of candidates (an \
            equal budget), trained on one system at one profile with the same seeds. Each candidate and seed is its \
            own run in <work>/runs/<profile>/<system>/<row>-<candidate>/seed-<seed> (what hgnbench train \
            --run-name <row>-<candidate> uses): a finished run (valid.json) is skipped, an interrupted one resumes \
            from its checkpoint, so run the same command again to continue. Runs alternate between the models \
            (first candidate of each, then the second, ...). After each run the summary is rewritten into --out: \
            <plan name>.md and .csv (valid MSE with a 95% interval over sequences, the paired difference to the \
            lowest with a bootstrap interval, the chosen recipe). Release builds only:
              swift build -c release --product hgnbench
              .build/release/hgnbench search --plan Benchmarks/search/small-recipes.json --work ../search-work
            """)

    @Option(help: "The search plan (JSON).")
    var plan = "Benchmarks/search/small-recipes.json"

    @Option(help: "Folder for the generated dataset and the runs (checkpoints); keep it to resume.")
    var work = "data/bench"

    @Option(help: "Folder of the summary.")
    var out = "Benchmarks/results/table/search"

    @Flag(help: "Print the runs, one per line as 'index row candidate seed status', and exit.")
    var list = false

    @Option(
        name: .customLong("run"),
        help: ArgumentHelp("Run this run alone (an index of --list), then rewrite the summary.", valueName: "index"))
    var runIndex: Int?

    @Flag(help: "Rewrite the summary from the finished runs without training.")
    var summarize = false

    @Option(
        help: ArgumentHelp(
            "Start no new run after this many minutes (the one running finishes).", valueName: "minutes"))
    var launchWindow: Double?

    func validate() throws {
        if [list, runIndex != nil, summarize].filter({ $0 }).count > 1 {
            throw ValidationError("--list, --run and --summarize are separate steps: choose one")
        }
        if let launchWindow, !(launchWindow > 0) {
            throw ValidationError("--launch-window must be a positive number of minutes, got \(launchWindow)")
        }
    }

    func run() throws {
        HGNBench.stopOnSignals()
        #if DEBUG
            TableFiles.log("warning: a debug build; its timings are not representative (swift build -c release)")
        #endif
        let search = RecipeSearch(
            plan: try RecipeSearchPlan.load(path: plan), planPath: plan, workFolder: work, outputFolder: out)
        let runs = search.runs
        if list {
            for (index, run) in runs.enumerated() {
                let status: String
                if try search.finishedResult(of: run) != nil {
                    status = "finished"
                } else if let step = search.checkpointStep(of: run) {
                    status = "at step \(step)"
                } else {
                    status = "not started"
                }
                print("\(index) \(run.model.row) \(run.candidate.name) \(run.seed) \(status)")
            }
        } else if let index = runIndex {
            guard runs.indices.contains(index) else {
                throw RecipeSearchError.noSuchRun(index: index, count: runs.count)
            }
            try search.run(runs[index])
            try search.writeSummary()
        } else if summarize {
            try search.writeSummary()
        } else {
            try search.runAll(launchWindow: launchWindow.map { $0 * 60 })
        }
    }
}
