import Foundation
import HDF5
import Rendering

/// One trajectory ready to be written: its simulation and its compressed image chunk.
struct ShardItem: Sendable {
    var trajectory: SimulatedTrajectory
    /// The trajectory's frames [T, H, W, 3], already passed through the image dataset's filters (shuffle + deflate).
    var compressedImage: [UInt8]
}

/// Writes one shard file: creates its datasets and attributes, then takes trajectories in order.
///
/// The caller writes to a temporary path and renames the file only after ``finish()`` returns, so a shard that exists
/// under its final name is always complete. Images arrive pre-compressed (compression runs on all worker threads, see
/// ``TrajectoryWorker``); this writer only copies bytes into the file.
final class ShardWriter {
    let path: String
    private let file: HDF5File
    private let image: HDF5Dataset
    private let state: HDF5Dataset
    private let stateDerivative: HDF5Dataset
    private let energy: HDF5Dataset
    private let seed: HDF5Dataset
    private let parameters: [HDF5Dataset]
    private let count: Int
    private let frames: Int
    private let stateCount: Int
    private(set) var written = 0

    /// Creates the shard file (replacing any file at `path`) with every dataset and attribute.
    init(path: String, shard: ShardPlan.Shard, spec: DatasetSpec, source: any TrajectorySource) throws(DatasetError) {
        self.path = path
        let count = shard.trajectories.count
        let frames = shard.frames
        let stateCount = source.stateNames.count
        self.count = count
        self.frames = frames
        self.stateCount = stateCount
        let resolution = spec.rendering.resolution
        do {
            file = try HDF5File.create(path, ifExists: .truncate)
            let a = file.attributes
            typealias Name = ShardLayout.Attribute
            try a.set(Name.schemaVersion, Int64(DatasetSpec.schemaVersion))
            try a.set(Name.generatorVersion, GeneratorInfo.version)
            try a.set(Name.datasetName, spec.name)
            try a.set(Name.system, spec.system.rawValue)
            try a.set(Name.split, shard.split)
            try a.set(Name.shardIndex, Int64(shard.index))
            try a.set(Name.shardCount, Int64(shard.count))
            try a.set(Name.firstIndex, Int64(shard.trajectories.lowerBound))
            try a.set(Name.trajectories, Int64(count))
            try a.set(Name.frames, Int64(frames))
            try a.set(Name.dt, spec.dt)
            try a.set(Name.integrator, spec.integrator.name)
            try a.set(Name.tolerance, spec.integrator.isAdaptive ? spec.integrator.relativeTolerance : 0)
            try a.set(Name.resolution, Int64(resolution))
            try a.set(Name.worldHalfWidth, spec.rendering.halfWidth(for: spec.system))
            try a.set(Name.observationNoise, spec.observationNoise)
            try a.set(Name.stateNames, source.stateNames)
            try a.set(Name.bodyRadii, source.bodyRadii)
            try a.set(Name.bodyColors, source.bodyColors.flatMap { [Int64($0.red), Int64($0.green), Int64($0.blue)] })
            let background = RGBColor.background
            try a.set(Name.background, [Int64(background.red), Int64(background.green), Int64(background.blue)])
            try a.set(Name.specJSON, spec.canonicalJSON())

            image = try file.createDataset(
                ShardLayout.image, of: UInt8.self, shape: [count, frames, resolution, resolution, 3],
                chunkShape: [1, frames, resolution, resolution, 3], shuffle: true,
                deflateLevel: ShardLayout.imageDeflateLevel)
            state = try file.createDataset(ShardLayout.state, of: Double.self, shape: [count, frames, stateCount])
            stateDerivative = try file.createDataset(
                ShardLayout.stateDerivative, of: Double.self, shape: [count, frames, stateCount])
            energy = try file.createDataset(ShardLayout.energy, of: Double.self, shape: [count, frames])
            seed = try file.createDataset(ShardLayout.seed, of: UInt64.self, shape: [count])
            _ = try file.createDataset(ShardLayout.time, values: (0..<frames).map { Double($0) * spec.dt })
            let other = try file.createGroup(ShardLayout.other)
            parameters = try source.parameterNames.map { (name) throws(HDF5Error) in
                try other.createDataset(name, of: Double.self, shape: [count])
            }
        } catch {
            throw DatasetError.writing(path, error, doing: "cannot create shard")
        }
    }

    /// The compressor matching the image dataset's filters, for worker threads.
    static func imageCompressor() -> ChunkCompressor {
        ChunkCompressor(elementSize: 1, shuffle: true, deflateLevel: ShardLayout.imageDeflateLevel)
    }

    /// Appends trajectories in order.
    func append(_ items: [ShardItem]) throws(DatasetError) {
        guard !items.isEmpty else { return }
        precondition(written + items.count <= count, "more trajectories than the shard holds")
        let b = items.count
        var states = [Double](), derivatives = [Double](), energies = [Double](), seeds = [UInt64]()
        states.reserveCapacity(b * frames * stateCount)
        derivatives.reserveCapacity(b * frames * stateCount)
        energies.reserveCapacity(b * frames)
        var parameterValues = [[Double]](repeating: [], count: parameters.count)
        for item in items {
            states += item.trajectory.states
            derivatives += item.trajectory.derivatives
            energies += item.trajectory.energies
            seeds.append(item.trajectory.seed)
            for (k, value) in item.trajectory.parameters.enumerated() { parameterValues[k].append(value) }
        }
        do {
            for (offset, item) in items.enumerated() {
                try image.writeChunk(at: [written + offset, 0, 0, 0, 0], compressed: item.compressedImage)
            }
            try state.write(states, start: [written, 0, 0], count: [b, frames, stateCount])
            try stateDerivative.write(derivatives, start: [written, 0, 0], count: [b, frames, stateCount])
            try energy.write(energies, start: [written, 0], count: [b, frames])
            try seed.write(seeds, start: [written], count: [b])
            for (k, dataset) in parameters.enumerated() {
                try dataset.write(parameterValues[k], start: [written], count: [b])
            }
        } catch {
            throw DatasetError.writing(path, error, doing: "cannot write shard")
        }
        written += b
    }

    /// Closes the file after checking that every trajectory was written.
    func finish() throws(DatasetError) {
        precondition(written == count, "shard finished with \(written) of \(count) trajectories")
        do {
            try file.close()
        } catch {
            throw DatasetError.writing(path, error, doing: "cannot close shard")
        }
    }
}
