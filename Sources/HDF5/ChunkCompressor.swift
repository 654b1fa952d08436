/// Compresses one chunk into what libhdf5's shuffle and deflate filters store, outside the library lock.
///
/// libhdf5 runs its filter pipeline inside `H5Dwrite`, that is under this module's global lock, so compression
/// through ordinary writes uses one core. Instead, compress chunks on as many threads as you like with a
/// `ChunkCompressor` (a pure value, `Sendable`, with no shared state), then store the bytes with
/// ``HDF5Dataset/writeChunk(at:compressed:filterMask:)``: the file holds standard shuffle + deflate chunks, which any
/// HDF5 reader (h5py included, with nothing else installed) decompresses with its standard filters.
///
/// ```swift
/// let compressor = try images.chunkCompressor()            // matches the dataset's filters
/// let bytes = try compressor.compress(frames)              // on any thread
/// try images.writeChunk(at: [i, 0, 0, 0, 0], compressed: bytes)
/// ```
///
/// Shuffle transposes the bytes of the chunk exactly as the filter does (byte k of every element, for
/// k = 0 ..< elementSize, trailing bytes that do not fill an element copied unchanged; no-op for 1-byte elements or a
/// single element). Deflate runs libdeflate at the level (see `DeflateStream`), not zlib: the result is a standard
/// zlib stream that libhdf5's deflate filter (zlib's `inflate`) reads, but not the bytes zlib's `compress2` would
/// write, so files differ from those written through ``HDF5Dataset/write(_:)-([Element])`` while holding the same
/// data. The output depends only on the input, the level and the libdeflate version: a seed still gives the same
/// file whatever the threads.
///
/// Measured on the four physgen presets' frames (34x32x32x3 uint8 chunks, shuffle a no-op, one core, 2026-12-04):
/// zlib level 4 (the previous compressor) 194-255 MB/s; libdeflate level 5 405-706 MB/s (2.1-3.2x) at 0.8% smaller
/// to 0.3% larger output; level 1 530-937 MB/s but 0.5-4.1% larger; levels 6-7 smaller, and slower.
public struct ChunkCompressor: Sendable, Hashable {
    /// Bytes per element: the unit the shuffle filter transposes.
    public let elementSize: Int
    /// Whether the shuffle filter runs (first).
    public let shuffle: Bool
    /// The deflate level (0...9), or nil when no deflate filter runs.
    public let deflateLevel: Int?

    /// A compressor for elements of `elementSize` bytes.
    /// - Precondition: `elementSize >= 1`, `deflateLevel` in 0...9.
    public init(elementSize: Int, shuffle: Bool, deflateLevel: Int?) {
        precondition(elementSize >= 1, "element size must be positive")
        precondition(deflateLevel.map { (0...9).contains($0) } ?? true, "deflate level must be in 0...9")
        self.elementSize = elementSize
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
    }

    /// A compressor for elements of type `Element`.
    public init<Element: HDF5Scalar>(for type: Element.Type, shuffle: Bool, deflateLevel: Int?) {
        self.init(elementSize: MemoryLayout<Element>.size, shuffle: shuffle, deflateLevel: deflateLevel)
    }

    /// The filtered bytes of one whole chunk of `elements` (the full chunk shape, also at the dataset's edges,
    /// where libhdf5 pads with the fill value: zero).
    /// Complexity: O(n) for n bytes; deflate dominates (hundreds of MB/s per core at level 1).
    public func compress<Element: HDF5Scalar>(_ elements: [Element]) throws(HDF5Error) -> [UInt8] {
        try elements.withBytes { (bytes) throws(HDF5Error) -> [UInt8] in try compress(bytes) }
    }

    /// The filtered bytes of one whole chunk given as raw bytes (row-major, native byte order).
    public func compress(_ chunk: UnsafeRawBufferPointer) throws(HDF5Error) -> [UInt8] {
        if shuffle, elementSize > 1, chunk.count / elementSize > 1 {
            let shuffled = Self.shuffled(chunk, elementSize: elementSize)
            return try shuffled.withBytes { (bytes) throws(HDF5Error) -> [UInt8] in try deflated(bytes) }
        }
        return try deflated(chunk)
    }

    /// The bytes of `chunk` regrouped by byte position within each element: all first bytes, then all second
    /// bytes, ...; a trailing partial element is copied unchanged at the end.
    static func shuffled(_ chunk: UnsafeRawBufferPointer, elementSize: Int) -> [UInt8] {
        let elementCount = chunk.count / elementSize
        return [UInt8](unsafeUninitializedCapacity: chunk.count) { output, initializedCount in
            for byte in 0..<elementSize {
                let row = byte * elementCount
                for element in 0..<elementCount {
                    output[row + element] = chunk[element * elementSize + byte]
                }
            }
            for tail in (elementCount * elementSize)..<chunk.count { output[tail] = chunk[tail] }
            initializedCount = chunk.count
        }
    }

    /// The zlib stream of `input` at the level (what `compress2` returns), or a copy when there is no deflate stage.
    private func deflated(_ input: UnsafeRawBufferPointer) throws(HDF5Error) -> [UInt8] {
        guard let level = deflateLevel else { return [UInt8](input) }
        return try DeflateStreamPool.shared.withStream(level: level) { (stream) throws(HDF5Error) -> [UInt8] in
            try stream.compress(input)
        }
    }
}
