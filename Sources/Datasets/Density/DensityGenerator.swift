import Dispatch
import Foundation
import HDF5
import Physics
import SeededRandom
import Support

/// Generates a density dataset folder: `spec.json`, one HDF5 shard per block of points, and `manifest.json`, with the
/// conventions of ``DatasetGenerator`` (shards written under a temporary name and renamed when complete, a rerun skips
/// complete shards, the manifest lists every shard with its SHA-256 and is written last).
///
/// Point i of split S is drawn from its own generator seeded with
/// ``DatasetGenerator/trajectorySeed(datasetSeed:split:index:)``, so the bytes depend only on the spec (not on shards
/// or threads), and a smaller train split is a prefix of a larger one. Drawing is exact and fast (~10⁶ points per
/// second), so it runs on the calling thread; ``GenerationOptions/jobs`` is accepted and ignored.
public struct DensityGenerator: Sendable {
    /// The dataset to write: the given spec, narrowed to ``GenerationOptions/splits`` when they are given.
    public let spec: DensitySpec
    /// The output folder.
    public let folder: String
    /// Shards per split, one shard alone, or some splits only (``GenerationOptions/jobs`` is ignored).
    public let options: GenerationOptions
    private let plan: [ShardPlan.Shard]
    private let fullPlan: [ShardPlan.Shard]

    /// Prepares a generation; validates the spec and the options.
    public init(
        spec: DensitySpec, folder: String, options: GenerationOptions = GenerationOptions()
    ) throws(DatasetError) {
        try spec.validate()
        if let shards = options.shardsPerSplit, shards <= 0 {
            throw .invalidSpec(field: "shards", reason: "must be > 0 (got \(shards))")
        }
        var spec = spec
        spec.splits = try selectSplits(spec.splits, named: options.splits, name: \.name)
        self.spec = spec
        self.folder = folder
        self.options = options
        try Self.checkLimits(spec, options: options)
        fullPlan = Self.planShards(spec, shardsPerSplit: options.shardsPerSplit)
        var plan = fullPlan
        if let only = options.onlyShard {
            guard plan.indices.contains(only) else { throw .shardOutOfPlan(index: only, count: plan.count) }
            plan = [plan[only]]
        }
        self.plan = plan
    }

    /// The number of shards of the dataset's plan (all splits): a job array runs indices 0 to `shardCount - 1`.
    public var shardCount: Int { fullPlan.count }

    /// Contiguous, near-equal shards per split (as ``ShardPlan`` cuts trajectories); frames is 1.
    static func planShards(_ spec: DensitySpec, shardsPerSplit: Int?) -> [ShardPlan.Shard] {
        var shards: [ShardPlan.Shard] = []
        for split in spec.splits {
            let n = split.samples
            let k = GenerationPreflight.shardCount(
                items: n, perShard: spec.samplesPerShard, shardsPerSplit: shardsPerSplit)
            var start = 0
            for s in 0..<k {
                let size = n / k + (s < n % k ? 1 : 0)
                shards.append(
                    ShardPlan.Shard(
                        split: split.name, index: s, count: k, trajectories: start..<(start + size), frames: 1))
                start += size
            }
        }
        return shards
    }

    /// The points of `range` of a split, with their exact log-densities and seeds: what a shard stores.
    public static func draw(
        _ spec: DensitySpec, split: DensitySplitSpec, range: Range<Int>
    ) -> (points: [Double], logDensities: [Double], seeds: [UInt64]) {
        var points = [Double](), logDensities = [Double](), seeds = [UInt64]()
        points.reserveCapacity(2 * range.count)
        logDensities.reserveCapacity(range.count)
        seeds.reserveCapacity(range.count)
        for index in range {
            let seed = DatasetGenerator.trajectorySeed(datasetSeed: spec.seed, split: split.name, index: index)
            var generator = SeededGenerator(seed: seed)
            let (q1, q2) = split.region.sample(spec.target, using: &generator)
            points += [q1, q2]
            logDensities.append(split.region.logDensity(spec.target, q1, q2))
            seeds.append(seed)
        }
        return (points, logDensities, seeds)
    }

