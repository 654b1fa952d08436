import CZlib
import Foundation
import Testing

@testable import HDF5

/// Chunks compressed by ChunkCompressor and stored with writeChunk are standard shuffle + deflate chunks: libhdf5's
/// own filters read them back, and the files are the same bytes every time.
@Suite struct DirectChunkTests {
    /// Writes the same data to two files: through libhdf5's filter pipeline (zlib), and chunk by chunk through
    /// ChunkCompressor (libdeflate) + writeChunk. Both must read back the data through libhdf5's filters, and
    /// writing the direct file again must give the same bytes. Without deflate the two files are byte-identical.
    private func compareWithFilteredWrite<Element: TestSample>(
        _ type: Element.Type, values: [Element], shape: [Int], chunkShape: [Int], shuffle: Bool, level: Int?
    ) throws {
        let directory = TemporaryDirectory()
        let filteredPath = directory.file("filtered.h5")
        let directPath = directory.file("direct.h5")
        do {
            let filtered = try HDF5File.create(filteredPath)
            try filtered.createDataset(
                "d", of: Element.self, shape: shape, chunkShape: chunkShape, shuffle: shuffle,
                deflateLevel: level
            ).write(values)
            try filtered.close()

            let direct = try HDF5File.create(directPath)
            let dataset = try direct.createDataset(
                "d", of: Element.self, shape: shape, chunkShape: chunkShape,
                shuffle: shuffle, deflateLevel: level)
            let compressor = try dataset.chunkCompressor()
            #expect(compressor == ChunkCompressor(for: Element.self, shuffle: shuffle, deflateLevel: level))
            // libhdf5 writes chunks in row-major chunk order; do the same so the files can be compared bytewise.
            for offsets in chunkOrigins(shape: shape, chunkShape: chunkShape) {
                let chunk = chunkValues(values, shape: shape, chunkShape: chunkShape, origin: offsets)
                try dataset.writeChunk(at: offsets, compressed: try compressor.compress(chunk))
            }
            try direct.close()
        }
        let read = try HDF5File.open(directPath).openDataset("d").read(as: Element.self)
        #expect(read == values)
        #expect(try HDF5File.open(filteredPath).openDataset("d").read(as: Element.self) == values)
        if level == nil {
            #expect(try fileBytes(directPath) == (try fileBytes(filteredPath)))
        } else {
            let again = directory.file("again.h5")
            let file = try HDF5File.create(again)
            let dataset = try file.createDataset(
                "d", of: Element.self, shape: shape, chunkShape: chunkShape,
                shuffle: shuffle, deflateLevel: level)
            let compressor = try dataset.chunkCompressor()
            for offsets in chunkOrigins(shape: shape, chunkShape: chunkShape) {
                let chunk = chunkValues(values, shape: shape, chunkShape: chunkShape, origin: offsets)
                try dataset.writeChunk(at: offsets, compressed: try compressor.compress(chunk))
            }
            try file.close()
            #expect(try fileBytes(again) == (try fileBytes(directPath)))
        }
    }

    @Test func framesWithShuffleAndDeflate() throws {
        let frames = syntheticFrames(frames: 3 * 5)
        try compareWithFilteredWrite(
            UInt8.self, values: frames, shape: [3, 5, 32, 32, 3],
            chunkShape: [1, 5, 32, 32, 3], shuffle: true, level: 4)
    }

    @Test(arguments: [1, 4, 9])
    func doublesAtDeflateLevels(level: Int) throws {
        let values = (0..<(6 * 10 * 4)).map { sin(Double($0) * 0.01) }
        try compareWithFilteredWrite(
            Double.self, values: values, shape: [6, 10, 4], chunkShape: [1, 10, 4],
            shuffle: true, level: level)
    }

