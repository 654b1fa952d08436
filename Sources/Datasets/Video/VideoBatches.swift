import Foundation
import Physics
import SeededRandom

/// Why a ``VideoBatches`` stream could not be opened or read. Each message says what to do.
public enum VideoBatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder, its manifest, the split or a shard could not be read (the dataset error says which).
    case dataset(DatasetError)
    /// The dataset's frames are not the size the model was built for.
    case resolutionMismatch(folder: String, found: Int, expected: Int)
    /// The split's trajectories are shorter than the frames asked for.
    case tooFewFrames(folder: String, split: String, found: Int, needed: Int)
    /// The split has no trajectories.
    case emptySplit(folder: String, split: String)
    /// A batch size, sequence length or start that cannot be served.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .dataset(let error):
            return "\(error)"
        case .resolutionMismatch(let folder, let found, let expected):
            return "\(folder) holds \(found)x\(found) frames, but the model expects \(expected)x\(expected): "
                + "generate the dataset with --resolution \(expected), or build the model for \(found)x\(found) frames"
        case .tooFewFrames(let folder, let split, let found, let needed):
            return "split '\(split)' of \(folder) has \(found) frames per trajectory, but \(needed) are needed: "
                + "generate it with --frames \(needed) or more, or ask for shorter sequences"
        case .emptySplit(let folder, let split):
            return "split '\(split)' of \(folder) holds no trajectories: regenerate the dataset with a positive size"
        case .invalidRequest(let reason):
            return reason
        }
    }
}

/// One batch of video sequences: frames as Float32 NHWC in `[0, 1]` and the true phase states beside them.
public struct VideoBatch: Sendable, Equatable {
    /// Pixels `[count, length, resolution, resolution, 3]`, row-major, each `uint8 / 255`.
    public var frames: [Float]
    /// True states `[count, length, stateCount]` = concat(q, p) at every frame.
    public var states: [Double]
    /// Index within the split of each sequence's trajectory.
    public var trajectoryIndices: [Int]
    /// First frame of each sequence within its trajectory.
    public var startFrames: [Int]
    /// Frames per sequence.
    public var length: Int
    /// Frame width and height.
    public var resolution: Int
    /// Numbers per state (2D).
    public var stateCount: Int

    /// A batch from its parts (`frames` and `states` laid out as documented above).
    public init(
        frames: [Float], states: [Double], trajectoryIndices: [Int], startFrames: [Int], length: Int,
        resolution: Int, stateCount: Int
    ) {
        precondition(
            frames.count == trajectoryIndices.count * length * resolution * resolution * 3,
            "frames must hold count x length x resolution² x 3 values")
        precondition(
            states.count == trajectoryIndices.count * length * stateCount,
            "states must hold count x length x stateCount values")
        self.frames = frames
        self.states = states
        self.trajectoryIndices = trajectoryIndices
        self.startFrames = startFrames
        self.length = length
        self.resolution = resolution
        self.stateCount = stateCount
    }

    /// Number of sequences.
    public var count: Int { trajectoryIndices.count }
    /// Shape of ``frames``: `[count, length, resolution, resolution, 3]`.
    public var frameShape: [Int] { [count, length, resolution, resolution, 3] }
    /// Shape of ``states``: `[count, length, stateCount]`.
    public var stateShape: [Int] { [count, length, stateCount] }
}

/// Where each sequence of a batch starts within its trajectory.
public enum SequenceStart: Hashable, Sendable {
    /// Always at this frame.
    case fixed(Int)
    /// Uniformly at random among the starts that fit, drawn from the stream's seed and the batch's position.
    case random
}

