import Tensor

/// HGN's transformer f_psi: three 3x3 stride-2 convolutions from `z` to the initial state `s = (q, p)`.
///
/// ReLU after the first two, none after the last (the public replication ends in a ReLU, which makes every `q` and
/// `p` start non-negative; the paper does not).
struct HGNTransformer {
    let layers: [ConvolutionLayer]
    let stateChannels: Int

    init(_ configuration: HGNConfiguration, _ scope: ParameterScope, using generator: inout some RandomNumberGenerator)
    {
        let sizes =
            [configuration.latentChannels] + configuration.transformerFilters + [2 * configuration.stateChannels]
        layers = (0..<sizes.count - 1).map { index in
            ConvolutionLayer(
                scope.scope("conv\(index)"), kernel: 3, inChannels: sizes[index],
                outChannels: sizes[index + 1], stride: 2, using: &generator)
        }
        stateChannels = configuration.stateChannels
    }

    /// `s` for a latent `z` `[batch, H, W, latentChannels]`, as `[batch, H/8, W/8, 2 · stateChannels]`.
    func callAsFunction(_ z: Tensor) -> Tensor {
        var x = z
        for (index, layer) in layers.enumerated() {
            x = layer(x, activation: index < layers.count - 1 ? .relu : .identity)
        }
        return x
    }
}
