import Dispatch
import Foundation
import Physics
import Rendering
import SeededRandom
import Support

/// How to run a generation (none of it changes the data).
public struct GenerationOptions: Sendable {
    /// The number of cores, the default worker count.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Worker threads simulating, rendering and compressing trajectories.
    public var jobs = GenerationOptions.defaultJobs
    /// Shards per split; `nil` lets the spec's `trajectories_per_shard` decide.
    public var shardsPerSplit: Int?
    /// Write only this shard of the plan (0-based over all splits), for job arrays.
    public var onlyShard: Int?
    /// Make a dataset of only these splits (its spec, manifest and shards then name only them); `nil` for all.
    public var splits: [String]?
    /// The command that runs this generation, without the options that do not change the data, for the dataset
    /// card (`nil`: the card shows only the command that regenerates the folder).
    public var command: String?
    /// Skip the comparison of the estimated bytes with the free space of the output's file system (for file
    /// systems that report it wrongly); the other limits of ``GenerationPreflight`` still apply.
    public var ignoreFreeSpace = false

    public init() {}
}

/// What the generator reports while it works.
public enum GenerationEvent: Sendable {
    /// The plan: shards in it, how many must still be written, trajectories they hold.
    case planned(folder: String, shards: Int, toWrite: Int, trajectories: Int)
    /// A shard already exists complete and is kept.
    case shardSkipped(file: String)
    /// Trajectories written so far, in the current shard and over the whole run.
    case progress(file: String, done: Int, total: Int, overallDone: Int, overallTotal: Int, elapsed: Double)
    /// A shard was completed and renamed into place.
    case shardFinished(file: String, seconds: Double, bytes: Int, rejectedDraws: Int)
    /// The manifest was written.
    case manifestWritten(path: String)
    /// The manifest was not written because shards of the plan are still missing.
    case manifestPending(missingShards: Int)
}

/// What a generation did.
public struct GenerationSummary: Sendable {
    public var folder: String
    public var shardsWritten: Int
    public var shardsSkipped: Int
    public var trajectoriesWritten: Int
    public var bytesWritten: Int
    public var seconds: Double
    /// Path of the manifest, when every shard of the plan exists.
    public var manifestPath: String?
    /// Where the time went.
    public var phaseTimes = PhaseTimes()
    /// Frames rendered.
    public var framesRendered = 0
    /// Bytes of the rendered frames before compression.
    public var rawImageBytes = 0
}

extension GenerationSummary {
    /// The summary as one line of JSON (sorted keys), for benchmarks and scripts.
    public func jsonLine() -> String {
        let fields: [String: Any] = [
            "folder": folder, "shards_written": shardsWritten, "shards_skipped": shardsSkipped,
            "trajectories": trajectoriesWritten, "frames": framesRendered, "bytes": bytesWritten,
            "raw_image_bytes": rawImageBytes, "seconds": seconds,
            "traj_per_s": seconds > 0 ? Double(trajectoriesWritten) / seconds : 0,
            "simulate_cpu_s": phaseTimes.simulation, "render_cpu_s": phaseTimes.rendering,
            "statistics_cpu_s": phaseTimes.statistics,
            "compress_cpu_s": phaseTimes.compression, "write_s": phaseTimes.writing,
        ]
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            let text = String(data: data, encoding: .utf8)
        else { preconditionFailure("the summary is always serialisable") }
        return text
    }
}

