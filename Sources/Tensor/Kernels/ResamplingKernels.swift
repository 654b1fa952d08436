/// Nearest-neighbour upsampling of NHWC images by an integer factor, and its adjoint (sum over each block).
enum ResamplingKernels {
    /// `[n, h, w, c]` → `[n, h·s, w·s, c]`, each pixel copied into an `s × s` block.
    static func upsampleNearest(_ input: TensorStorage, shape: [Int], scale: Int) -> TensorStorage {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let output = TensorStorage(uninitializedCount: n * h * scale * w * scale * c, dtype: input.dtype)
        StridedIteration.copy(
            shape: [n, h, scale, w, scale, c], from: input, strides: [h * w * c, w * c, 0, c, 0, 1],
            to: output, strides: Shape.contiguousStrides([n, h, scale, w, scale, c]))
        return output
    }

    /// `[n, h·s, w·s, c]` → `[n, h, w, c]`, each `s × s` block summed (fixed order).
    static func sumBlocks(_ input: TensorStorage, shape: [Int], scale: Int) -> TensorStorage {
        let (n, h, w, c) = (shape[0], shape[1] / scale, shape[2] / scale, shape[3])
        return ReductionKernels.sum(input, shape: [n, h, scale, w, scale, c], to: [n, h, 1, w, 1, c])
    }
}
