// 2-D convolution as three primitives, each differentiable in terms of the three:
//   y = conv(x, w)             dx = backwardInput(dy, w)      dw = backwardWeight(x, dy)
//   z = backwardInput(g, w)    dg = conv(dz, w)               dw = backwardWeight(dz, g)
//   u = backwardWeight(x, g)   dx = backwardInput(g, du)      dg = conv(x, du)
// (all three are bilinear, and ⟨conv(x, w), g⟩ = ⟨x, backwardInput(g, w)⟩ = ⟨w, backwardWeight(x, g)⟩).

extension Tensor {
    /// 2-D convolution (cross-correlation, as in every deep-learning library) of this NHWC tensor
    /// `[batch, height, width, inChannels]` with an HWIO `filter` `[kernelHeight, kernelWidth, inChannels,
    /// outChannels]`. No bias: add one with `+ bias` (it broadcasts over the channel axis).
    ///
    /// - Complexity: O(batch · outHeight · outWidth · kernelHeight · kernelWidth · inChannels · outChannels).
    public func conv2D(_ filter: Tensor, stride: Int = 1, padding: Conv2DPadding = .valid) -> Tensor {
        conv2D(filter, strideY: stride, strideX: stride, padding: padding)
    }

    /// 2-D convolution with separate vertical and horizontal strides (see ``conv2D(_:stride:padding:)``).
    public func conv2D(_ filter: Tensor, strideY: Int, strideX: Int, padding: Conv2DPadding) -> Tensor {
        precondition(dtype == filter.dtype, "cannot convolve \(dtype) with a \(filter.dtype) filter")
        let geometry = Conv2DGeometry(
            inputShape: shape, filterShape: filter.shape, strideY: strideY, strideX: strideX,
            padding: padding)
        return Tensor.convolution(self, filter, geometry)
    }

    /// The transposed convolution (the input-gradient of ``conv2D(_:stride:padding:)``): maps this tensor, shaped like
    /// a convolution's output, back to `outputShape` (the convolution's input shape). With stride 2 it is a learned
    /// x2 upsampling. O(same as the convolution).
    public func transposedConv2D(
        _ filter: Tensor, outputShape: [Int], stride: Int = 1,
        padding: Conv2DPadding = .valid
    ) -> Tensor {
        precondition(dtype == filter.dtype, "cannot convolve \(dtype) with a \(filter.dtype) filter")
        let geometry = Conv2DGeometry(
            inputShape: outputShape, filterShape: filter.shape, strideY: stride,
            strideX: stride, padding: padding)
        precondition(
            shape == geometry.outputShape,
            "transposedConv2D: \(shape) is not the convolution output \(geometry.outputShape) of \(outputShape)")
        return Tensor.convolutionBackwardInput(self, filter, geometry)
    }

    static func convolution(_ x: Tensor, _ w: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
        let storage = ConvolutionDispatch.forward(geometry, input: x.storage, weight: w.storage)
        return record(
            "conv2D", shape: geometry.outputShape, storage: storage, inputs: [x, w],
            saving: [w.node != nil ? x : unsaved, x.node != nil ? w : unsaved]
        ) { context in
            let g = context.upstream, x = context.saved[0], w = context.saved[1]
            return [
                context.needsGradient[0] ? convolutionBackwardInput(g, w, geometry) : nil,
                context.needsGradient[1] ? convolutionBackwardWeight(x, g, geometry) : nil,
            ]
        }
    }

    static func convolutionBackwardInput(_ g: Tensor, _ w: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
        precondition(g.shape == geometry.outputShape && w.shape == geometry.filterShape)
        let storage = ConvolutionDispatch.backwardInput(geometry, outputGradient: g.storage, weight: w.storage)
        return record(
            "conv2DBackwardInput", shape: geometry.inputShape, storage: storage, inputs: [g, w],
            saving: [w.node != nil ? g : unsaved, g.node != nil ? w : unsaved]
        ) { context in
            let dz = context.upstream, g = context.saved[0], w = context.saved[1]
            return [
                context.needsGradient[0] ? convolution(dz, w, geometry) : nil,
                context.needsGradient[1] ? convolutionBackwardWeight(dz, g, geometry) : nil,
            ]
        }
    }

    static func convolutionBackwardWeight(_ x: Tensor, _ g: Tensor, _ geometry: Conv2DGeometry) -> Tensor {
        precondition(x.shape == geometry.inputShape && g.shape == geometry.outputShape)
        let storage = ConvolutionDispatch.backwardWeight(geometry, input: x.storage, outputGradient: g.storage)
        return record(
            "conv2DBackwardWeight", shape: geometry.filterShape, storage: storage, inputs: [x, g],
            saving: [g.node != nil ? x : unsaved, x.node != nil ? g : unsaved]
        ) { context in
            let du = context.upstream, x = context.saved[0], g = context.saved[1]
            return [
                context.needsGradient[0] ? convolutionBackwardInput(g, du, geometry) : nil,
                context.needsGradient[1] ? convolution(x, du, geometry) : nil,
            ]
        }
    }
}
