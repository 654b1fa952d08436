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

    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(arguments: [1, 4])
    func chunkCompressorOnFrames(level: Int) throws {
        let compressor = ChunkCompressor(for: UInt8.self, shuffle: true, deflateLevel: level)
        let repeats = 24
        var compressedBytes = 0
        let single = try Self.seconds {
            for _ in 0..<repeats {
                for sample in Self.samples { compressedBytes += try compressor.compress(sample).count }
            }
        }
        let inputBytes = Double(repeats * Self.samples.count * Self.sampleBytes)
        // Both cores: each thread compresses its half of the work, no shared state.
        let threads = 2
        let parallel = Self.seconds {
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for _ in 0..<repeats {
                    for sample in Self.samples.indices where sample % threads == thread {
                        _ = try? compressor.compress(Self.samples[sample])
                    }
                }
            }
        }
        print(String(format: "BENCH ChunkCompressor shuffle+deflate level %d on 34x32x32x3 uint8 frames: "
                        + "%.0f MB/s on 1 thread, %.0f MB/s on %d threads, ratio %.1fx",
                     level, inputBytes / single / 1e6, inputBytes / parallel / 1e6, threads,
                     inputBytes / Double(compressedBytes)))
    }

    @Test func chunkCompressorOnDoubles() throws {
        // Smooth trajectories, [T, 2D] per sample, as /x holds.
        let values = (0..<(34 * 4 * 64)).map { sin(Double($0) * 0.05) * cos(Double($0) * 0.011) }
        for level in [1, 4] {
            let compressor = ChunkCompressor(for: Double.self, shuffle: true, deflateLevel: level)
            var compressedBytes = 0
            let time = try Self.seconds { for _ in 0..<50 { compressedBytes += try compressor.compress(values).count } }
            let inputBytes = Double(50 * values.count * 8)
            print(String(format: "BENCH ChunkCompressor shuffle+deflate level %d on float64 trajectories: "
                            + "%.0f MB/s, ratio %.1fx", level, inputBytes / time / 1e6,
                         inputBytes / Double(compressedBytes)))
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
            let direct = try Self.seconds {
                let file = try HDF5File.create(directPath)
                let image = try file.createDataset("image", of: UInt8.self, shape: shape, chunkShape: chunkShape,
                                                   shuffle: true, deflateLevel: level)
                for index in 0..<count {
                    let chunk = chunks[index % chunks.count]
                    compressedBytes += chunk.count
                    try image.writeChunk(at: [index, 0, 0, 0, 0], compressed: chunk)
                }
                try file.close()
            }
            let filteredPath = directory.file("filtered-\(level).h5")
            let filtered = try Self.seconds {
                let file = try HDF5File.create(filteredPath)
                let image = try file.createDataset("image", of: UInt8.self, shape: shape, chunkShape: chunkShape,
                                                   shuffle: true, deflateLevel: level)
                for index in 0..<count {
                    try image.write(Self.samples[index % Self.samples.count], start: [index, 0, 0, 0, 0],
                                    count: chunkShape)
                }
                try file.close()
            }
            #expect(try fileBytes(directPath) == (try fileBytes(filteredPath)))
            let rawBytes = Double(count * Self.sampleBytes)
            print(String(format: "BENCH level %d, %d samples: writeChunk of pre-compressed chunks %.0f chunks/s "
                            + "(%.0f MB/s compressed, %.0f MB/s of frames); filtered H5Dwrite %.0f MB/s of frames",
                         level, count, Double(count) / direct, Double(compressedBytes) / direct / 1e6,
                         rawBytes / direct / 1e6, rawBytes / filtered / 1e6))
        }
    }
}
