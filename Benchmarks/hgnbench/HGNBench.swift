import ArgumentParser
import Support

/// `hgnbench`: the benchmark suite of HamiltonianSuite (integrators, engine speed, HGN tables).
@main
struct HGNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hgnbench",
        abstract:
            "Benchmarks of HamiltonianSuite: integrators on the true systems, engine speed, and the HGN paper's tables.",
        discussion: """
            Every figure is measured in the run that prints it, against a baseline measured in the same run, and
            release builds are what count:  swift build -c release --product hgnbench
            """,
        subcommands: HGNBench.registeredSubcommands)

    /// The subcommands, one file each. Add yours here.
    static let registeredSubcommands: [ParsableCommand.Type] = [
        IntegratorsCommand.self, TrainCommand.self, TableCommand.self, SearchCommand.self, FlowsCommand.self,
        SpeedCommand.self,
    ]

    /// Runs the command. An error ends the process with a one-line message and a status below 128 (1, or 64 for
    /// a bad command line); a stop by SIGINT or SIGTERM (`train`, `table`) says how to resume and ends as killed by
    /// the signal (130, 143), see `StopRequest`.
    static func main() {
        StopRequest.reportFileSizeLimitAsError()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            StopRequest.terminateIfRequested()
            exit(withError: error)
        }
    }

    /// Makes SIGINT and SIGTERM stop the command at its next safe point (between training steps, trajectories of a
    /// dataset being generated, cells of a table).
    static func stopOnSignals() {
        StopRequest.install(tool: "hgnbench")
    }
}
