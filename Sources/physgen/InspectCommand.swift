import ArgumentParser
import Datasets

/// `physgen inspect`: describes a shard or a dataset folder.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a shard file or a dataset folder: system, splits, shapes, attributes, energy range.")

    @Argument(help: ArgumentHelp("A shard (.h5) or a dataset folder.", valueName: "path"))
    var path: String

    func run() throws {
        print(try DatasetInspector.describe(path: path))
    }
}