/// Generates a dataset folder: `spec.json`, the shards, and `manifest.json`.
///
/// Trajectories are simulated, rendered and compressed on ``GenerationOptions/jobs`` threads in batches, then written
/// in index order by one thread, so the files do not depend on the thread count. Each shard is written under a
/// temporary name of its process (``AtomicFile/temporaryPath(for:)``) and renamed when complete; a rerun skips
/// complete shards and rewrites the others, ending byte-identical to an uninterrupted run.
///
/// Faults: sizes are checked before any work (``GenerationPreflight``); a failed write (a full disk) or a stop by
/// SIGINT or SIGTERM (``StopRequest``, polled between batches and trajectories) removes the temporary file, so
/// nothing incomplete is left under a final name; several processes may generate into one folder at once, sharing
/// its files through their claims (``FolderClaims``).
///
/// `manifest.json` is written by the run that finds every shard of the plan (every split) present, and by no other:
/// shards written one at a time by the tasks of a job array (``GenerationOptions/onlyShard``) end in the same folder,
/// byte for byte, as one run.
public struct DatasetGenerator: Sendable {
    /// The spec of the dataset made: the given one, narrowed to ``GenerationOptions/splits`` when they are given.
    public let spec: DatasetSpec
    public let folder: String
    public let options: GenerationOptions
    private let plan: ShardPlan
    private let fullPlan: ShardPlan
    let source: any TrajectorySource

    /// Prepares a generation; validates the spec and the options.
    public init(
        spec: DatasetSpec, folder: String, options: GenerationOptions = GenerationOptions()
    ) throws(DatasetError) {
        try spec.validate()
        guard options.jobs > 0 else { throw .invalidSpec(field: "jobs", reason: "must be > 0 (got \(options.jobs))") }
        var spec = spec
        spec.splits = try selectSplits(spec.splits, named: options.splits, name: \.name)
        self.spec = spec
        self.folder = folder
        self.options = options
        source = try SystemCatalog.trajectorySource(for: spec)
        try GenerationEstimate.checkLimits(spec: spec, options: options, source: source)
        fullPlan = try ShardPlan(spec: spec, shardsPerSplit: options.shardsPerSplit)
        var plan = fullPlan
        if let only = options.onlyShard {
            guard plan.shards.indices.contains(only) else {
                throw .shardOutOfPlan(index: only, count: plan.shards.count)
            }
            plan.shards = [plan.shards[only]]
        }
        self.plan = plan
    }

    /// The number of shards of the dataset's plan (all splits): a job array runs indices 0 to `shardCount - 1`.
    public var shardCount: Int { fullPlan.shards.count }

    /// Trajectories produced (and held in memory) at once by `jobs` workers before they are written.
    static func batchSize(jobs: Int) -> Int { max(64, 32 * jobs) }

    /// The seed of trajectory `index` of a split: a hash of the dataset seed, the split name and the index.
    public static func trajectorySeed(datasetSeed: UInt64, split: String, index: Int) -> UInt64 {
        SeededGenerator.trajectorySeed(datasetSeed: datasetSeed, stream: splitStream(split), index: UInt64(index))
    }

