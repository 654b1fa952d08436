import ArgumentParser
import Foundation
import Systems
import Testing

@testable import Datasets
@testable import physgen

/// Parses and runs a physgen command line; returns the error it ends with, if any.
private func runPhysgen(_ arguments: [String]) -> Error? {
    do {
        var command = try Physgen.parseAsRoot(arguments)
        try command.run()
        return nil
    } catch {
        return error
    }
}

/// The one-line message the tool prints for an error.
private func message(_ error: Error?) -> String {
    guard let error else { return "" }
    return Physgen.message(for: error)
}

private final class Folder {
    let path = NSTemporaryDirectory() + "PhysgenTests-" + UUID().uuidString
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("physgen command line")
struct PhysgenCommandTests {
    @Test(
        "bad input gets a clear one-line error",
        arguments: [
            (["generate", "--preset", "triple-pendulum"], "unknown preset 'triple-pendulum'"),
            (["generate", "--trajectories", "0"], "--trajectories must be > 0"),
            (["generate", "--trajectories", "-5"], "--trajectories"),
            (["generate", "--dt", "nan"], "--dt must be a finite number > 0"),
            (["generate", "--dt", "0"], "--dt must be a finite number > 0"),
            (["generate", "--resolution", "0"], "--resolution must be > 0"),
            (["generate", "--shards", "0"], "--shards must be > 0"),
            (["generate", "--count-shards", "--shard", "1"], "either --count-shards or --shard"),
            (["generate", "--preset", "pendulum", "--spec", "x.json"], "either --preset or --spec"),
            (["generate", "--spec", "/nonexistent/spec.json"], "cannot read spec file /nonexistent/spec.json"),
            (["presets", "--show", "spring"], "unknown preset 'spring'"),
            (
                ["simulate", "--system", "four-body", "--state", "0,0", "--dt", "0.1", "--steps", "3"],
                "unknown system 'four-body'"
            ),
            (
                ["simulate", "--system", "pendulum", "--state", "1,2,3", "--dt", "0.1", "--steps", "3"],
                "needs 2 numbers"
            ),
            (
                ["simulate", "--system", "pendulum", "--state", "1,x", "--dt", "0.1", "--steps", "3"],
                "'x' is not a finite number"
            ),
            (["simulate", "--system", "pendulum", "--state", "1,0", "--dt=-1", "--steps", "3"], "--dt must be"),
            (
                [
                    "simulate", "--system", "pendulum", "--state", "1,0", "--dt", "0.1", "--steps", "3", "--integrator",
                    "rk5",
                ], "unknown integrator 'rk5'"
            ),
            (
                [
                    "simulate", "--system", "two-body", "--state", "1,0,-1,0,0,1,0,-1", "--dt", "0.1", "--steps", "3",
                    "--constant", "masses=1,-1",
                ], "constants.masses[1]"
            ),
            (["inspect", "/nonexistent/file.h5"], "no such file or folder"),
            (["validate", "/tmp"], "no manifest.json here"),
        ])
    func badInput(arguments: [String], expected: String) {
        let error = runPhysgen(arguments)
        #expect(error != nil, "\(arguments) succeeded")
        let text = message(error)
        #expect(text.contains(expected), "\(arguments): \(text)")
        #expect(!text.contains("\n"), "\(arguments): the message should be one line: \(text)")
    }

    @Test("a spec file with an unknown key is refused before anything is written")
    func specWithUnknownKey() throws {
        let folder = Folder()
        var json = try Presets.spec(named: "pendulum").canonicalJSON()
        json = json.replacingOccurrences(of: "\"dt\"", with: "\"timestep\"")
        try json.write(toFile: folder.file("spec.json"), atomically: true, encoding: .utf8)
        let text = message(runPhysgen(["generate", "--spec", folder.file("spec.json"), "--out", folder.file("out")]))
        #expect(text.contains("'timestep' is not a known key"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test("inspect and validate refuse a file that is not a shard")
    func foreignFile() throws {
        let folder = Folder()
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: folder.file("data.h5")))
        #expect(
            message(runPhysgen(["inspect", folder.file("data.h5")])).contains(
                "is not a readable HamiltonianSuite shard"))
        #expect(message(runPhysgen(["validate", folder.path])).contains("no manifest.json"))
    }

    @Test("generate, inspect, validate and preview work together")
    func pipeline() throws {
        let folder = Folder()
        let out = folder.file("pendulum")
        #expect(
            runPhysgen([
                "generate", "--preset", "pendulum", "--trajectories", "6", "--steps", "5", "--resolution", "16",
                "--split", "train", "--out", out, "--quiet", "--jobs", "2",
            ]) == nil)
        #expect(runPhysgen(["inspect", out]) == nil)
        #expect(runPhysgen(["validate", out, "--quiet"]) == nil)
        #expect(runPhysgen(["preview", out, "--out", folder.file("preview.png"), "--frames", "5"]) == nil)
        let png = try Data(contentsOf: URL(fileURLWithPath: folder.file("preview.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let spec = try Manifest.load(folder: out).spec
        #expect(spec.splits.first?.trajectories == 6)
        #expect(spec.frames == 5 && spec.rendering.resolution == 16)
    }

    @Test("the card records the command without the options that do not change the data")
    func cardCommand() throws {
        let folder = Folder()
        let out = folder.file("data set")
        #expect(
            runPhysgen([
                "generate", "--preset", "pendulum", "--trajectories", "4", "--steps", "3", "--resolution", "8",
                "--shards", "2", "--jobs", "1", "--out", out, "--quiet", "--split", "train",
            ]) == nil)
        let card = try String(contentsOfFile: (out as NSString).appendingPathComponent("README.md"), encoding: .utf8)
        #expect(
            card.contains(
                "```sh\nphysgen generate --preset pendulum --trajectories 4 --steps 3 --resolution 8 --shards 2 --split train\n```"
            ))
        #expect(!card.contains("--jobs") && !card.contains("--quiet") && !card.contains(out))
        let command = try GenerateCommand.parse([
            "--spec", "my spec's.json", "--dt", "0.05", "--no-noise", "--shard", "3",
        ])
        #expect(command.cardCommand == "physgen generate --spec 'my spec'\\''s.json' --dt 0.05 --no-noise")
    }

    @Test("simulate returns a circular two-body orbit to its start after one period")
    func circularOrbit() throws {
        // Two unit masses 1 apart, G = 1: circular speed sqrt(G m / (4 r)) with r = 0.5, period 2 pi r / v.
        let v = (1.0 / 2.0).squareRoot()
        let period = 2 * Double.pi * 0.5 / v
        let steps = 100
        let request = SimulationRequest(
            system: .twoBody, constants: SystemConstants(), state: [0.5, 0, -0.5, 0, 0, v, 0, -v],
            dt: period / Double(steps), steps: steps, integrator: IntegratorSpec())
        let result = try request.run()
        #expect(result.stateNames == ["q1x", "q1y", "q2x", "q2y", "p1x", "p1y", "p2x", "p2y"])
        #expect(result.rows.count == steps + 1)
        let first = result.rows[0], last = result.rows[steps]
        #expect(abs(last[0] - period) < 1e-12)
        for i in 1...8 { #expect(abs(last[i] - first[i]) < 1e-7, "coordinate \(i)") }
        #expect(abs(last[9] - first[9]) < 1e-9 * abs(first[9]))
    }
}
