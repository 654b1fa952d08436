import Foundation
import Testing

@testable import HDF5

/// The same writes produce a byte-identical file (no time stamps, no uninitialised bytes).
@Suite struct DeterminismTests {
    /// A small shard with everything the dataset generator writes: groups, chunked compressed frames written per
    /// sample, contiguous arrays, attributes of every kind.
    static func writeShard(to path: String) throws {
        let file = try HDF5File.create(path)
        let (n, t) = (3, 6)
        try file.attributes.set("system", "pendulum")
        try file.attributes.set("dt", 0.05)
        try file.attributes.set("shard_index", 0)
        try file.attributes.set("spec_json", #"{"system": "pendulum", "trajectories": 3}"#)
        let image = try file.createDataset(
            "image", of: UInt8.self, shape: [n, t, 32, 32, 3],
            chunkShape: [1, t, 32, 32, 3], shuffle: true, deflateLevel: 4)
        let frames = syntheticFrames(frames: n * t)
        for sample in 0..<n {
            let size = t * 32 * 32 * 3
            try image.write(
                Array(frames[(sample * size)..<((sample + 1) * size)]), start: [sample, 0, 0, 0, 0],
                count: [1, t, 32, 32, 3])
        }
        _ = try file.createDataset("x", values: Double.samples(n * t * 2), shape: [n, t, 2])
        _ = try file.createDataset("other/mass", values: [0.5, 0.5, 0.5])
        _ = try file.createDataset("seed", values: [UInt64(1), 2, 3])
        try file.openGroup("other").attributes.set("names", ["mass"])
        try file.close()
    }

    @Test func repeatedWritesAreByteIdentical() throws {
        let directory = TemporaryDirectory()
        let first = directory.file("first.h5")
        let second = directory.file("second.h5")
        try Self.writeShard(to: first)
        try Self.writeShard(to: second)
        let firstBytes = try fileBytes(first)
        #expect(firstBytes.count > 1000)
        #expect(firstBytes == (try fileBytes(second)))
        // Overwriting (truncating) an existing file gives the same bytes again.
        try Self.writeShard(to: first)
        #expect(firstBytes == (try fileBytes(first)))
    }
}
