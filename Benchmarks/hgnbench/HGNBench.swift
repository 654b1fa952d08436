import ArgumentParser

/// `hgnbench`: the benchmark suite of HamiltonianSuite (integrators, engine speed, HGN tables).
@main
struct HGNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hgnbench",
        abstract: "Benchmarks of HamiltonianSuite: integrators on the true systems, engine speed, and the HGN paper's tables.",
        discussion: """
            Every figure is measured in the run that prints it, against a baseline measured in the same run, and
            release builds are what count:  swift build -c release --product hgnbench
            """,
        subcommands: HGNBench.registeredSubcommands)

    /// The subcommands, one file each. Add yours here.
    static let registeredSubcommands: [ParsableCommand.Type] = [
        IntegratorsCommand.self, TrainCommand.self, TableCommand.self, FlowsCommand.self, SpeedCommand.self,
    ]
}