    /// Runs the generation, reporting progress through `progress` (counts are points).
    public func run(progress: (GenerationEvent) -> Void = { _ in }) throws(DatasetError) -> GenerationSummary {
        let start = DispatchTime.now()
        func seconds(since start: DispatchTime) -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        }
        let output = DatasetFolder(path: folder)
        try output.refuseAnotherPlan(splits: spec.splits.map(\.name), plan: fullPlan)
        try checkSpace(for: plan.filter { !output.contains($0.fileName) })
        let claims = FolderClaims(folder: folder)
        try output.prepare(specJSON: spec.canonicalJSON() + "\n", claims: claims)
        let toWrite = plan.filter { !output.contains($0.fileName) }
        let total = toWrite.reduce(0) { $0 + $1.trajectories.count }
        progress(.planned(folder: folder, shards: plan.count, toWrite: toWrite.count, trajectories: total))
        var summary = GenerationSummary(
            folder: folder, shardsWritten: 0, shardsSkipped: plan.count - toWrite.count, trajectoriesWritten: 0,
            bytesWritten: 0, seconds: 0, manifestPath: nil)
        for shard in plan where output.contains(shard.fileName) { progress(.shardSkipped(file: shard.fileName)) }

        var queue = ShardQueue(toWrite), written: Set<String> = []
        while let (shard, claim) = try queue.next(claims) {
            defer { claim.release() }
            guard !output.contains(shard.fileName) else {
                summary.shardsSkipped += 1
                progress(.shardSkipped(file: shard.fileName))
                continue
            }
            let shardStart = seconds(since: start)
            try write(shard, into: output)
            let bytes = output.fileSize(shard.fileName)
            summary.shardsWritten += 1
            written.insert(shard.fileName)
            summary.trajectoriesWritten += shard.trajectories.count
            summary.bytesWritten += bytes
            progress(
                .progress(
                    file: shard.fileName, done: shard.trajectories.count, total: shard.trajectories.count,
                    overallDone: summary.trajectoriesWritten, overallTotal: total, elapsed: seconds(since: start)))
            progress(
                .shardFinished(
                    file: shard.fileName, seconds: seconds(since: start) - shardStart, bytes: bytes, rejectedDraws: 0))
        }

