import Foundation
import Support

/// The size of a video generation: what ``GenerationPreflight`` checks for ``DatasetGenerator``.
///
/// A trajectory of F frames at resolution R takes F·R²·3 bytes of raw frames, stored compressed (shuffle +
/// deflate), plus its float64 fields: the state and its time derivative (2·F·S numbers for S state coordinates),
/// the energy (F), the seed and the per-trajectory parameters. The compressed size is bounded by the *measured*
/// ratio: a few trajectories of the spec are simulated, rendered and compressed exactly as the generation will, and
/// their largest ratio, times ``compressionMargin``, multiplies the raw size of every trajectory. (Over the four
/// presets at 4 to 128 pixels the ratio of one trajectory to the largest of a split's never exceeded 1.05.)
/// Each shard adds about ``shardOverheadBytes`` of HDF5 metadata and ``perTrajectoryOverheadBytes`` of chunk index
/// per trajectory (measured: 14 to 31 kB per shard, 85 bytes per trajectory).
struct GenerationEstimate {
    /// The factor applied to the largest measured compression ratio.
    static let compressionMargin = 1.25
    /// Trajectories simulated, rendered and compressed to measure the ratio.
    static let sampleTrajectories = 4
    /// Frames of each sample trajectory, at most (the ratio barely depends on the length: 0.0274 at 256 frames
    /// against 0.0285 at 34 for the pendulum preset).
    static let sampleFrames = 64
    static let shardOverheadBytes = 64_000.0
    static let perTrajectoryOverheadBytes = 160.0

    let spec: DatasetSpec
    let source: any TrajectorySource

    /// Raw frame bytes of one trajectory of `frames` frames.
    func rawImageBytes(frames: Int) -> Double {
        Double(frames) * Double(spec.rendering.resolution) * Double(spec.rendering.resolution) * 3
    }

    /// The float64 fields of one trajectory of `frames` frames, as stored.
    func fieldBytes(frames: Int) -> Double {
        8 * (Double(frames) * Double(2 * source.stateNames.count + 1) + 1 + Double(source.parameterNames.count))
    }

    /// The bytes a trajectory holds in memory while it waits in a batch (its fields and its observed positions).
    func memoryBytes(frames: Int) -> Double {
        fieldBytes(frames: frames) + Double(frames) * Double(source.bodyRadii.count) * 16
    }

    /// Limits checked before the plan is built: shard counts, the HDF5 chunk limit, and the memory of the frames the
    /// workers render and of a batch's float64 fields (a batch's compressed frames are added by
    /// ``checkSpace(for:folder:options:)``, once the compression ratio is measured).
    static func checkLimits(
        spec: DatasetSpec, options: GenerationOptions, source: any TrajectorySource
    ) throws(DatasetError) {
        try GenerationPreflight.checkShardCounts(
            spec.splits.map { ($0.name, $0.trajectories) }, perShard: spec.trajectoriesPerShard,
            shardsPerSplit: options.shardsPerSplit, unit: "trajectories")
        let estimate = GenerationEstimate(spec: spec, source: source)
        let longest = spec.splits.map { spec.frames(of: $0) }.max() ?? spec.frames
        let chunk = estimate.rawImageBytes(frames: longest)
        guard chunk < Double(UInt32.max) else {
            throw .tooLarge(
                reason:
                    "one trajectory of \(longest) frames at \(spec.rendering.resolution)x\(spec.rendering.resolution) is \(GenerationPreflight.text(chunk)) of frames, an HDF5 chunk, which must be under 4.3 GB; ask for fewer frames or a lower resolution"
            )
        }
        let jobs = Double(options.jobs)
        let batch = Double(DatasetGenerator.batchSize(jobs: options.jobs))
        let bytes =
            jobs * (chunk + estimate.memoryBytes(frames: longest)) + batch * 2 * estimate.memoryBytes(frames: longest)
        try GenerationPreflight.checkMemory(
            bytes: bytes,
            detail:
                "\(options.jobs) worker(s) rendering \(GenerationPreflight.text(chunk)) of frames each and batches of \(Int(batch)) trajectories of \(longest) frames",
            advice: "ask for fewer frames, a lower resolution or fewer --jobs")
    }

    /// The largest compressed-to-raw ratio of the image chunks of a few trajectories of the spec, times
    /// ``compressionMargin`` (at most 1.01: deflate never grows data by more than a few bytes per block).
    func measuredCompressionBound() throws(DatasetError) -> Double {
        let canvas = try SystemCatalog.canvas(for: spec)
        let worker = TrajectoryWorker(canvas: canvas, source: source)
        let split = spec.splits[0]
        let frames = min(spec.frames(of: split), Self.sampleFrames)
        var largest = 0.0
        for index in 0..<min(Self.sampleTrajectories, split.trajectories) {
            let seed = DatasetGenerator.trajectorySeed(datasetSeed: spec.seed, split: split.name, index: index)
            let item = try worker.produce(seed: seed, frames: frames)
            largest = max(largest, Double(item.compressedImage.count) / rawImageBytes(frames: frames))
        }
        return min(largest * Self.compressionMargin, 1.01)
    }

    /// The bytes the shards will take, with the words that say how that was estimated.
    func bytes(of shards: [ShardPlan.Shard], ratio: Double) -> (bytes: Double, description: String) {
        var total = 0.0, trajectories = 0
        for shard in shards {
            let n = Double(shard.trajectories.count)
            total +=
                Self.shardOverheadBytes
                + n
                * (rawImageBytes(frames: shard.frames) * ratio + fieldBytes(frames: shard.frames)
                    + Self.perTrajectoryOverheadBytes)
            trajectories += shard.trajectories.count
        }
        let r = spec.rendering.resolution
        let text =
            "\(shards.count) shard(s) of \(trajectories) trajectories of \(r)x\(r) RGB frames compressed to at most "
            + String(format: "%.1f%%", ratio * 100)
            + " of their raw size (measured on \(Self.sampleTrajectories) trajectories, with a margin of \(Int((Self.compressionMargin - 1) * 100))%), plus the float64 fields"
        return (total, text)
    }

    /// Checks the memory of a batch with the measured ratio, then the shards' bytes against the free space.
    func checkSpace(for shards: [ShardPlan.Shard], folder: String, options: GenerationOptions) throws(DatasetError) {
        guard !shards.isEmpty else { return }
        let ratio = try measuredCompressionBound()
        let longest = shards.map(\.frames).max() ?? spec.frames
        let batch = Double(DatasetGenerator.batchSize(jobs: options.jobs))
        let perTrajectory = rawImageBytes(frames: longest) * ratio + memoryBytes(frames: longest)
        try GenerationPreflight.checkMemory(
            bytes: Double(options.jobs) * rawImageBytes(frames: longest) + batch * 2 * perTrajectory,
            detail: "batches of \(Int(batch)) compressed trajectories of \(longest) frames",
            advice: "ask for fewer frames, a lower resolution or fewer --jobs")
        let (bytes, text) = bytes(of: shards, ratio: ratio)
        try GenerationPreflight.checkSpace(
            neededBytes: bytes, folder: folder, estimate: text, ignoreFreeSpace: options.ignoreFreeSpace)
    }
}
