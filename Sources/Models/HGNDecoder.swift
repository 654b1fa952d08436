import Tensor

/// HGN's decoder from positions `q` alone back to frames.
///
/// A 3x3 convolution to `decoderFilters` with leaky ReLU; one residual upsampling block per reduction, each
/// `u = upsample₂(x)`, `x = u + lrelu(conv(lrelu(conv(u))))`; then a 3x3 convolution to RGB and a sigmoid.
struct HGNDecoder {
    let input: ConvolutionLayer
    let blocks: [(first: ConvolutionLayer, second: ConvolutionLayer)]
    let output: ConvolutionLayer
    let slope: Double

    init(_ configuration: HGNConfiguration, _ scope: ParameterScope, using generator: inout some RandomNumberGenerator)
    {
        let filters = configuration.decoderFilters
        input = ConvolutionLayer(
            scope.scope("input"), kernel: 3, inChannels: configuration.stateChannels,
            outChannels: filters, using: &generator)
        blocks = (0..<configuration.reductions).map { index in
            let block = scope.scope("block\(index)")
            return (
                ConvolutionLayer(
                    block.scope("conv0"), kernel: 3, inChannels: filters, outChannels: filters,
                    using: &generator),
                ConvolutionLayer(
                    block.scope("conv1"), kernel: 3, inChannels: filters, outChannels: filters,
                    using: &generator)
            )
        }
        output = ConvolutionLayer(
            scope.scope("output"), kernel: 3, inChannels: filters, outChannels: 3,
            using: &generator)
        slope = configuration.leakySlope
    }

    /// Frames `[n, resolution, resolution, 3]` in (0, 1) for positions `[n, h, w, stateChannels]`.
    ///
    /// Decode every frame of a batch of rollouts in one call (`n = batch · frames`): the convolutions then run as
    /// a few large products instead of many small ones.
    func callAsFunction(_ q: Tensor) -> Tensor {
        let leaky = Activation.leakyRelu(slope: slope)
        var x = input(q, activation: leaky)
        for block in blocks {
            let upsampled = x.upsampledNearest(scale: 2)
            x = upsampled + block.second(block.first(upsampled, activation: leaky), activation: leaky)
        }
        return output(x, activation: .sigmoid)
    }
}
