import SeededRandom
import Tensor

/// PixelHNN (Greydanus et al. 2019): an MLP autoencoder of frame pairs whose latent `z = (q, p)` follows a
/// Hamiltonian neural network, as in the HNN paper's pixel experiment. See ``PixelHNNConfiguration`` for the
/// architecture, the losses, the initialisation and every adaptation to our frames.
///
/// The latent `z_t` encodes frames `(t, t+1)`. A rollout encodes the last two input frames, integrates the HNN
/// with ``PixelHNNConfiguration/integrator`` one latent time unit per frame, and shows the second frame of each
/// decoded pair, so step 0 is the anchor frame's reconstruction, as for HGN. The decoder's output is linear (as in
/// the original), so predicted pixels may leave `[0, 1]`; they are scored as they are.
public final class PixelHNN: VideoDynamicsModel {
    /// Sizes and weights.
    public let configuration: PixelHNNConfiguration
    /// Every parameter, scoped `encoder.`, `decoder.`, `hamiltonian.`.
    public let parameters = ParameterCollection()
    /// The HNN on the latent.
    public let hamiltonian: MLPHamiltonian
    let encoder: ResidualMLP
    let decoder: ResidualMLP

    /// Builds the network with weights drawn from `configuration.seed` (orthogonal weights, PyTorch's default
    /// biases: see ``PixelHNNConfiguration``).
    ///
    /// - Throws: ``ModelsError/invalidConfiguration(field:reason:)``.
    /// - Complexity: one Householder QR per weight matrix, O(pixels · hiddenUnits²) for the widest.
    public init(configuration: PixelHNNConfiguration) throws(ModelsError) {
        try configuration.validate()
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        let pixels = 2 * configuration.resolution * configuration.resolution * 3
        let hidden = configuration.hiddenUnits, latent = 2 * configuration.coordinates
        encoder = ResidualMLP(
            parameters.scope("encoder"), inFeatures: pixels, hiddenUnits: hidden,
            residualLayers: configuration.residualLayers, outFeatures: latent, using: &generator)
        decoder = ResidualMLP(
            parameters.scope("decoder"), inFeatures: latent, hiddenUnits: hidden,
            residualLayers: configuration.residualLayers, outFeatures: pixels, using: &generator)
        hamiltonian = MLPHamiltonian(
            parameters.scope("hamiltonian"), coordinates: configuration.coordinates,
            hiddenUnits: configuration.hamiltonianHiddenUnits, using: &generator)
    }

    /// Two frames: the pair the latent encodes.
    public var inputFrameCount: Int { 2 }
    /// Frame width and height.
    public var resolution: Int { configuration.resolution }
    /// `.pixelHNN(configuration)`.
    public var summary: ModelSummary { .pixelHNN(configuration: configuration) }

    /// The latent `[n, 2 · coordinates]` of frame pairs `[n, 2, H, W, 3]`.
    public func encode(_ pairs: Tensor) -> Tensor {
        encoder(pairs.reshaped(to: [pairs.shape[0], -1]))
    }

    /// Frame pairs `[n, 2, H, W, 3]` for latents `[n, 2 · coordinates]` (a linear output, not squashed).
    public func decode(_ z: Tensor) -> Tensor {
        decoder(z).reshaped(to: [z.shape[0], 2, resolution, resolution, 3])
    }

    /// The loss of the HNN paper on every window of three consecutive frames of the batch. The
    /// ``ReconstructionLoss`` is not used: the autoencoder term is the pixel MSE, which the paper's weights of the
    /// other two terms are relative to.
    public func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms {
        try checkSequence(sequence, what: "training batch", minimumFrames: 3)
        let (batch, frames) = (sequence.shape[0], sequence.shape[1])
        let windows = frames - 2, size = [resolution, resolution, 3]
        func pairs(from start: Int) -> Tensor {
            Tensor.stack(
                (0..<windows).map { t in sequence.slice(alongAxis: 1, range: (start + t)..<(start + t + 2)) },
                alongAxis: 1
            ).reshaped(to: [batch * windows, 2] + size)
        }
        let current = pairs(from: 0), next = pairs(from: 1)
        let both = encode(Tensor.concatenate([current, next], alongAxis: 0))
        let latents = both.split(sizes: [batch * windows, batch * windows], alongAxis: 0)
        let z = latents[0], zNext = latents[1]
        let autoencoder = Tensor.meanSquaredError(decode(z), current)
        let c = configuration.coordinates
        let (q, p) = (z.slice(alongAxis: 1, range: 0..<c), z.slice(alongAxis: 1, range: c..<2 * c))
        let qNext = zNext.slice(alongAxis: 1, range: 0..<c)
        let canonical = Tensor.meanSquaredError(p, qNext - q)
        let field = hamiltonian.vectorField(at: PhaseState(q: q, p: p), createGraph: true)
        let stepped = z + Tensor.concatenate([field.dq, field.dp], alongAxis: 1) * configuration.timeStep
        let hnn = Tensor.meanSquaredError(stepped, zNext)
        return LossTerms(
            reconstruction: autoencoder, pixelMeanSquaredError: autoencoder, klDivergence: nil,
            predictedValuesPerSample: 2 * resolution * resolution * 3,
            auxiliary: [
                ("canonical", canonical * configuration.canonicalWeight),
                ("hnn", hnn * configuration.hamiltonianWeight),
            ])
    }

