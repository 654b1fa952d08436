/// How the convolution kernels cut their work into chunks. Every boundary here depends only on the problem's size,
/// never on the thread count, which is what makes results identical for any number of threads.
extension FastConvolution {
    /// Target size in floats of one chunk's scratch (im2col rows or Winograd tiles): 128 Ki floats = 512 KiB, half of
    /// the per-core L2 cache of the development machine, so the GEMM reads its left operand from L2.
    static let scratchFloatsPerChunk = 128 * 1024

    /// Number of partial sums a weight gradient is split into (fewer if there are fewer blocks). Partials are added in
    /// group order at the end, so the rounding never depends on how many threads ran the groups.
    static let reductionGroupCount = 16

    /// A range `0..<total` cut into consecutive blocks of `blockSize` (the last one may be shorter).
    struct Blocks {
        let total: Int
        let blockSize: Int

        /// Blocks of about `floatsPerItem`-float items that fill `scratchFloatsPerChunk`, between `minimum` and
        /// `maximum` items each.
        init(total: Int, floatsPerItem: Int, minimum: Int = 16, maximum: Int = 4096) {
            self.total = total
            let fitting = FastConvolution.scratchFloatsPerChunk / max(1, floatsPerItem)
            blockSize = max(1, min(max(fitting, minimum), maximum))
        }

        init(total: Int, blockSize: Int) {
            self.total = total
            self.blockSize = max(1, blockSize)
        }

        /// Number of blocks, `ceil(total / blockSize)`.
        var count: Int { (total + blockSize - 1) / blockSize }

        /// Items of block `index`.
        func range(_ index: Int) -> Range<Int> {
            let start = index * blockSize
            return start..<min(total, start + blockSize)
        }
    }

    /// Computes `result = Σ_block contribution(block)` for a weight gradient of `resultCount` floats.
    ///
    /// Blocks are cut into at most `reductionGroupCount` consecutive groups; each group accumulates its blocks in order
    /// into its own partial (`accumulate(block, partial, isFirstOfGroup)` must overwrite the partial when
    /// `isFirstOfGroup`, and add to it otherwise), groups run in parallel, and the partials are added in group order.
    static func sumOverBlocks(
        blockCount: Int, resultCount: Int, into result: UnsafeMutablePointer<Float>,
        accumulate: (_ block: Int, _ partial: UnsafeMutablePointer<Float>, _ isFirstOfGroup: Bool) -> Void
    ) {
        guard blockCount > 0 else {
            result.update(repeating: 0, count: resultCount)
            return
        }
        let groups = min(blockCount, reductionGroupCount)
        let blocksPerGroup = Blocks(total: blockCount, blockSize: (blockCount + groups - 1) / groups)
        let groupCount = blocksPerGroup.count
        if groupCount == 1 {
            for block in 0..<blockCount { accumulate(block, result, block == 0) }
            return
        }
        FastConvolutionScratch.withBuffer(count: groupCount * resultCount) { partials in
            ComputeThreads.parallelFor(chunks: groupCount) { group in
                let partial = partials + group * resultCount
                let blocks = blocksPerGroup.range(group)
                for block in blocks { accumulate(block, partial, block == blocks.lowerBound) }
            }
            // Each element adds its partials in group order, so cutting the elements into chunks changes nothing.
            let elements = Blocks(total: resultCount, blockSize: 16 * 1024)
            ComputeThreads.parallelFor(chunks: elements.count) { chunk in
                let range = elements.range(chunk)
                let target = result + range.lowerBound
                target.update(from: partials + range.lowerBound, count: range.count)
                for group in 1..<groupCount {
                    let partial = partials + group * resultCount + range.lowerBound
                    for index in 0..<range.count { target[index] += partial[index] }
                }
            }
        }
    }
}