    /// A stable 64-bit id of a split name (FNV-1a), so adding a split never changes another split's seeds.
    static func splitStream(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Runs the generation, reporting progress through `progress` (called from the calling thread).
    public func run(progress: (GenerationEvent) -> Void = { _ in }) throws(DatasetError) -> GenerationSummary {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        try DatasetFolder(path: folder).refuseAnotherPlan(splits: spec.splits.map(\.name), plan: fullPlan.shards)
        try GenerationEstimate(spec: spec, source: source).checkSpace(
            for: plan.shards.filter { !isComplete($0) }, folder: folder, options: options)
        let claims = FolderClaims(folder: folder)
        try prepareFolder(claims)

        let toWrite = plan.shards.filter { !isComplete($0) }
        let total = toWrite.reduce(0) { $0 + $1.trajectories.count }
        progress(.planned(folder: folder, shards: plan.shards.count, toWrite: toWrite.count, trajectories: total))
        var summary = GenerationSummary(
            folder: folder, shardsWritten: 0, shardsSkipped: plan.shards.count - toWrite.count, trajectoriesWritten: 0,
            bytesWritten: 0, seconds: 0, manifestPath: nil)
        for shard in plan.shards where isComplete(shard) { progress(.shardSkipped(file: shard.fileName)) }

        var queue = ShardQueue(toWrite), written: Set<String> = []
        while let (shard, claim) = try queue.next(claims) {
            defer { claim.release() }
            guard !isComplete(shard) else {
                summary.shardsSkipped += 1
                progress(.shardSkipped(file: shard.fileName))
                continue
            }
            let shardStart = elapsed()
            let rejected = try write(shard, times: &summary.phaseTimes) { done in
                progress(
                    .progress(
                        file: shard.fileName, done: done, total: shard.trajectories.count,
                        overallDone: summary.trajectoriesWritten + done, overallTotal: total, elapsed: elapsed()))
            }
            let bytes = fileSize(path(of: shard.fileName))
            summary.shardsWritten += 1
            written.insert(shard.fileName)
            summary.trajectoriesWritten += shard.trajectories.count
            summary.framesRendered += shard.trajectories.count * shard.frames
            summary.rawImageBytes +=
                shard.trajectories.count * shard.frames * spec.rendering.resolution * spec.rendering.resolution * 3
            summary.bytesWritten += bytes
            progress(
                .shardFinished(
                    file: shard.fileName, seconds: elapsed() - shardStart, bytes: bytes, rejectedDraws: rejected))
        }

        let missing = fullPlan.shards.filter { !isComplete($0) }.count
        if missing == 0 {
            let claim = try claims.claim(Manifest.fileName)
            defer { claim.release() }
            let path = try writeManifest(rewritten: written)
            summary.manifestPath = path
            progress(.manifestWritten(path: path))
        } else {
            progress(.manifestPending(missingShards: missing))
        }
        claims.sweep()
        summary.seconds = elapsed()
        return summary
    }

    // MARK: - Folder and files

    private func path(of file: String) -> String { (folder as NSString).appendingPathComponent(file) }

    private func isComplete(_ shard: ShardPlan.Shard) -> Bool {
        FileManager.default.fileExists(atPath: path(of: shard.fileName))
    }

    /// Creates the folder and records the spec, or checks that an existing folder was made from the same spec.
    private func prepareFolder(_ claims: FolderClaims) throws(DatasetError) {
        try DatasetFolder(path: folder).prepare(specJSON: spec.canonicalJSON() + "\n", claims: claims)
    }

    /// Writes through a temporary file named after this host and process (``AtomicFile``), so that jobs of an array
    /// finishing together never write the same temporary file (they write identical content, and the last rename wins).
    private func writeAtomically(_ data: Data, to path: String) throws(DatasetError) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw DatasetError(error)
        }
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    // MARK: - One shard

    /// Writes one shard through its temporary file; returns the number of rejected initial conditions.
    private func write(
        _ shard: ShardPlan.Shard, times: inout PhaseTimes, progress: (Int) -> Void
    ) throws(DatasetError) -> Int {
        let finalPath = path(of: shard.fileName)
        let temporaryPath = AtomicFile.temporaryPath(for: finalPath)
        do {
            return try write(shard, to: temporaryPath, times: &times, progress: progress)
        } catch {
            unlink(temporaryPath)
            if case .writeFailed(_, let reason) = error { throw .writeFailed(path: finalPath, reason: reason) }
            throw error
        }
    }

    /// Writes one shard to `temporaryPath`, then renames it into place.
    private func write(
        _ shard: ShardPlan.Shard, to temporaryPath: String, times: inout PhaseTimes, progress: (Int) -> Void
    ) throws(DatasetError) -> Int {
        let finalPath = path(of: shard.fileName)
        let writer = try ShardWriter(path: temporaryPath, shard: shard, spec: spec, source: source)
        let canvas = try SystemCatalog.canvas(for: spec)
        let jobs = options.jobs
        let workers = (0..<jobs).map { _ in TrajectoryWorker(canvas: canvas, source: source) }
        let batchSize = Self.batchSize(jobs: jobs)
        var rejected = 0
        var index = shard.trajectories.lowerBound
        while index < shard.trajectories.upperBound {
            try checkStopRequest()
            let batch = index..<min(index + batchSize, shard.trajectories.upperBound)
            let items = try produce(batch, split: shard.split, frames: shard.frames, workers: workers)
            rejected += items.reduce(0) { $0 + $1.trajectory.rejectedDraws }
            let writeStart = threadCPUTime()
            try writer.append(items)
            times.writing += threadCPUTime() - writeStart
            index = batch.upperBound
            progress(index - shard.trajectories.lowerBound)
        }
        let finishStart = threadCPUTime()
        try writer.finish()
        times.writing += threadCPUTime() - finishStart
        for worker in workers { times += worker.times }
        do {
            try AtomicFile.moveIntoPlace(temporaryPath, as: finalPath)
        } catch {
            throw .writeFailed(path: finalPath, reason: error.reason)
        }
        return rejected
    }

