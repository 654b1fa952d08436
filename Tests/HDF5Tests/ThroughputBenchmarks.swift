import CZlib
import Foundation
import Testing

@testable import HDF5

/// Throughput measurements, skipped unless `HDF5_BENCHMARKS=1`. Run them in release:
/// `HDF5_BENCHMARKS=1 swift test -c release --filter ThroughputBenchmarks`
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HDF5_BENCHMARKS"] == "1"), .serialized)
struct ThroughputBenchmarks {
    /// One sample of the reference dataset: 34 frames of 32x32 RGB.
    static let (frames, height, width) = (34, 32, 32)
    static let sampleBytes = frames * height * width * 3
    static let samples: [[UInt8]] = (0..<16).map { index in
        syntheticFrames(frames: frames, height: height, width: width, discs: 1 + index % 3, seed: UInt64(index))
    }

    /// The best (smallest) of `repeats` measurements of `body`, as (wall seconds, CPU seconds of the calling
    /// thread). The machine is shared: CPU time of the thread is the robust per-core figure, wall time is what a
    /// user waits.
    static func measure(repeats: Int = 5, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        var best = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<repeats {
            let wallStart = clock(CLOCK_MONOTONIC)
            let cpuStart = clock(CLOCK_THREAD_CPUTIME_ID)
            try body()
            best.wall = min(best.wall, clock(CLOCK_MONOTONIC) - wallStart)
            best.cpu = min(best.cpu, clock(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
        }
        return best
    }

    private static func clock(_ id: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(id, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test(arguments: [1, 4])
    func chunkCompressorOnFrames(level: Int) throws {
        let compressor = ChunkCompressor(for: UInt8.self, shuffle: true, deflateLevel: level)
        var compressedBytes = 0
        for sample in Self.samples { compressedBytes += try compressor.compress(sample).count }
        let time = try Self.measure {
            for sample in Self.samples { _ = try compressor.compress(sample) }
        }
        // Both cores: each thread compresses half of the samples, with no shared state.
        let parallel = Self.measure {
            DispatchQueue.concurrentPerform(iterations: 2) { thread in
                for sample in Self.samples.indices where sample % 2 == thread {
                    _ = try? compressor.compress(Self.samples[sample])
                }
            }
        }
        // Baseline: zlib's compress2 into a preallocated buffer, the call libhdf5's deflate filter makes.
        var output = [UInt8](repeating: 0, count: Int(compressBound(uLong(Self.sampleBytes))))
        let baseline = Self.measure {
            for sample in Self.samples {
                var length = uLongf(output.count)
                _ = compress2(&output, &length, sample, uLong(sample.count), Int32(level))
            }
        }
        let bytes = Double(Self.samples.count * Self.sampleBytes)
        print(
            String(
                format: "BENCH ChunkCompressor shuffle+deflate level %d, 34x32x32x3 uint8 frames: "
                    + "%.0f MB/s per CPU-second (%.0f MB/s wall, 1 thread; %.0f MB/s wall, 2 threads), ratio %.1fx; "
                    + "compress2 baseline %.0f MB/s per CPU-second",
                level, bytes / time.cpu / 1e6, bytes / time.wall / 1e6, bytes / parallel.wall / 1e6,
                bytes / Double(compressedBytes), bytes / baseline.cpu / 1e6))
    }

    @Test func chunkCompressorOnDoubles() throws {
        // Smooth trajectories, [T, 2D] per sample, as /x holds.
        let values = (0..<(34 * 4 * 64)).map { sin(Double($0) * 0.05) * cos(Double($0) * 0.011) }
        let bytes = Double(values.count * 8)
        let shuffleOnly = ChunkCompressor(for: Double.self, shuffle: true, deflateLevel: nil)
        let shuffle = try Self.measure { for _ in 0..<20 { _ = try shuffleOnly.compress(values) } }
        print(String(format: "BENCH shuffle alone, float64: %.0f MB/s per CPU-second", 20 * bytes / shuffle.cpu / 1e6))
        for level in [1, 4] {
            for shuffles in [false, true] {
                let compressor = ChunkCompressor(for: Double.self, shuffle: shuffles, deflateLevel: level)
                let compressedBytes = try compressor.compress(values).count
                let time = try Self.measure { for _ in 0..<20 { _ = try compressor.compress(values) } }
                print(
                    String(
                        format: "BENCH ChunkCompressor shuffle %@ deflate level %d, float64 trajectories: "
                            + "%.0f MB/s per CPU-second, ratio %.2fx", shuffles ? "on" : "off", level,
                        20 * bytes / time.cpu / 1e6, bytes / Double(compressedBytes)))
            }
        }
    }

    @Test func writeChunkVersusFilteredWrite() throws {
        let directory = TemporaryDirectory()
        let count = 256
        let shape = [count, Self.frames, Self.height, Self.width, 3]
        let chunkShape = [1, Self.frames, Self.height, Self.width, 3]
        for level in [1, 4] {
            let compressor = ChunkCompressor(for: UInt8.self, shuffle: true, deflateLevel: level)
            let chunks = try Self.samples.map { sample throws(HDF5Error) in try compressor.compress(sample) }
            let directPath = directory.file("direct-\(level).h5")
            var compressedBytes = 0
            let direct = try Self.measure(repeats: 3) {
                let file = try HDF5File.create(directPath)
                let image = try file.createDataset(
                    "image", of: UInt8.self, shape: shape, chunkShape: chunkShape,
                    shuffle: true, deflateLevel: level)
                for index in 0..<count {
                    let chunk = chunks[index % chunks.count]
                    compressedBytes += chunk.count
                    try image.writeChunk(at: [index, 0, 0, 0, 0], compressed: chunk)
                }
                try file.close()
            }
            let filteredPath = directory.file("filtered-\(level).h5")
            let filtered = try Self.measure(repeats: 3) {
                let file = try HDF5File.create(filteredPath)
                let image = try file.createDataset(
                    "image", of: UInt8.self, shape: shape, chunkShape: chunkShape,
                    shuffle: true, deflateLevel: level)
                for index in 0..<count {
                    try image.write(
                        Self.samples[index % Self.samples.count], start: [index, 0, 0, 0, 0],
                        count: chunkShape)
                }
                try file.close()
            }
            #expect(try fileBytes(directPath) == (try fileBytes(filteredPath)))
            let rawBytes = Double(count * Self.sampleBytes)
            compressedBytes /= 3
            print(
                String(
                    format: "BENCH level %d, %d samples: writeChunk of pre-compressed chunks %.0f chunks/s per "
                        + "CPU-second, %.0f MB/s of compressed bytes (%.0f chunks/s wall); filtered H5Dwrite "
                        + "(compressing under the lock) %.0f MB/s of frames per CPU-second",
                    level, count, Double(count) / direct.cpu, Double(compressedBytes) / direct.cpu / 1e6,
                    Double(count) / direct.wall, rawBytes / filtered.cpu / 1e6))
        }
    }
}
