import ArgumentParser
import Datasets

/// `physgen validate`: recomputes checksums, checks shapes and attributes, energy drift, and regenerates samples.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check a dataset folder: the spec's plan, checksums, shapes, attributes, energy drift, and samples regenerated from their seeds.",
        discussion: """
            The folder is checked against the plan of its spec.json: every shard of every split must be present and
            listed by manifest.json, and no file may lie outside the plan. A folder whose generation has not finished
            (no manifest yet) is reported with the shards still missing and their --shard indices. Exits with status 0 when every check passes, 1 otherwise; each failed check is printed with the file it
            concerns. --resimulate N regenerates N trajectories per shard from their /seed and compares them bit for bit.
            """)

    @Argument(help: ArgumentHelp("A dataset folder (with spec.json and manifest.json).", valueName: "dir"))
    var folder: String

    @Option(help: "Trajectories per shard to regenerate from their seed and compare bit for bit.")
    var resimulate: Int = 2

    @Flag(help: "Print only failures and the final verdict.")
    var quiet = false

    func validate() throws {
        if resimulate < 0 { throw ValidationError("--resimulate must be >= 0 (got \(resimulate))") }
    }

    func run() throws {
        let report = try DatasetValidator(folder: folder).run(resimulatePerShard: resimulate)
        for check in report.checks where !quiet || !check.passed {
            print("\(check.passed ? "ok  " : "FAIL") \(check.subject): \(check.detail)")
        }
        let failed = report.checks.filter { !$0.passed }.count
        print(
            failed == 0
                ? "valid: \(report.checks.count) checks passed"
                : "invalid: \(failed) of \(report.checks.count) checks failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