    /// Encodes the last two frames of `inputs`, integrates the HNN `steps` latent time units (backwards for
    /// `.backward`) without recording, and shows the second frame of each decoded pair.
    public func rollout(from inputs: Tensor, steps: Int, direction: TimeDirection) throws(ModelsError) -> Rollout {
        try checkSequence(inputs, what: "rollout inputs", minimumFrames: 2)
        let frames = inputs.shape[1], batch = inputs.shape[0], c = configuration.coordinates
        let z = encode(inputs.slice(alongAxis: 1, range: (frames - 2)..<frames))
        let dt = direction == .forward ? configuration.timeStep : -configuration.timeStep
        let initial = PhaseState(q: z.slice(alongAxis: 1, range: 0..<c), p: z.slice(alongAxis: 1, range: c..<2 * c))
        let states = configuration.integrator.rollout(
            from: initial, steps: steps, timeStep: dt,
            hamiltonian: hamiltonian, createGraph: false)
        let latents = Tensor.stack(states.map { Tensor.concatenate([$0.q, $0.p], alongAxis: 1) }, alongAxis: 1)
            .reshaped(to: [batch * states.count, 2 * c])
        let decoded = decode(latents).slice(alongAxis: 1, range: 1..<2)
            .reshaped(to: [batch, states.count, resolution, resolution, 3])
        let energies = Tensor.stack(states.map { hamiltonian.energies(q: $0.q, p: $0.p) }, alongAxis: 1)
        return Rollout(frames: decoded, energies: energies)
    }
}

/// The HNN paper's autoencoder half: `Linear(in, hidden)` + ReLU, `residualLayers` layers
/// `h = h + relu(Linear(hidden, hidden)(h))`, then a linear `Linear(hidden, out)`.
struct ResidualMLP {
    let input: DenseLayer
    let residual: [DenseLayer]
    let output: DenseLayer

    init(
        _ scope: ParameterScope, inFeatures: Int, hiddenUnits: Int, residualLayers: Int, outFeatures: Int,
        using generator: inout some RandomNumberGenerator
    ) {
        input = .hnnPaper(scope.scope("input"), inFeatures: inFeatures, outFeatures: hiddenUnits, using: &generator)
        residual = (0..<residualLayers).map { index in
            .hnnPaper(
                scope.scope("residual\(index)"), inFeatures: hiddenUnits, outFeatures: hiddenUnits,
                using: &generator)
        }
        output = .hnnPaper(scope.scope("output"), inFeatures: hiddenUnits, outFeatures: outFeatures, using: &generator)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = input(x).relu()
        for layer in residual { h = h + layer(h).relu() }
        return output(h)
    }
}

extension DenseLayer {
    /// A layer initialised as the HNN code initialises one: PyTorch's `nn.Linear` (bias uniform in `±1/√in`), then
    /// `orthogonal_` on the weight. Draws the weight, then the bias.
    static func hnnPaper(
        _ scope: ParameterScope, inFeatures: Int, outFeatures: Int,
        using generator: inout some RandomNumberGenerator
    ) -> DenseLayer {
        let layer = DenseLayer(
            scope, inFeatures: inFeatures, outFeatures: outFeatures,
            initializer: .orthogonal(gain: 1), using: &generator)
        let limit = 1 / Double(inFeatures).squareRoot()
        layer.bias.assign(Initializer.uniform(limit: limit).makeTensor(shape: [outFeatures], using: &generator))
        return layer
    }
}

/// An MLP Hamiltonian on a flat phase space, the HNN of Greydanus et al.:
/// `H(q, p) = w₃ · tanh(W₂ tanh(W₁ [q, p] + b₁) + b₂)`, initialised as in their code (orthogonal weights; the last
/// layer has no bias, which would not change the dynamics anyway).
public struct MLPHamiltonian: LatentHamiltonian {
    let layers: [DenseLayer]
    let output: Parameter

    init(_ scope: ParameterScope, coordinates: Int, hiddenUnits: Int, using generator: inout some RandomNumberGenerator)
    {
        layers = [
            .hnnPaper(scope.scope("dense0"), inFeatures: 2 * coordinates, outFeatures: hiddenUnits, using: &generator),
            .hnnPaper(scope.scope("dense1"), inFeatures: hiddenUnits, outFeatures: hiddenUnits, using: &generator),
        ]
        output = scope.makeParameter(
            "output.weight", shape: [hiddenUnits, 1], initializer: .orthogonal(gain: 1),
            using: &generator)
    }

    /// `H` per state `[batch]` for `q`, `p` `[batch, coordinates]`.
    public func energies(q: Tensor, p: Tensor) -> Tensor {
        var h = Tensor.concatenate([q, p], alongAxis: 1)
        for layer in layers { h = layer(h).tanh() }
        return h.matmul(output.value).reshaped(to: [q.shape[0]])
    }
}