    /// Edge chunks (the extent is not a multiple of the chunk shape) are whole chunks padded with zeros.
    @Test func partialEdgeChunksAndOtherTypes() throws {
        try compareWithFilteredWrite(
            Int32.self, values: Int32.samples(7 * 5), shape: [7, 5], chunkShape: [3, 2],
            shuffle: true, level: 1)
        try compareWithFilteredWrite(
            Float.self, values: Float.samples(9), shape: [9], chunkShape: [4],
            shuffle: false, level: 6)
        try compareWithFilteredWrite(
            UInt64.self, values: UInt64.samples(10), shape: [10], chunkShape: [5],
            shuffle: true, level: nil)
        try compareWithFilteredWrite(
            Int16.self, values: Int16.samples(10), shape: [2, 5], chunkShape: [1, 5],
            shuffle: false, level: nil)
    }

    /// Byte shuffle on known input: byte k of every element together, trailing partial element unchanged.
    @Test func shuffleTransposesBytes() throws {
        let input: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
        let shuffled = input.withUnsafeBytes { ChunkCompressor.shuffled($0, elementSize: 4) }
        #expect(shuffled == [1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12, 13, 14])
        let compressor = ChunkCompressor(elementSize: 4, shuffle: true, deflateLevel: nil)
        #expect(try input.withBytes { (bytes) throws(HDF5Error) in try compressor.compress(bytes) } == shuffled)
        // One-byte elements and single elements are left as they are (as libhdf5 does).
        #expect(try ChunkCompressor(elementSize: 1, shuffle: true, deflateLevel: nil).compress(input) == input)
        #expect(try ChunkCompressor(elementSize: 16, shuffle: true, deflateLevel: nil).compress(input) == input)
    }

    /// Deflate output is a zlib stream that inflates back to the (shuffled) chunk.
    @Test func deflateIsAZlibStream() throws {
        let values = Double.samples(100)
        let compressed = try ChunkCompressor(for: Double.self, shuffle: true, deflateLevel: 4).compress(values)
        #expect(compressed.first == 0x78)  // zlib header: deflate, 32 KiB window
        var inflated = [UInt8](repeating: 0, count: 800)
        var length = uLongf(inflated.count)
        let status = uncompress(&inflated, &length, compressed, uLong(compressed.count))
        #expect(status == Z_OK)
        #expect(Int(length) == 800)
        let expected = values.withUnsafeBytes { ChunkCompressor.shuffled($0, elementSize: 8) }
        #expect(inflated == expected)
    }

    /// Reused compressors give exactly a fresh compressor's bytes, whatever they compressed before, and zlib's
    /// `uncompress` (what libhdf5's deflate filter runs) restores the input.
    @Test func reusedCompressorsAreDeterministicAndInflate() throws {
        let inputs: [[UInt8]] = [
            syntheticFrames(frames: 4), [], [42], UInt8.samples(5000), syntheticFrames(frames: 1),
            [UInt8](repeating: 128, count: 70_000),
        ]
        for level in [0, 1, 4, 5, 9] {
            let compressor = ChunkCompressor(for: UInt8.self, shuffle: false, deflateLevel: level)
            for input in inputs + inputs.reversed() {
                let compressed = try compressor.compress(input)
                let fresh = try #require(DeflateStream(level: Int32(level)))
                #expect(try input.withBytes { (bytes) throws(HDF5Error) in try fresh.compress(bytes) } == compressed)
                var inflated = [UInt8](repeating: 0, count: max(1, input.count))
                var length = uLongf(inflated.count)
                #expect(uncompress(&inflated, &length, compressed, uLong(compressed.count)) == Z_OK)
                #expect(Array(inflated.prefix(Int(length))) == input)
            }
        }
    }