    /// Simulates, renders and compresses the trajectories of `batch` on all workers; returns them in index order.
    private func produce(
        _ batch: Range<Int>, split: String, frames: Int, workers: [TrajectoryWorker]
    ) throws(DatasetError) -> [ShardItem] {
        let results = ResultSlots<Result<ShardItem, DatasetError>>(count: batch.count)
        let seed = spec.seed
        let count = workers.count
        let boxedWorkers = UncheckedSendable(workers)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let worker = boxedWorkers.value[index]
            var slot = index
            while slot < batch.count {
                if let signal = StopRequest.receivedSignal {
                    results[slot] = .failure(.interrupted(signal: signal))
                    slot += count
                    continue
                }
                let trajectorySeed = DatasetGenerator.trajectorySeed(
                    datasetSeed: seed, split: split, index: batch.lowerBound + slot)
                results[slot] = Result { () throws(DatasetError) -> ShardItem in
                    try worker.produce(seed: trajectorySeed, frames: frames)
                }
                slot += count
            }
        }
        var items: [ShardItem] = []
        items.reserveCapacity(batch.count)
        for slot in 0..<batch.count {
            guard let result = results[slot] else { preconditionFailure("a batch slot was not filled") }
            items.append(try result.get())
        }
        return items
    }

    // MARK: - Manifest

    /// Writes the dataset card and then `manifest.json`, listing every split and shard (all present) with the train
    /// split's statistics (pooled from the sums every shard stores); returns the manifest's path.
    private func writeManifest(rewritten: Set<String>) throws(DatasetError) -> String {
        var splits: [Manifest.Split] = []
        for split in spec.splits {
            var entries: [Manifest.ShardEntry] = []
            for shard in fullPlan.shards where shard.split == split.name {
                let file = path(of: shard.fileName)
                let digest: String
                do {
                    digest = try FileChecksum.sha256(ofFileAt: file)
                } catch {
                    throw .io(path: file, reason: "cannot checksum: \(error)")
                }
                try ShardIntegrity.checkUnchanged(file, digest: digest, rewritten: rewritten.contains(shard.fileName))
                entries.append(
                    Manifest.ShardEntry(
                        file: shard.fileName, firstIndex: shard.trajectories.lowerBound,
                        trajectories: shard.trajectories.count, bytes: fileSize(file), sha256: digest))
            }
            splits.append(
                Manifest.Split(
                    name: split.name, trajectories: split.trajectories, frames: spec.frames(of: split), shards: entries)
            )
        }
        var manifest = Manifest(
            schemaVersion: DatasetSpec.schemaVersion, generatorVersion: GeneratorInfo.version, name: spec.name,
            system: spec.system.rawValue, spec: spec, splits: splits)
        manifest.statistics = try NormalizationStatistics.of(manifest, folder: folder)
        let card = try DatasetCard.video(manifest, command: options.command)
        try writeAtomically(Data(card.text.utf8), to: path(of: DatasetCard.fileName))
        let manifestPath = path(of: Manifest.fileName)
        try writeAtomically(manifest.jsonData(), to: manifestPath)
        return manifestPath
    }
}

/// Fixed slots that worker threads fill, each slot by exactly one thread (so no two threads touch the same memory).
final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        _ = storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}

/// Wraps a value whose thread-safety is ensured by how it is used (here: one worker object per thread).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
