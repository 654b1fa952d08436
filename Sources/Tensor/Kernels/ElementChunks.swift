/// How the memory-bound kernels (elementwise maps, broadcasting arithmetic, copies, reductions) split large tensors
/// over ``ComputeThreads``' workers.
///
/// Chunks are fixed runs of about ``elementsPerChunk`` elements whose boundaries depend only on the shapes, never on
/// the thread count. Maps and copies write disjoint outputs per chunk, so they are bitwise the same as a serial pass;
/// reductions keep one partial result per chunk and add the partials in chunk order, so they are bitwise the same
/// for every thread count.
enum ElementChunks {
    /// Elements per chunk: 64 Ki (256 KiB of Float32), some tens of microseconds of memory-bound work, far more than
    /// the few microseconds a parallel region costs.
    static let elementsPerChunk = 1 << 16

    /// The chunks of `0..<count`.
    static func blocks(count: Int) -> FastConvolution.Blocks {
        FastConvolution.Blocks(total: count, blockSize: elementsPerChunk)
    }

    /// Calls `body(range)` for consecutive ranges that cover `0..<count`, concurrently when there are several.
    ///
    /// `body` must only write data that belongs to its range.
    @inline(__always)
    static func forEach(count: Int, _ body: (Range<Int>) -> Void) {
        guard count > elementsPerChunk else {
            if count > 0 { body(0..<count) }
            return
        }
        let chunks = blocks(count: count)
        ComputeThreads.parallelFor(chunks: chunks.count) { body(chunks.range($0)) }
    }
}
