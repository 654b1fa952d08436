import Foundation
import Testing

@testable import HDF5

/// Chunking, shuffle and deflate are really applied (as libhdf5 reports them back) and really compress.
@Suite struct LayoutTests {
    @Test func chunkShuffleAndDeflateAreStoredAndCompress() throws {
        let directory = TemporaryDirectory()
        let (n, t) = (4, 10)
        let frames = syntheticFrames(frames: n * t)
        let rawPath = directory.file("raw.h5")
        let compressedPath = directory.file("compressed.h5")
        do {
            let raw = try HDF5File.create(rawPath)
            try raw.createDataset("image", of: UInt8.self, shape: [n, t, 32, 32, 3]).write(frames)
            try raw.close()
            let file = try HDF5File.create(compressedPath)
            let image = try file.createDataset(
                "image", of: UInt8.self, shape: [n, t, 32, 32, 3],
                chunkShape: [1, t, 32, 32, 3], shuffle: true, deflateLevel: 4)
            try image.write(frames)
            try file.close()
        }
        // What libhdf5 reads back from the dataset creation property list of the reopened file.
        let image = try HDF5File.open(compressedPath).openDataset("image")
        #expect(image.chunkShape == [1, t, 32, 32, 3])
        #expect(image.filters == [.shuffle, .deflate(level: 4)])
        #expect(image.chunkByteCount == t * 32 * 32 * 3)
        #expect(try image.read(as: UInt8.self) == frames)
        let rawSize = try fileBytes(rawPath).count
        let compressedSize = try fileBytes(compressedPath).count
        #expect(rawSize > n * t * 32 * 32 * 3)
        #expect(compressedSize * 4 < rawSize, "compressed \(compressedSize) bytes vs raw \(rawSize)")
    }

    @Test func contiguousDatasetHasNoChunksOrFilters() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("plain.h5"))
        let dataset = try file.createDataset("x", of: Double.self, shape: [3, 2])
        #expect(dataset.chunkShape == nil)
        #expect(dataset.chunkByteCount == nil)
        #expect(dataset.filters.isEmpty)
    }

    @Test(arguments: [
        ([4, 5], [4, 5] as [Int]?, true, nil as Int?, true),  // valid: shuffle alone
        ([4, 5], nil, false, 4, false),  // deflate without chunks
        ([4, 5], nil, true, nil, false),  // shuffle without chunks
        ([4, 5], [4], false, 4, false),  // chunk rank differs
        ([4, 5], [0, 5], false, 4, false),  // empty chunk extent
        ([4, 5], [5, 5], false, 4, false),  // chunk larger than the extent
        ([4, 5], [1, 5], false, 10, false),  // deflate level out of range
        ([], [1], false, nil, false),  // scalar cannot be chunked
        ([-1, 2], nil, false, nil, false),  // negative extent
    ])
    func layoutValidation(shape: [Int], chunkShape: [Int]?, shuffle: Bool, level: Int?, valid: Bool) throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("layout.h5"))
        let create = { () throws(HDF5Error) in
            _ = try file.createDataset(
                "d", of: Float.self, shape: shape, chunkShape: chunkShape, shuffle: shuffle,
                deflateLevel: level)
        }
        if valid {
            try create()
        } else {
            let error = #expect(throws: HDF5Error.self) { try create() }
            guard case .invalidDatasetLayout(let location, _)? = error else {
                Issue.record("expected invalidDatasetLayout, got \(String(describing: error))")
                return
            }
            #expect(location.path == "/d")
        }
    }
}
