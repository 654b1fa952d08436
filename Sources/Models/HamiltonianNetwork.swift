import Tensor

/// HGN's Hamiltonian network `H_γ(q, p)`: convolutions over the latent maps with softplus (smooth, since the
/// integrators differentiate it and training differentiates that again), summed to one energy per sample.
///
/// Layers (reference sizes): conv 32 k3 s1 SAME, 64 k2 s2 VALID, 64 k2 s1 SAME, 64 k2 s1 SAME, 1 k2 s2 VALID, with
/// softplus between them and none after the last; `H` is the sum of the last map over space. On 4x4 maps the
/// output is 1x1. (The public replication ends in a softplus, forcing `H ≥ 0`; the paper does not.)
public struct HamiltonianNetwork: LatentHamiltonian {
    let layers: [ConvolutionLayer]

    init(_ configuration: HGNConfiguration, _ scope: ParameterScope, using generator: inout some RandomNumberGenerator)
    {
        let f = configuration.hamiltonianFilters
        let specs: [(kernel: Int, out: Int, stride: Int, padding: Conv2DPadding)] = [
            (3, f[0], 1, .same), (2, f[1], 2, .valid), (2, f[2], 1, .same), (2, f[3], 1, .same), (2, 1, 2, .valid),
        ]
        var inChannels = 2 * configuration.stateChannels
        var layers: [ConvolutionLayer] = []
        for (index, spec) in specs.enumerated() {
            layers.append(
                ConvolutionLayer(
                    scope.scope("conv\(index)"), kernel: spec.kernel, inChannels: inChannels,
                    outChannels: spec.out, stride: spec.stride, padding: spec.padding,
                    using: &generator))
            inChannels = spec.out
        }
        self.layers = layers
    }

    /// `H(q, p)` per sample, `[batch]`, for `q` and `p` `[batch, h, w, stateChannels]`.
    public func energies(q: Tensor, p: Tensor) -> Tensor {
        var x = Tensor.concatenate([q, p], alongAxis: 3)
        for (index, layer) in layers.enumerated() {
            x = layer(x)
            if index < layers.count - 1 { x = x.softplus() }
        }
        return x.sum(alongAxes: [1, 2, 3])
    }
}
