import CHDF5

// Direct chunk writes: storing chunks compressed elsewhere (see ChunkCompressor), bypassing libhdf5's filters.
extension HDF5Dataset {
    /// The number of bytes of one unfiltered chunk, or nil for a contiguous dataset.
    public var chunkByteCount: Int? { chunkShape.map { $0.reduce(elementType.byteCount, *) } }

    /// A ``ChunkCompressor`` producing exactly the bytes this dataset's filter pipeline would.
    /// - Throws: ``HDF5Error/invalidChunkWrite(_:reason:)`` if the dataset is not chunked or uses a filter other
    ///   than shuffle and deflate, or deflate before shuffle.
    public func chunkCompressor() throws(HDF5Error) -> ChunkCompressor {
        guard chunkShape != nil else {
            throw HDF5Error.invalidChunkWrite(location, reason: "the dataset is contiguous, not chunked")
        }
        var shuffle = false
        var level: Int?
        for filter in filters {
            switch filter {
            case .shuffle where level == nil && !shuffle:
                shuffle = true
            case .deflate(let filterLevel) where level == nil:
                level = filterLevel
            default:
                throw HDF5Error.invalidChunkWrite(
                    location,
                    reason: "its filters \(filters) are not shuffle followed by deflate, which is all "
                        + "ChunkCompressor reproduces; write it with write(_:) instead")
            }
        }
        return ChunkCompressor(elementSize: elementType.byteCount, shuffle: shuffle, deflateLevel: level)
    }

    /// Stores already-filtered bytes as the chunk whose first element is at `offsets`, without running the
    /// filter pipeline (libhdf5's direct chunk write). Reading the dataset later decompresses it as usual.
    ///
    /// - Parameters:
    ///   - offsets: the element coordinates of the chunk's first element: a multiple of the chunk shape in every
    ///     dimension, inside the dataset.
    ///   - bytes: the chunk after the dataset's filters, e.g. from ``chunkCompressor()``. A chunk at the dataset's
    ///     edge is still a whole chunk, padded with zeros.
    ///   - filterMask: bit `i` set means filter `i` of ``filters`` was NOT applied to `bytes`. Default 0: all were.
    /// - Throws: ``HDF5Error/invalidChunkWrite(_:reason:)`` for offsets that do not address a chunk, or unfiltered
    ///   bytes that are not exactly ``chunkByteCount`` long.
    /// Complexity: O(bytes.count) under the library lock (one write and an index update).
    public func writeChunk(at offsets: [Int], compressed bytes: [UInt8], filterMask: UInt32 = 0) throws(HDF5Error) {
        try bytes.withBytes { (raw) throws(HDF5Error) in
            try writeChunk(at: offsets, compressed: raw, filterMask: filterMask)
        }
    }

    /// Stores already-filtered bytes as one chunk; see ``writeChunk(at:compressed:filterMask:)-([Int],[UInt8],_)``.
    public func writeChunk(
        at offsets: [Int], compressed bytes: UnsafeRawBufferPointer,
        filterMask: UInt32 = 0
    ) throws(HDF5Error) {
        try requireChunk(at: offsets, byteCount: bytes.count, filterMask: filterMask)
        try handle.withID { (id) throws(HDF5Error) in
            try H5D.writeChunk(id, offsets: offsets, filterMask: filterMask, bytes)
        }
    }

    private func requireChunk(at offsets: [Int], byteCount: Int, filterMask: UInt32) throws(HDF5Error) {
        guard let chunkShape, let chunkByteCount else {
            throw HDF5Error.invalidChunkWrite(
                location, reason: "the dataset is contiguous; create it with a chunkShape")
        }
        guard offsets.count == shape.count else {
            throw HDF5Error.invalidChunkWrite(
                location, reason: "offsets \(offsets) have rank \(offsets.count), the dataset has rank \(shape.count)")
        }
        for (dimension, offset) in offsets.enumerated()
        where offset < 0 || offset >= shape[dimension] || offset % chunkShape[dimension] != 0 {
            throw HDF5Error.invalidChunkWrite(
                location,
                reason: "offsets \(offsets) are not the first element of a chunk of shape \(chunkShape) "
                    + "inside shape \(shape)")
        }
        guard byteCount > 0 else { throw HDF5Error.invalidChunkWrite(location, reason: "no bytes given") }
        let appliedFilters = filters.indices.filter { filterMask & (1 << UInt32($0)) == 0 }
        if appliedFilters.isEmpty, byteCount != chunkByteCount {
            throw HDF5Error.invalidChunkWrite(
                location, reason: "unfiltered chunk bytes must be exactly \(chunkByteCount) bytes, got \(byteCount)")
        }
    }
}
