import Tensor

/// HGN's encoder: convolutions over the first K frames stacked on channels, giving the posterior over the latent.
///
/// `[batch, K, H, W, 3]` → frames stacked to `[batch, H, W, 3K]` → hidden 3x3 SAME convolutions with ReLU → a
/// linear 3x3 convolution to the posterior's mean (and log-variance, for a variational encoder, plus
/// ``HGNConfiguration/posteriorLogVarianceShift``). With a transformer
/// the posterior is over `z` (`latentChannels` at full resolution); without one ("no f_psi") the last
/// `reductions` convolutions stride 2 and the posterior is over `s = (q, p)` directly (`2 · stateChannels` at the
/// latent size).
struct HGNEncoder {
    let hidden: [ConvolutionLayer]
    let output: ConvolutionLayer
    let channels: Int
    let isVariational: Bool
    let logVarianceShift: Double?

    init(_ configuration: HGNConfiguration, _ scope: ParameterScope, using generator: inout some RandomNumberGenerator)
    {
        let strided = configuration.usesTransformer ? 0 : configuration.reductions
        let layerCount = configuration.encoderFilters.count + 1
        func stride(_ layer: Int) -> Int { layer >= layerCount - strided ? 2 : 1 }
        var inChannels = 3 * configuration.inputFrames
        var hidden: [ConvolutionLayer] = []
        for (index, filters) in configuration.encoderFilters.enumerated() {
            hidden.append(
                ConvolutionLayer(
                    scope.scope("conv\(index)"), kernel: 3, inChannels: inChannels,
                    outChannels: filters, stride: stride(index), using: &generator))
            inChannels = filters
        }
        channels = configuration.usesTransformer ? configuration.latentChannels : 2 * configuration.stateChannels
        isVariational = configuration.isVariational
        logVarianceShift = configuration.posteriorLogVarianceShift
        output = ConvolutionLayer(
            scope.scope("output"), kernel: 3, inChannels: inChannels,
            outChannels: isVariational ? 2 * channels : channels, stride: stride(layerCount - 1),
            using: &generator)
        self.hidden = hidden
    }

    /// The posterior for `frames` `[batch, K, H, W, 3]`.
    func callAsFunction(_ frames: Tensor) -> LatentPosterior {
        let (batch, count, height, width) = (frames.shape[0], frames.shape[1], frames.shape[2], frames.shape[3])
        var x = frames.permuted([0, 2, 3, 1, 4]).reshaped(to: [batch, height, width, count * 3])
        for layer in hidden { x = layer(x, activation: .relu) }
        let result = output(x)
        guard isVariational else { return LatentPosterior(mean: result, logVariance: nil) }
        let halves = result.split(sizes: [channels, channels], alongAxis: 3)
        return LatentPosterior(mean: halves[0], logVariance: logVarianceShift.map { halves[1] + $0 } ?? halves[1])
    }
}
