import ArgumentParser
import Datasets
import Foundation

/// `physgen generate`: writes a dataset's shards and manifest, resuming an interrupted run.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a dataset from a preset or a spec file.",
        discussion: """
            Writes <out>/spec.json, one HDF5 file per shard (e.g. train-00000-of-00008.h5) and, once every shard
            exists, <out>/manifest.json. A shard is written under a temporary name and renamed only when complete, so
            an interrupted run leaves no half-written shard that looks complete: run the same command again and it
            skips the finished shards and redoes the rest, ending byte-identical to an uninterrupted run.

            Every trajectory is regenerated from its own seed (stored in /seed), so the data do not depend on --jobs
            or --shards. Options given here override the preset or spec file; the effective spec is stored in the
            output folder and in every shard.

            Job arrays: `--shard I` writes only shard I of the plan (0-based, counting the shards of all splits in
            order: train, test, long); any job that finds all shards present writes the manifest.
            """)

    @Option(help: "A standard dataset (see `physgen presets`). Default: pendulum, unless --spec is given.")
    var preset: String?

    @Option(help: ArgumentHelp("A JSON dataset spec (see datasets.md, 'Spec files').", valueName: "file"))
    var spec: String?

    @Option(help: "Trajectories of the train split; the other splits are scaled in proportion (at least 1 each).")
    var trajectories: Int?

    @Option(help: "Frames per trajectory of the splits without their own frame count (train and test; 'long' keeps its own).")
    var steps: Int?

    @Option(help: "Time between frames.")
    var dt: Double?

    @Option(help: "Image width and height in pixels.")
    var resolution: Int?

    @Option(help: "Dataset seed.")
    var seed: UInt64?

    @Option(help: "Shards per split (default: the spec's trajectories_per_shard decides).")
    var shards: Int?

    @Option(help: ArgumentHelp("Write only this shard of the plan (for job arrays).", valueName: "index"))
    var shard: Int?

    @Option(name: .customLong("split"), help: ArgumentHelp("Generate only this split (repeatable).", valueName: "name"))
    var onlySplits: [String] = []

    @Flag(help: "Turn the observation noise off (rendered positions equal the true ones).")
    var noNoise = false

    @Option(help: ArgumentHelp("Output folder (default: data/<dataset name>).", valueName: "dir"))
    var out: String?

    @Option(help: "Worker threads (default: the number of cores). The output does not depend on it.")
    var jobs: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "At the end, print a JSON summary (counts, bytes, seconds, time per phase) on standard output.")
    var json = false

    func validate() throws {
        if preset != nil && spec != nil { throw ValidationError("give either --preset or --spec, not both") }
        if let trajectories, trajectories <= 0 { throw ValidationError("--trajectories must be > 0 (got \(trajectories))") }
        if let steps, steps <= 0 { throw ValidationError("--steps must be > 0 (got \(steps))") }
        if let dt, !(dt.isFinite && dt > 0) { throw ValidationError("--dt must be a finite number > 0 (got \(dt))") }
        if let resolution, resolution <= 0 { throw ValidationError("--resolution must be > 0 (got \(resolution))") }
        if let shards, shards <= 0 { throw ValidationError("--shards must be > 0 (got \(shards))") }
        if let shard, shard < 0 { throw ValidationError("--shard must be >= 0 (got \(shard))") }
        if let jobs, jobs <= 0 { throw ValidationError("--jobs must be > 0 (got \(jobs))") }
    }

    func run() throws {
        var spec = try self.spec.map { path throws(DatasetError) in try DatasetSpec.load(path: path) }
            ?? Presets.spec(named: preset ?? "pendulum")
        spec.applyOverrides(
            trajectories: trajectories, frames: steps, dt: dt, resolution: resolution, seed: seed,
            observationNoiseOff: noNoise)
        try spec.validate()
        let folder = out ?? "data/\(spec.name)"
        var options = GenerationOptions()
        options.jobs = jobs ?? GenerationOptions.defaultJobs
        options.shardsPerSplit = shards
        options.onlyShard = shard
        options.splits = onlySplits.isEmpty ? nil : onlySplits
        let reporter = ProgressPrinter(quiet: quiet)
        let generator = try DatasetGenerator(spec: spec, folder: folder, options: options)
        let summary = try generator.run { event in reporter.report(event) }
        reporter.finish(summary)
        if json { print(summary.jsonLine()) }
    }
}
