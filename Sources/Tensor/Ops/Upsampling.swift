// Nearest-neighbour upsampling (the HGN decoder's x2 step) and its adjoint, block summation; each is the other's
// backward rule.

extension Tensor {
    /// Nearest-neighbour upsampling of an NHWC image by an integer `scale`: `[n, h, w, c]` → `[n, h·s, w·s, c]`.
    /// O(size of the result).
    public func upsampledNearest(scale: Int = 2) -> Tensor {
        precondition(rank == 4, "upsampling needs an NHWC tensor, got \(shape)")
        precondition(scale >= 1, "upsampling scale must be at least 1")
        if scale == 1 { return self }
        let storage = ResamplingKernels.upsampleNearest(self.storage, shape: shape, scale: scale)
        return Tensor.record(
            "upsampleNearest", shape: [shape[0], shape[1] * scale, shape[2] * scale, shape[3]],
            storage: storage, inputs: [self]
        ) { context in
            [context.upstream.blockSummed(scale: scale)]
        }
    }

    /// Sums each `scale × scale` block of an NHWC image: `[n, h·s, w·s, c]` → `[n, h, w, c]` (sum pooling, the
    /// adjoint of ``upsampledNearest(scale:)``). O(n).
    public func blockSummed(scale: Int) -> Tensor {
        precondition(
            rank == 4 && shape[1] % scale == 0 && shape[2] % scale == 0,
            "block summation needs an NHWC tensor whose height and width divide by \(scale), got \(shape)")
        if scale == 1 { return self }
        let storage = ResamplingKernels.sumBlocks(self.storage, shape: shape, scale: scale)
        return Tensor.record(
            "blockSum", shape: [shape[0], shape[1] / scale, shape[2] / scale, shape[3]],
            storage: storage, inputs: [self]
        ) { context in
            [context.upstream.upsampledNearest(scale: scale)]
        }
    }
}
