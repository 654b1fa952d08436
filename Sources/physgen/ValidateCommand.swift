import ArgumentParser
import Datasets

/// `physgen validate`: recomputes checksums, checks shapes and attributes, energy drift, and regenerates samples.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a dataset folder: checksums, shapes, attributes, energy drift, and samples regenerated from their seeds.",
        discussion: """
            Exits with status 0 when every check passes, 1 otherwise; each failed check is printed with the file it
            concerns. --resimulate N regenerates N trajectories per shard from their /seed and compares them bit for bit.
            """)

    @Argument(help: ArgumentHelp("A dataset folder (with manifest.json).", valueName: "dir"))
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
        print(failed == 0 ? "valid: \(report.checks.count) checks passed" : "invalid: \(failed) of \(report.checks.count) checks failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
