import Foundation
import Testing

@testable import HDF5

/// Writes files for an ad-hoc cross-check with Python's h5py, skipped unless `HDF5_EXPORT_DIR` names a directory:
/// `HDF5_EXPORT_DIR=/tmp/h5check swift test --filter PythonExport`. The Swift tests never depend on Python.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HDF5_EXPORT_DIR"] != nil))
struct PythonExport {
    @Test func exportShardForH5py() throws {
        let directory = ProcessInfo.processInfo.environment["HDF5_EXPORT_DIR"] ?? NSTemporaryDirectory()
        let (n, t) = (4, 34)
        let file = try HDF5File.create(directory + "/swift-shard.h5")
        for (name, value) in AttributeTests.values { try file.attributes.set(name, value) }
        let frames = syntheticFrames(frames: n * t)
        let sampleSize = t * 32 * 32 * 3
        let direct = try file.createDataset(
            "image", of: UInt8.self, shape: [n, t, 32, 32, 3],
            chunkShape: [1, t, 32, 32, 3], shuffle: true, deflateLevel: 4)
        let compressor = try direct.chunkCompressor()
        for sample in 0..<n {
            let chunk = Array(frames[(sample * sampleSize)..<((sample + 1) * sampleSize)])
            try direct.writeChunk(at: [sample, 0, 0, 0, 0], compressed: try compressor.compress(chunk))
        }
        try file.createDataset(
            "image_filtered", of: UInt8.self, shape: [n, t, 32, 32, 3],
            chunkShape: [1, t, 32, 32, 3], shuffle: true, deflateLevel: 4
        ).write(frames)
        let x = (0..<(n * t * 4)).map { sin(Double($0) * 0.1) }
        let xDirect = try file.createDataset(
            "x", of: Double.self, shape: [n, t, 4], chunkShape: [1, t, 4],
            shuffle: true, deflateLevel: 1)
        for sample in 0..<n {
            let chunk = Array(x[(sample * t * 4)..<((sample + 1) * t * 4)])
            try xDirect.writeChunk(at: [sample, 0, 0], compressed: try xDirect.chunkCompressor().compress(chunk))
        }
        _ = try file.createDataset("x_plain", values: x, shape: [n, t, 4])
        _ = try file.createDataset("seed", values: [UInt64(1), 2, UInt64.max, 4])
        _ = try file.createDataset("other/mass", values: [0.5, 1, 1.5, 2])
        try file.close()
    }
}
