import ArgumentParser
import Datasets
import Support

/// `physgen`: generates, inspects and validates physics video datasets.
@main
struct Physgen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physgen",
        abstract: "Generate physics video datasets (pendulum, mass-spring, two- and three-body) as sharded HDF5 files.",
        discussion: """
            A dataset is a folder of HDF5 shards plus manifest.json and spec.json. Python users open the shards with
            h5py alone; see datasets.md for the layout and ready-to-use PyTorch snippets.

            Start with:
              physgen presets                                   # the standard datasets
              physgen generate --preset pendulum --trajectories 256 --out demo/pendulum
              physgen preview demo/pendulum --out demo/pendulum-preview.png
            """,
        version: GeneratorInfo.version,
        subcommands: [
            GenerateCommand.self, PresetsCommand.self, InspectCommand.self, ValidateCommand.self, PreviewCommand.self,
            SimulateCommand.self,
        ])

    /// Runs the command. An error ends the process with a one-line message and a status below 128 (1, or 64 for
    /// a bad command line); a stop by SIGINT or SIGTERM says how to resume and ends as killed by the signal (130,
    /// 143), see `StopRequest`.
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
}
