import ArgumentParser
import Datasets
import Foundation
import Support

/// `physgen generate`: writes a dataset's shards and manifest, resuming an interrupted run.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a dataset from a preset or a spec file.",
        discussion: """
            Writes <out>/spec.json, one HDF5 file per shard (e.g. train-00000-of-00008.h5) and, once every shard
            exists, the dataset card <out>/README.md (Hugging Face metadata: datasets.load_dataset(<out>) reads every
            split) and <out>/manifest.json (checksums and the train split's normalisation statistics). A shard is written under a temporary name and renamed only when complete, so
            an interrupted run leaves no half-written shard that looks complete: run the same command again and it
            skips the finished shards and redoes the rest, ending byte-identical to an uninterrupted run.

            Every trajectory is regenerated from its own seed (stored in /seed), so the data do not depend on --jobs
            or --shards. Options given here override the preset or spec file; the effective spec is stored in the
            output folder and in every shard.

            Job arrays: `--shard I` writes only shard I of the plan (0-based, counting the shards of all splits in
            order: train, valid, test, long for the presets); `--count-shards` prints how many shards the plan has (K: run indices 0 to K-1,
            e.g. `sbatch --array=0-$((K-1)) scripts/slurm/physgen-array.sbatch <same options>`). The manifest is
            written by the job that finds every shard of every split present, and only then; a failed task re-run
            alone completes the folder byte-identically. `--split NAME` makes a dataset of the named splits only (its
            spec.json, manifest and shards name only them).

            Density datasets (density-ring, density-half-ring, density-eight-gaussians, density-banana; see
            `physgen presets`) hold points q in the plane with their exact log-density instead of videos:
            --samples N (or --trajectories N) sets the train split's size (default 10,000; test stays 10,000), and
            --steps, --dt, --resolution and --no-noise do not apply.
            """)

    @Option(help: "A standard dataset (see `physgen presets`). Default: pendulum, unless --spec is given.")
    var preset: String?

    @Option(help: ArgumentHelp("A JSON dataset spec (see datasets.md, 'Spec files').", valueName: "file"))
    var spec: String?

    @Option(help: "Trajectories of the train split; the other splits are scaled in proportion (at least 1 each).")
    var trajectories: Int?

    @Option(help: "Density datasets: points of the train split (the test split keeps its size).")
    var samples: Int?

    @Option(
        help:
            "Frames per trajectory of the splits without their own frame count (train and test; 'long' keeps its own).")
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

    @Flag(help: "Print the number of shards of the plan (all splits) for these options and exit, writing nothing.")
    var countShards = false

    @Option(
        name: .customLong("split"),
        help: ArgumentHelp("Make a dataset of only this split (repeatable).", valueName: "name"))
    var onlySplits: [String] = []

    @Flag(help: "Turn the observation noise off (rendered positions equal the true ones).")
    var noNoise = false

    @Option(help: ArgumentHelp("Output folder (default: data/<dataset name>).", valueName: "dir"))
    var out: String?

    @Option(help: "Worker threads (default: the number of cores). The output does not depend on it.")
    var jobs: Int?

    @Flag(
        help: ArgumentHelp(
            "Do not compare the estimated size with the free space of --out's file system (for file systems that report it wrongly).",
            discussion:
                "Before it starts, generate estimates the bytes it will write and refuses when they exceed the free space; the other limits (shard count, memory, 1 PB) still apply."
        ))
    var ignoreFreeSpace = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "At the end, print a JSON summary (counts, bytes, seconds, time per phase) on standard output.")
    var json = false

    func validate() throws {
        if preset != nil && spec != nil { throw ValidationError("give either --preset or --spec, not both") }
        if let trajectories, trajectories <= 0 {
            throw ValidationError("--trajectories must be > 0 (got \(trajectories))")
        }
        if let samples, samples <= 0 { throw ValidationError("--samples must be > 0 (got \(samples))") }
        if samples != nil && trajectories != nil {
            throw ValidationError("give either --samples or --trajectories, not both")
        }
        if let steps, steps <= 0 { throw ValidationError("--steps must be > 0 (got \(steps))") }
        if let dt, !(dt.isFinite && dt > 0) { throw ValidationError("--dt must be a finite number > 0 (got \(dt))") }
        if let resolution, resolution <= 0 { throw ValidationError("--resolution must be > 0 (got \(resolution))") }
        if let shards, shards <= 0 { throw ValidationError("--shards must be > 0 (got \(shards))") }
        if let shard, shard < 0 { throw ValidationError("--shard must be >= 0 (got \(shard))") }
        if let jobs, jobs <= 0 { throw ValidationError("--jobs must be > 0 (got \(jobs))") }
        if countShards && shard != nil { throw ValidationError("give either --count-shards or --shard, not both") }
    }

    func run() throws {
        StopRequest.install(tool: "physgen")
        if let density = try densitySpec() {
            try generate(density)
            return
        }
        if samples != nil {
            throw DatasetError.invalidSpec(
                field: "--samples", reason: "applies to density datasets only; use --trajectories for video datasets")
        }
        var spec =
            try self.spec.map { path throws(DatasetError) in try DatasetSpec.load(path: path) }
            ?? videoPreset(named: preset ?? "pendulum")
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
        options.command = cardCommand
        options.ignoreFreeSpace = ignoreFreeSpace
        let generator = try DatasetGenerator(spec: spec, folder: folder, options: options)
        if countShards {
            print(generator.shardCount)
            return
        }
        let reporter = ProgressPrinter(quiet: quiet)
        let summary = try generator.run { event in reporter.report(event) }
        reporter.finish(summary)
        if json { print(summary.jsonLine()) }
    }

    /// The density spec to generate, when --preset names a density preset or --spec holds a density spec.
    private func densitySpec() throws -> DensitySpec? {
        if let preset, DensityPresets.contains(preset) { return try DensityPresets.spec(named: preset) }
        if let path = spec, let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
            DensitySpec.isDensitySpec(json: data)
        {
            return try DensitySpec.parse(json: data, source: path)
        }
        return nil
    }

    /// Generates a density dataset (points with their exact log-density).
    private func generate(_ density: DensitySpec) throws {
        let inapplicable = [
            ("--steps", steps != nil), ("--dt", dt != nil), ("--resolution", resolution != nil),
            ("--no-noise", noNoise),
        ]
        if let option = inapplicable.first(where: { $0.1 })?.0 {
            throw DatasetError.invalidSpec(
                field: option, reason: "does not apply to the density dataset \(density.name) (points, not videos)")
        }
        var spec = density
        if let train = samples ?? trajectories { spec.setTrainSamples(train) }
        if let seed { spec.seed = seed }
        try spec.validate()
        var options = GenerationOptions()
        options.jobs = jobs ?? GenerationOptions.defaultJobs
        options.shardsPerSplit = shards
        options.onlyShard = shard
        options.splits = onlySplits.isEmpty ? nil : onlySplits
        options.command = cardCommand
        options.ignoreFreeSpace = ignoreFreeSpace
        let generator = try DensityGenerator(spec: spec, folder: out ?? "data/\(spec.name)", options: options)
        if countShards {
            print(generator.shardCount)
            return
        }
        let reporter = ProgressPrinter(quiet: quiet, unit: .points)
        let summary = try generator.run { event in reporter.report(event) }
        reporter.finish(summary)
    }
}

/// The video preset `name`; an unknown name's error lists the video and the density presets.
func videoPreset(named name: String) throws(DatasetError) -> DatasetSpec {
    guard Presets.names.contains(name) else { throw .unknownPreset(name, known: Presets.names + DensityPresets.names) }
    return try Presets.spec(named: name)
}
