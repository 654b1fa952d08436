import Tensor

/// A 2-D convolution with a bias: `x.conv2D(weight) + bias`, weights HWIO, images NHWC.
///
/// Parameters are named `<scope>.weight` and `<scope>.bias`. By default both are drawn as PyTorch's `Conv2d` draws
/// them (uniform in `±1/√fanIn`, fanIn = kernel² · inChannels), the initialisation of the public HGN replication:
/// smaller than He's, it keeps the decoder's residual sums and its sigmoid out of saturation at the start.
public struct ConvolutionLayer: Sendable {
    /// Filter `[kernel, kernel, inChannels, outChannels]`.
    public let weight: Parameter
    /// Bias `[outChannels]`.
    public let bias: Parameter
    /// Step between output pixels, in input pixels.
    public let stride: Int
    /// How the input is padded.
    public let padding: Conv2DPadding

    /// A layer with freshly drawn weights and bias (`initializer` overrides the weights' distribution).
    public init<G: RandomNumberGenerator>(
        _ scope: ParameterScope, kernel: Int, inChannels: Int, outChannels: Int, stride: Int = 1,
        padding: Conv2DPadding = .same, initializer: Initializer? = nil, using generator: inout G
    ) {
        let standard = Initializer.uniform(limit: 1 / Double(kernel * kernel * inChannels).squareRoot())
        weight = scope.makeParameter(
            "weight", shape: [kernel, kernel, inChannels, outChannels],
            initializer: initializer ?? standard, using: &generator)
        bias = scope.makeParameter("bias", shape: [outChannels], initializer: standard, using: &generator)
        self.stride = stride
        self.padding = padding
    }

    /// Output channels.
    public var outChannels: Int { weight.shape[3] }

    /// Applies the layer to an NHWC batch: `activation(x ⊛ weight + bias)`, the bias and activation fused into one
    /// pass over the convolution's output (the values and gradients of the separate ops).
    /// O(batch · outH · outW · k² · in · out).
    @inlinable
    public func callAsFunction(_ x: Tensor, activation: Activation = .identity) -> Tensor {
        x.conv2D(weight.value, bias: bias.value, activation: activation, stride: stride, padding: padding)
    }
}
