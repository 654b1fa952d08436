import Foundation
import HDF5
import Rendering

/// One worker thread's tools: simulates a trajectory, renders its frames into a reused buffer and compresses them as
/// one image chunk, timing each phase.
///
/// Each worker is used by one thread at a time.
final class TrajectoryWorker {
    private let source: any TrajectorySource
    private let renderer: FrameRenderer
    private let compressor: ChunkCompressor
    private var buffer: [UInt8] = []
    private var discs: [Disc]
    /// Time this worker spent per phase.
    private(set) var times = PhaseTimes()

    init(canvas: Canvas, source: any TrajectorySource) {
        self.source = source
        renderer = FrameRenderer(canvas: canvas)
        compressor = ShardWriter.imageCompressor()
        discs = zip(source.bodyRadii, source.bodyColors).map { Disc(center: .zero, radius: $0, color: $1) }
    }

    /// Simulates, renders and compresses the trajectory of `seed`.
    func produce(seed: UInt64, frames: Int) throws(DatasetError) -> ShardItem {
        var start = threadCPUTime()
        let trajectory = try source.simulate(seed: seed, frames: frames)
        times.simulation += threadCPUTime() - start
        start = threadCPUTime()
        renderFrames(trajectory, frames: frames)
        times.rendering += threadCPUTime() - start
        start = threadCPUTime()
        let compressed: [UInt8]
        do {
            compressed = try buffer.withUnsafeBytes { (bytes) throws(HDF5Error) in try compressor.compress(bytes) }
        } catch {
            throw DatasetError.io(path: "image chunk", reason: "compression failed: \(error)")
        }
        times.compression += threadCPUTime() - start
        return ShardItem(trajectory: trajectory, compressedImage: compressed)
    }

    /// The trajectory's frames rendered into one uint8 [T, H, W, 3] buffer.
    func render(_ trajectory: SimulatedTrajectory, frames: Int) -> [UInt8] {
        renderFrames(trajectory, frames: frames)
        return buffer
    }

    private func renderFrames(_ trajectory: SimulatedTrajectory, frames: Int) {
        let frameBytes = renderer.canvas.frameByteCount
        if buffer.count != frames * frameBytes { buffer = [UInt8](repeating: 0, count: frames * frameBytes) }
        let bodies = discs.count
        buffer.withUnsafeMutableBufferPointer { all in
            for frame in 0..<frames {
                for body in 0..<bodies { discs[body].center = trajectory.observedPositions[frame * bodies + body] }
                let slice = UnsafeMutableBufferPointer(rebasing: all[(frame * frameBytes)..<((frame + 1) * frameBytes)])
                renderer.render(discs, into: slice)
            }
        }
    }
}

/// Time spent in each phase of generation. Simulation, rendering and compression are the worker threads' own CPU
/// time, summed over workers (so they do not grow when other processes load the machine); writing is the writer
/// thread's CPU time.
public struct PhaseTimes: Sendable, Equatable {
    public var simulation = 0.0
    public var rendering = 0.0
    public var compression = 0.0
    public var writing = 0.0

    public init() {}

    static func += (lhs: inout PhaseTimes, rhs: PhaseTimes) {
        lhs.simulation += rhs.simulation
        lhs.rendering += rhs.rendering
        lhs.compression += rhs.compression
        lhs.writing += rhs.writing
    }
}

/// CPU time consumed by the calling thread, in seconds.
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