/// A seeded, shuffled stream of batches over one split of a dataset folder, read from the shards by hyperslab.
///
/// **Order.** The stream is the concatenation of epochs; each epoch is a permutation of the split's trajectories
/// drawn from `seed` and the epoch number (or the identity when `shuffled` is `false`). Batch `k` holds the
/// entries `k·batchSize ..< (k+1)·batchSize` of that endless sequence, so a batch may span two epochs and a split
/// smaller than a batch still serves full batches. Batch `k` depends only on `(seed, k)`: ``position`` (the number
/// of batches served) is all a checkpoint needs to resume the stream exactly.
///
/// **Sub-sequences.** Each sequence is `length` consecutive frames of its trajectory starting at ``SequenceStart``.
///
/// ```swift
/// let batches = try VideoBatches(folder: "data/pendulum", split: "train", batchSize: 16, seed: 1,
///                                length: 8, start: .random, expectedResolution: 32)
/// let batch = try batches.next()     // batch.frames: 16 x 8 x 32 x 32 x 3 floats in [0, 1]
/// ```
///
/// Not thread-safe (it holds open shard files, and libhdf5 is serial): use one stream per thread.
public final class VideoBatches {
    /// The dataset folder.
    public let folder: String
    /// The split read.
    public let split: String
    /// Sequences per batch.
    public let batchSize: Int
    /// Seed of the shuffling and of random starts.
    public let seed: UInt64
    /// Whether epochs are shuffled (otherwise trajectories come in index order).
    public let shuffled: Bool
    /// Frames per sequence.
    public let length: Int
    /// Where sequences start.
    public let start: SequenceStart
    /// Trajectories in the split.
    public let trajectoryCount: Int
    /// Frames per trajectory in the split.
    public let framesPerTrajectory: Int
    /// Frame width and height.
    public let resolution: Int
    /// Numbers per state (2D).
    public let stateCount: Int
    /// Batches served so far by ``next()``; set it to resume a stream.
    public var position: Int

    private let shards: [(reader: ShardReader, first: Int, count: Int)]
    private var cachedEpoch: (epoch: Int, permutation: [Int])?

    /// Opens the split `split` of the dataset in `folder`.
    ///
    /// - Parameters:
    ///   - length: frames per sequence; `nil` for whole trajectories.
    ///   - start: where each sequence starts (``SequenceStart/fixed(_:)`` 0 by default).
    ///   - expectedResolution: the frame size the caller's model needs, checked against the dataset; `nil` to skip.
    ///   - position: the first batch to serve (a resumed stream).
    /// - Throws: ``VideoBatchError`` for a folder that is not a finished dataset, an unknown split, unreadable shards,
    ///   frames of another size, trajectories too short for `length` and `start`, or a non-positive batch size.
    /// - Complexity: opens every shard of the split (O(shards)).
    public init(
        folder: String, split: String, batchSize: Int, seed: UInt64 = 0, shuffled: Bool = true,
        length: Int? = nil, start: SequenceStart = .fixed(0), expectedResolution: Int? = nil,
        position: Int = 0
    ) throws(VideoBatchError) {
        guard batchSize > 0 else { throw .invalidRequest("batch size must be positive (got \(batchSize))") }
        guard position >= 0 else { throw .invalidRequest("stream position must be non-negative (got \(position))") }
        let manifest: Manifest, entry: Manifest.Split
        do {
            manifest = try Manifest.load(folder: folder)
            entry = try manifest.split(named: split)
        } catch {
            throw .dataset(error)
        }
        guard entry.trajectories > 0, !entry.shards.isEmpty else { throw .emptySplit(folder: folder, split: split) }
        let resolution = manifest.spec.rendering.resolution
        if let expectedResolution, expectedResolution != resolution {
            throw .resolutionMismatch(folder: folder, found: resolution, expected: expectedResolution)
        }
        let length = length ?? entry.frames
        guard length > 0 else { throw .invalidRequest("sequence length must be positive (got \(length))") }
        let needed: Int
        switch start {
        case .fixed(let first):
            guard first >= 0 else { throw .invalidRequest("sequence start must be non-negative (got \(first))") }
            needed = first + length
        case .random:
            needed = length
        }
        guard entry.frames >= needed else {
            throw .tooFewFrames(folder: folder, split: split, found: entry.frames, needed: needed)
        }
        var shards: [(reader: ShardReader, first: Int, count: Int)] = []
        for shard in entry.shards {
            let path = (folder as NSString).appendingPathComponent(shard.file)
            let reader: ShardReader
            do { reader = try ShardReader(path: path) } catch { throw .dataset(error) }
            guard reader.resolution == resolution, reader.frames == entry.frames, reader.count == shard.trajectories
            else {
                throw .dataset(
                    .notAShard(
                        path: path,
                        reason:
                            "its size (\(reader.count) x \(reader.frames) frames of \(reader.resolution) px) disagrees "
                            + "with manifest.json; regenerate the dataset"))
            }
            shards.append((reader, shard.firstIndex, shard.trajectories))
        }
        self.folder = folder
        self.split = split
        self.batchSize = batchSize
        self.seed = seed
        self.shuffled = shuffled
        self.length = length
        self.start = start
        self.trajectoryCount = entry.trajectories
        self.framesPerTrajectory = entry.frames
        self.resolution = resolution
        self.stateCount = shards[0].reader.stateCount
        self.position = position
        self.shards = shards
    }

