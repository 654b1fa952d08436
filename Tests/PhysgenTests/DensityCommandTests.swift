import ArgumentParser
import Foundation
import Testing

@testable import Datasets
@testable import physgen

/// `physgen` on the density datasets: generate, inspect, validate, presets, and clear errors for options that do not
/// apply.
@Suite("physgen density datasets")
struct DensityCommandTests {
    private func run(_ arguments: [String]) -> Error? {
        do {
            var command = try Physgen.parseAsRoot(arguments)
            try command.run()
            return nil
        } catch {
            return error
        }
    }

    private func message(_ error: Error?) -> String { error.map { Physgen.message(for: $0) } ?? "" }

    @Test("generate --preset density-half-ring --samples N, then inspect and validate")
    func pipeline() throws {
        let folder = NSTemporaryDirectory() + "DensityCommandTests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(
            run(["generate", "--preset", "density-half-ring", "--samples", "64", "--out", folder, "--quiet"]) == nil)
        #expect(run(["inspect", folder]) == nil)
        #expect(run(["validate", folder, "--quiet"]) == nil)
        let manifest = try DensityManifest.load(folder: folder)
        #expect(try manifest.split(named: "train").trajectories == 64)
        #expect(try manifest.split(named: "test").trajectories == 10_000)
        #expect(manifest.spec.target == .ring)
        #expect(
            run([
                "generate", "--preset", "density-banana", "--trajectories", "10", "--split", "train", "--out",
                folder + "-b", "--quiet",
            ]) == nil)
        #expect(try DensityReader.split("train", folder: folder + "-b").count == 10)
        try? FileManager.default.removeItem(atPath: folder + "-b")
    }

    @Test(
        "options that do not apply, and unknown names, get one-line errors",
        arguments: [
            (
                ["generate", "--preset", "density-ring", "--dt", "0.1"],
                "'--dt' does not apply to the density dataset density-ring"
            ),
            (["generate", "--preset", "density-ring", "--no-noise"], "'--no-noise' does not apply"),
            (["generate", "--preset", "pendulum", "--samples", "5"], "'--samples' applies to density datasets only"),
            (["generate", "--preset", "density-ring", "--samples", "0"], "--samples must be > 0"),
            (
                ["generate", "--preset", "density-ring", "--samples", "5", "--trajectories", "5"],
                "either --samples or --trajectories"
            ),
            (
                ["generate", "--preset", "density-donut"],
                "known presets: pendulum, pendulum-noisy, mass-spring, mass-spring-noisy"
            ),
            (["presets", "--show", "density-donut"], "unknown preset 'density-donut'"),
        ])
    func badInput(arguments: [String], expected: String) {
        let text = message(run(arguments))
        #expect(text.contains(expected), "\(arguments): \(text)")
        #expect(!text.contains("\n"))
    }

    @Test("presets lists the density datasets and shows their spec")
    func presets() throws {
        #expect(run(["presets"]) == nil)
        #expect(run(["presets", "--show", "density-eight-gaussians"]) == nil)
    }
}