    @Test func invalidChunkWritesAreRefused() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("invalid.h5"))
        let chunked = try file.createDataset("c", of: UInt8.self, shape: [4, 6], chunkShape: [2, 3], deflateLevel: 1)
        let raw = try file.createDataset("r", of: UInt8.self, shape: [4, 6], chunkShape: [2, 3])
        let plain = try file.createDataset("p", of: UInt8.self, shape: [4, 6])
        let bytes = try chunked.chunkCompressor().compress([UInt8](repeating: 7, count: 6))
        for offsets in [[1, 0], [0, 2], [4, 0], [0], [0, 0, 0], [-2, 0]] {
            #expect(throws: HDF5Error.self) { try chunked.writeChunk(at: offsets, compressed: bytes) }
        }
        #expect(throws: HDF5Error.self) { try chunked.writeChunk(at: [0, 0], compressed: []) }
        #expect(throws: HDF5Error.self) { try plain.writeChunk(at: [0, 0], compressed: bytes) }
        #expect(throws: HDF5Error.self) { try plain.chunkCompressor() }
        // Unfiltered chunks must be exactly one chunk of raw bytes, also when the mask skips every filter.
        #expect(throws: HDF5Error.self) { try raw.writeChunk(at: [0, 0], compressed: [1, 2, 3]) }
        #expect(throws: HDF5Error.self) { try chunked.writeChunk(at: [0, 0], compressed: [1, 2], filterMask: 1) }
        try raw.writeChunk(at: [2, 3], compressed: [1, 2, 3, 4, 5, 6])
        try chunked.writeChunk(at: [2, 3], compressed: [9, 8, 7, 6, 5, 4], filterMask: 1)  // stored unfiltered
        try chunked.writeChunk(at: [0, 0], compressed: bytes)
        #expect(try raw.read(as: UInt8.self, start: [2, 3], count: [2, 3]) == [1, 2, 3, 4, 5, 6])
        #expect(try chunked.read(as: UInt8.self, start: [2, 3], count: [2, 3]) == [9, 8, 7, 6, 5, 4])
        #expect(try chunked.read(as: UInt8.self, start: [0, 0], count: [2, 3]) == [UInt8](repeating: 7, count: 6))
    }

    /// Many threads compress in parallel and store their chunks through the shared lock; the result equals a
    /// single-threaded filtered write (determinism does not depend on thread count or order).
    @Test func concurrentCompressionAndWrites() async throws {
        let directory = TemporaryDirectory()
        let (n, t) = (12, 4)
        let frames = syntheticFrames(frames: n * t, seed: 11)
        let sampleSize = t * 32 * 32 * 3
        let path = directory.file("parallel.h5")
        let file = try HDF5File.create(path)
        let image = try file.createDataset(
            "image", of: UInt8.self, shape: [n, t, 32, 32, 3],
            chunkShape: [1, t, 32, 32, 3], shuffle: true, deflateLevel: 1)
        let compressor = try image.chunkCompressor()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sample in 0..<n {
                group.addTask {
                    let chunk = Array(frames[(sample * sampleSize)..<((sample + 1) * sampleSize)])
                    try image.writeChunk(at: [sample, 0, 0, 0, 0], compressed: try compressor.compress(chunk))
                    try image.attributes.set("last_writer_\(sample % 3)", sample)
                }
            }
            try await group.waitForAll()
        }
        try file.close()
        #expect(try HDF5File.open(path).openDataset("image").read(as: UInt8.self) == frames)
    }
}

/// The origin of every chunk of a dataset, in row-major chunk order.
func chunkOrigins(shape: [Int], chunkShape: [Int]) -> [[Int]] {
    var origins: [[Int]] = [[]]
    for (extent, chunk) in zip(shape, chunkShape) {
        origins = origins.flatMap { prefix in stride(from: 0, to: extent, by: chunk).map { prefix + [$0] } }
    }
    return origins
}

/// The values of the chunk at `origin`, a whole chunk in row-major order, zero-padded past the dataset's edge.
func chunkValues<Element: TestSample>(
    _ values: [Element], shape: [Int], chunkShape: [Int],
    origin: [Int]
) -> [Element] {
    let zero = Element(sampleBits: 0)
    var chunk: [Element] = []
    chunk.reserveCapacity(chunkShape.reduce(1, *))
    for local in chunkOrigins(shape: chunkShape, chunkShape: chunkShape.map { _ in 1 }) {
        let global = zip(origin, local).map { $0 + $1 }
        if zip(global, shape).allSatisfy({ $0 < $1 }) {
            let flat = zip(global, shape).reduce(0) { $0 * $1.1 + $1.0 }
            chunk.append(values[flat])
        } else {
            chunk.append(zero)
        }
    }
    return chunk
}
