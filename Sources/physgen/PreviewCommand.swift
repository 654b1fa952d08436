import ArgumentParser
import Datasets

/// `physgen preview`: a PNG contact sheet of a few trajectories, one row per trajectory.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Write a PNG contact sheet of a few trajectories (rows) and their frames (columns).")

    @Argument(help: ArgumentHelp("A dataset folder or a shard file.", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("The PNG file to write.", valueName: "file"))
    var out: String

    @Option(help: "Split to show (folders only).")
    var split: String = "train"

    @Option(help: "Trajectories to show (rows).")
    var trajectories: Int = 8

    @Option(help: "Frames to show per trajectory (columns), evenly spaced from the first.")
    var frames: Int = 12

    @Option(help: "Integer upscaling of each frame.")
    var scale: Int = 4

    func validate() throws {
        if trajectories <= 0 { throw ValidationError("--trajectories must be > 0 (got \(trajectories))") }
        if frames <= 0 { throw ValidationError("--frames must be > 0 (got \(frames))") }
        if !(1...16).contains(scale) { throw ValidationError("--scale must be between 1 and 16 (got \(scale))") }
    }

    func run() throws {
        let sheet = try DatasetPreview.contactSheet(
            path: path, split: split, trajectories: trajectories, frames: frames, scale: scale)
        try sheet.writePNG(to: out)
        print(
            "wrote \(out): \(sheet.rows) trajectories x \(sheet.columns) frames, \(sheet.width)x\(sheet.height) pixels")
    }
}