    /// Batches in one pass over the split (the last one may reach into the next epoch). O(1).
    public var batchesPerEpoch: Int { (trajectoryCount + batchSize - 1) / batchSize }

    /// The batch at ``position``, then advances the position. Each sequence costs one hyperslab read (one chunk).
    public func next() throws(VideoBatchError) -> VideoBatch {
        let batch = try self.batch(at: position)
        position += 1
        return batch
    }

    /// Batch number `index` of the stream (independent of ``position``). O(batchSize) reads, plus O(trajectories)
    /// to draw a permutation when the batch starts a new epoch.
    public func batch(at index: Int) throws(VideoBatchError) -> VideoBatch {
        precondition(index >= 0, "batch index must be non-negative")
        var trajectories: [Int] = []
        trajectories.reserveCapacity(batchSize)
        for slot in 0..<batchSize {
            let global = index * batchSize + slot
            trajectories.append(trajectory(epoch: global / trajectoryCount, offset: global % trajectoryCount))
        }
        let starts: [Int]
        switch start {
        case .fixed(let first):
            starts = Array(repeating: first, count: batchSize)
        case .random:
            var generator = SeededGenerator(
                seed: SeededGenerator.trajectorySeed(datasetSeed: seed, stream: 2, index: UInt64(index)))
            let choices = UInt64(framesPerTrajectory - length + 1)
            starts = (0..<batchSize).map { _ in Int(choices.multipliedFullWidth(by: generator.next()).high) }
        }
        return try read(trajectories: trajectories, starts: starts)
    }

    /// The sequences of the given trajectories (indices within the split), each from its own start frame, in that
    /// order: for evaluation on fixed sequences. O(trajectories.count) reads.
    public func read(trajectories: [Int], starts: [Int]) throws(VideoBatchError) -> VideoBatch {
        precondition(trajectories.count == starts.count, "one start per trajectory")
        let frameSize = resolution * resolution * 3
        var frames = [Float](repeating: 0, count: trajectories.count * length * frameSize)
        var states = [Double](repeating: 0, count: trajectories.count * length * stateCount)
        for (slot, (trajectory, first)) in zip(trajectories, starts).enumerated() {
            guard (0..<trajectoryCount).contains(trajectory) else {
                throw .invalidRequest("trajectory \(trajectory) is outside split '\(split)' (0..<\(trajectoryCount))")
            }
            guard first >= 0, first + length <= framesPerTrajectory else {
                throw .tooFewFrames(folder: folder, split: split, found: framesPerTrajectory, needed: first + length)
            }
            guard let shard = shards.last(where: { $0.first <= trajectory }) else {
                preconditionFailure("shards cover the split from index 0")
            }
            let local = trajectory - shard.first
            let pixels: [UInt8], trueStates: [Double]
            do {
                pixels = try shard.reader.images(local..<local + 1)
                trueStates = try shard.reader.states(local..<local + 1)
            } catch {
                throw .dataset(error)
            }
            let pixelOffset = first * frameSize, pixelCount = length * frameSize
            frames.withUnsafeMutableBufferPointer { destination in
                pixels.withUnsafeBufferPointer { source in
                    for i in 0..<pixelCount {
                        destination[slot * pixelCount + i] = Float(source[pixelOffset + i]) / 255
                    }
                }
            }
            let stateOffset = first * stateCount, stateLength = length * stateCount
            for i in 0..<stateLength { states[slot * stateLength + i] = trueStates[stateOffset + i] }
        }
        return VideoBatch(
            frames: frames, states: states, trajectoryIndices: trajectories, startFrames: starts,
            length: length, resolution: resolution, stateCount: stateCount)
    }

    /// The trajectory at `offset` in the permutation of `epoch`.
    private func trajectory(epoch: Int, offset: Int) -> Int {
        guard shuffled else { return offset }
        if cachedEpoch?.epoch != epoch {
            cachedEpoch = (epoch, Self.permutation(count: trajectoryCount, seed: seed, epoch: epoch))
        }
        return cachedEpoch?.permutation[offset] ?? offset
    }

    /// A Fisher–Yates permutation of `0..<count` drawn from `(seed, epoch)`, with bounded draws by multiply-high
    /// so that it never depends on the standard library's shuffling algorithm. O(count).
    static func permutation(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var generator = SeededGenerator(
            seed: SeededGenerator.trajectorySeed(datasetSeed: seed, stream: 1, index: UInt64(epoch)))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(UInt64(i + 1).multipliedFullWidth(by: generator.next()).high)
            order.swapAt(i, j)
        }
        return order
    }
}
