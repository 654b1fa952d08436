/// How a 2-D convolution pads its input.
public enum Conv2DPadding: Hashable, Sendable {
    /// No padding: only taps that lie fully inside the input (output size `(in − kernel) / stride + 1`).
    case valid
    /// TensorFlow's "SAME": output size `ceil(in / stride)`, with the total padding split evenly and any odd pixel
    /// added at the bottom / right.
    case same
    /// Explicit zero padding on each side.
    case explicit(top: Int, bottom: Int, left: Int, right: Int)

    /// The padding on each side for an input of `height × width`, a `kernelHeight × kernelWidth` kernel and the
    /// given strides.
    public func amounts(
        height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, strideY: Int, strideX: Int
    )
        -> (top: Int, bottom: Int, left: Int, right: Int)
    {
        switch self {
        case .valid:
            return (0, 0, 0, 0)
        case .same:
            let totalY = Swift.max((height + strideY - 1) / strideY * strideY - strideY + kernelHeight - height, 0)
            let totalX = Swift.max((width + strideX - 1) / strideX * strideX - strideX + kernelWidth - width, 0)
            return (totalY / 2, totalY - totalY / 2, totalX / 2, totalX - totalX / 2)
        case .explicit(let top, let bottom, let left, let right):
            return (top, bottom, left, right)
        }
    }
}

extension Conv2DGeometry {
    /// The geometry of convolving an NHWC `inputShape` with an HWIO `filterShape`.
    ///
    /// - Precondition: ranks are 4, channel counts agree, strides are positive, and the padded input is at least as
    ///   large as the kernel.
    public init(
        inputShape: [Int], filterShape: [Int], strideY: Int = 1, strideX: Int = 1,
        padding: Conv2DPadding = .valid
    ) {
        precondition(
            inputShape.count == 4, "conv2D input must be NHWC [batch, height, width, channels], got \(inputShape)")
        precondition(filterShape.count == 4, "conv2D filter must be HWIO [kh, kw, in, out], got \(filterShape)")
        precondition(
            inputShape[3] == filterShape[2],
            "conv2D input has \(inputShape[3]) channels but the filter expects \(filterShape[2])")
        precondition(strideY > 0 && strideX > 0, "conv2D strides must be positive")
        let pad = padding.amounts(
            height: inputShape[1], width: inputShape[2], kernelHeight: filterShape[0],
            kernelWidth: filterShape[1], strideY: strideY, strideX: strideX)
        precondition(pad.top >= 0 && pad.bottom >= 0 && pad.left >= 0 && pad.right >= 0, "padding must be non-negative")
        self.init(
            batch: inputShape[0], height: inputShape[1], width: inputShape[2], inChannels: inputShape[3],
            outChannels: filterShape[3], kernelHeight: filterShape[0], kernelWidth: filterShape[1],
            strideY: strideY, strideX: strideX,
            padTop: pad.top, padBottom: pad.bottom, padLeft: pad.left, padRight: pad.right)
        precondition(
            inputShape[1] + pad.top + pad.bottom >= filterShape[0]
                && inputShape[2] + pad.left + pad.right >= filterShape[1],
            "conv2D kernel \(filterShape[0])x\(filterShape[1]) is larger than the padded input \(inputShape)")
    }

    /// NHWC shape of the input.
    public var inputShape: [Int] { [batch, height, width, inChannels] }
    /// HWIO shape of the filter.
    public var filterShape: [Int] { [kernelHeight, kernelWidth, inChannels, outChannels] }
    /// NHWC shape of the output.
    public var outputShape: [Int] { [batch, outputHeight, outputWidth, outChannels] }
    /// Multiply-adds of one forward pass (each backward primitive costs about the same).
    public var multiplyAddCount: Int {
        batch * outputHeight * outputWidth * kernelHeight * kernelWidth * inChannels * outChannels
    }
}