        let missing = fullPlan.filter { !output.contains($0.fileName) }.count
        if missing == 0 {
            let claim = try claims.claim(DensityManifest.fileName)
            defer { claim.release() }
            let path = try writeManifest(into: output, rewritten: written)
            summary.manifestPath = path
            progress(.manifestWritten(path: path))
        } else {
            progress(.manifestPending(missingShards: missing))
        }
        claims.sweep()
        summary.seconds = seconds(since: start)
        return summary
    }

    /// Writes one shard through its temporary file.
    private func write(_ shard: ShardPlan.Shard, into output: DatasetFolder) throws(DatasetError) {
        let split = try spec.split(named: shard.split)
        let temporaryPath = AtomicFile.temporaryPath(for: output.path(of: shard.fileName))
        defer { unlink(temporaryPath) }
        let (points, logDensities, seeds) = Self.draw(spec, split: split, range: shard.trajectories)
        let n = shard.trajectories.count
        do {
            let file = try HDF5File.create(temporaryPath, ifExists: .truncate)
            let a = file.attributes
            typealias Name = DensityShardLayout.Attribute
            try a.set(Name.schemaVersion, Int64(DensitySpec.schemaVersion))
            try a.set(Name.generatorVersion, GeneratorInfo.version)
            try a.set(Name.system, DensitySpec.manifestSystem)
            try a.set(Name.datasetName, spec.name)
            try a.set(Name.target, spec.target.rawValue)
            try a.set(Name.formula, spec.target.formula)
            for constant in spec.target.constants { try a.set(Name.constantPrefix + constant.name, constant.value) }
            try a.set(Name.logNormalizer, spec.target.logNormalizer)
            try a.set(Name.region, split.region.rawValue)
            try a.set(Name.regionCondition, split.region.condition)
            try a.set(Name.split, shard.split)
            try a.set(Name.shardIndex, Int64(shard.index))
            try a.set(Name.shardCount, Int64(shard.count))
            try a.set(Name.firstIndex, Int64(shard.trajectories.lowerBound))
            try a.set(Name.samples, Int64(n))
            try a.set(Name.specJSON, spec.canonicalJSON())
            _ = try file.createDataset(DensityShardLayout.points, values: points, shape: [n, 2])
            _ = try file.createDataset(DensityShardLayout.logDensity, values: logDensities, shape: [n])
            _ = try file.createDataset(DensityShardLayout.seed, values: seeds, shape: [n])
            try file.close()
        } catch {
            throw DatasetError.writing(output.path(of: shard.fileName), error, doing: "cannot write density shard")
        }
        try output.moveIntoPlace(temporaryPath, as: shard.fileName)
    }

    /// Writes the dataset card and then `manifest.json`, listing every split and shard (all present); returns the
    /// manifest's path.
    private func writeManifest(into output: DatasetFolder, rewritten: Set<String>) throws(DatasetError) -> String {
        var entries: [DensityManifest.Split] = []
        for split in spec.splits {
            var shards: [DensityManifest.ShardEntry] = []
            for shard in fullPlan where shard.split == split.name {
                let digest = try output.sha256(of: shard.fileName)
                try ShardIntegrity.checkUnchanged(
                    output.path(of: shard.fileName), digest: digest, rewritten: rewritten.contains(shard.fileName))
                shards.append(
                    DensityManifest.ShardEntry(
                        file: shard.fileName, firstIndex: shard.trajectories.lowerBound,
                        trajectories: shard.trajectories.count, bytes: output.fileSize(shard.fileName), sha256: digest))
            }
            entries.append(
                DensityManifest.Split(name: split.name, trajectories: split.samples, frames: 1, shards: shards))
        }
        let manifest = DensityManifest(
            schemaVersion: DensitySpec.schemaVersion, generatorVersion: GeneratorInfo.version, name: spec.name,
            system: DensitySpec.manifestSystem, spec: spec, splits: entries)
        try output.writeAtomically(
            Data(DatasetCard.density(manifest, command: options.command).text.utf8), to: DatasetCard.fileName)
        try output.writeAtomically(manifest.jsonData(), to: DensityManifest.fileName)
        return output.path(of: DensityManifest.fileName)
    }
}

// The checks of GenerationPreflight for density datasets: 32 bytes per point (q, log-density, seed), each shard
// drawn in memory at once.
extension DensityGenerator {
    /// Bytes a point takes in a shard: two float64 coordinates, a float64 log-density, a uint64 seed.
    static let bytesPerPoint = 32.0
    /// HDF5 metadata of one shard (measured under 10 kB).
    static let shardOverheadBytes = 16_000.0

    /// Shard counts and the memory of the largest shard (drawn at once, then copied into the file).
    static func checkLimits(_ spec: DensitySpec, options: GenerationOptions) throws(DatasetError) {
        try GenerationPreflight.checkShardCounts(
            spec.splits.map { ($0.name, $0.samples) }, perShard: spec.samplesPerShard,
            shardsPerSplit: options.shardsPerSplit, unit: "points")
        let largest =
            spec.splits.map { split in
                let shards = GenerationPreflight.shardCount(
                    items: split.samples, perShard: spec.samplesPerShard, shardsPerSplit: options.shardsPerSplit)
                return split.samples / shards + 1
            }.max() ?? 0
        try GenerationPreflight.checkMemory(
            bytes: 3 * Double(largest) * bytesPerPoint, detail: "shards of \(largest) points drawn at once",
            advice: "ask for fewer points per shard (--shards, samples_per_shard)")
    }

    /// The shards' bytes against the free space.
    func checkSpace(for shards: [ShardPlan.Shard]) throws(DatasetError) {
        let points = shards.reduce(0) { $0 + $1.trajectories.count }
        let bytes = Double(shards.count) * Self.shardOverheadBytes + Double(points) * Self.bytesPerPoint
        try GenerationPreflight.checkSpace(
            neededBytes: bytes, folder: folder,
            estimate: "\(shards.count) shard(s) of \(points) points, \(Int(Self.bytesPerPoint)) bytes each",
            ignoreFreeSpace: options.ignoreFreeSpace)
    }
}
