import ArgumentParser
import Datasets

/// `physgen presets`: lists the standard datasets, or prints one as a spec file to start from.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the standard datasets, or print one as a JSON spec (--show NAME).",
        discussion: """
            To make a variant of a standard dataset, save a preset as a spec file, edit it, and generate from it:
              physgen presets --show pendulum > my-pendulum.json
              physgen generate --spec my-pendulum.json --out data/my-pendulum
            """)

    @Option(help: ArgumentHelp("Print this preset's full spec as JSON.", valueName: "name"))
    var show: String?

    func run() throws {
        if let show {
            if DensityPresets.contains(show) {
                print(try DensityPresets.spec(named: show).canonicalJSON())
                return
            }
            print(try videoPreset(named: show).canonicalJSON())
            return
        }
        let width = Presets.names.map(\.count).max() ?? 0
        for preset in Presets.all {
            let spec = preset.spec
            let name = spec.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let splits = spec.splits.map { "\($0.name) \($0.trajectories)x\(spec.frames(of: $0))" }.joined(
                separator: ", ")
            print("\(name)  \(preset.summary)")
            print(
                String(repeating: " ", count: width)
                    + "  \(spec.rendering.resolution)x\(spec.rendering.resolution) RGB, dt \(spec.dt); \(splits)")
        }
        print("")
        let densityWidth = DensityPresets.names.map(\.count).max() ?? 0
        print(
            "density datasets (points q in the plane with their exact log-density; preset version \(DensityPresets.version); `--samples N` sets the train size):"
        )
        for preset in DensityPresets.all {
            let spec = preset.spec
            let name = spec.name.padding(toLength: densityWidth, withPad: " ", startingAt: 0)
            let splits = spec.splits.map {
                "\($0.name) \($0.samples)" + ($0.region == .plane ? "" : " (\($0.region.condition))")
            }
            .joined(separator: ", ")
            print("\(name)  \(preset.summary)")
            print(String(repeating: " ", count: densityWidth) + "  \(splits); seed \(spec.seed)")
        }
    }
}
