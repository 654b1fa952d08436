import SeededRandom
import Tensor

/// A Hamiltonian Generative Network (Toth et al., ICLR 2020) on the ``Tensor`` engine.
///
/// The first K frames go through the ``HGNEncoder`` to a posterior over `z`, sampled during training (its mean in
/// ``rollout(from:steps:direction:)``); the transformer f_psi maps `z` to the initial state `s₀ = (q, p)`; the
/// ``LatentIntegrator`` rolls `s` forward with the ``HamiltonianNetwork``'s partial derivatives; the decoder maps
/// every `q` back to a frame. Training reconstructs frames `K−1 … T−1` of a `T`-frame sequence: the last input frame
/// and `T − K` predicted ones.
///
/// ```swift
/// let model = try HamiltonianGenerativeNetwork(configuration: HGNConfiguration())
/// var generator = SeededGenerator(seed: 1)
/// let terms = try model.lossTerms(on: frames, reconstruction: .frameMeanSquaredError, using: &generator)
/// ```
public final class HamiltonianGenerativeNetwork: VideoDynamicsModel {
    /// Sizes and variant switches.
    public let configuration: HGNConfiguration
    /// Every parameter, scoped `encoder.`, `transformer.`, `hamiltonian.`, `decoder.`.
    public let parameters = ParameterCollection()
    /// The learned energy `H_γ`.
    public let hamiltonian: HamiltonianNetwork
    let encoder: HGNEncoder
    let transformer: HGNTransformer?
    let decoder: HGNDecoder
    /// How ``rollout(from:steps:direction:)`` picks the latent of a variational model: `nil` takes the posterior
    /// mean (the default); a seed draws one posterior sample per sequence from a generator with that seed (every
    /// call starts from the same seed). Not part of the configuration: it changes evaluation, not training.
    public var rolloutSampleSeed: UInt64?

    /// Builds the network with weights drawn from `configuration.seed`.
    ///
    /// - Throws: ``ModelsError/invalidConfiguration(field:reason:)`` for inconsistent sizes.
    public init(configuration: HGNConfiguration) throws(ModelsError) {
        try configuration.validate()
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        encoder = HGNEncoder(configuration, parameters.scope("encoder"), using: &generator)
        transformer =
            configuration.usesTransformer
            ? HGNTransformer(configuration, parameters.scope("transformer"), using: &generator) : nil
        hamiltonian = HamiltonianNetwork(configuration, parameters.scope("hamiltonian"), using: &generator)
        decoder = HGNDecoder(configuration, parameters.scope("decoder"), using: &generator)
    }

    /// K, the frames the encoder reads.
    public var inputFrameCount: Int { configuration.inputFrames }
    /// Frame width and height.
    public var resolution: Int { configuration.resolution }
    /// `.hgn(configuration)`.
    public var summary: ModelSummary { .hgn(configuration: configuration) }

    /// Scalars per part, in order: encoder, transformer, hamiltonian, decoder.
    ///
    /// At the reference sizes: 262,880 / 83,104 / 50,657 / 232,579 = 629,220. The public PyTorch replication has
    /// 262,880 / 83,104 / 50,657 / 196,739 = 593,380: the same encoder (its two 48-channel heads equal one
    /// 96-channel output convolution), transformer and Hamiltonian network, and a decoder whose first residual
    /// block goes from 16 to 64 channels with a 1x1 projection on the skip path instead of this decoder's first
    /// 3x3 convolution to 64 channels followed by a 64-channel block (+35,840).
    public var parameterCountsByPart: [(part: String, count: Int)] {
        ["encoder", "transformer", "hamiltonian", "decoder"].map { ($0, parameters.scalarCount(withPrefix: $0 + ".")) }
    }

    /// The posterior for input frames `[batch, K, H, W, 3]` (over `z`, or over `s` without a transformer).
    public func posterior(of inputs: Tensor) -> LatentPosterior { encoder(inputs) }

    /// The initial state for a latent sample (the transformer's output, or the sample itself without one).
    public func initialState(from latent: Tensor) -> PhaseState {
        let s = transformer.map { $0(latent) } ?? latent
        let halves = s.split(sizes: [configuration.stateChannels, configuration.stateChannels], alongAxis: 3)
        return PhaseState(q: halves[0], p: halves[1])
    }

    /// The states of a rollout of `steps` steps of size `timeStep` (negative: backwards in time) from `initial`.
    public func integrate(from initial: PhaseState, steps: Int, timeStep: Double, createGraph: Bool) -> [PhaseState] {
        configuration.integrator.rollout(
            from: initial, steps: steps, timeStep: timeStep, hamiltonian: hamiltonian,
            createGraph: createGraph)
    }

    /// Frames `[batch, states.count, H, W, 3]` for the positions of `states`, decoded in one batched call.
    public func decode(_ states: [PhaseState]) -> Tensor {
        let first = states[0].q
        let (batch, size, channels) = (first.shape[0], first.shape[1], configuration.stateChannels)
        let positions = Tensor.stack(states.map(\.q), alongAxis: 1)
            .reshaped(to: [batch * states.count, size, size, channels])
        return decoder(positions).reshaped(to: [batch, states.count, resolution, resolution, 3])
    }

    /// Encodes the first K frames of `sequence` `[batch, T, H, W, 3]`, samples `z` (the mean when deterministic),
    /// integrates `T − K` steps with the graph recorded through the Hamiltonian's partials, decodes all `T − K + 1`
    /// states in one call and scores them against frames `K − 1 … T − 1`.
    ///
    /// - Complexity: encoder + transformer once, `(T − K) ·` evaluations per step of the Hamiltonian network (with
    ///   double backward later), the decoder on `batch · (T − K + 1)` states.
    public func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms {
        try lossTerms(on: sequence, reconstruction: reconstruction, decodedFrames: nil, using: &generator)
    }

    /// As ``lossTerms(on:reconstruction:using:)``, but decodes and scores only the anchor frame and
    /// `decodedFrames − 1` later frames drawn from `generator` (after the posterior sample), their error scaled by
    /// ``DecodedFrameSample/laterFrameWeight`` so that the reconstruction and the pixel MSE are unbiased estimates
    /// of their values over every frame. The latent state is integrated up to the last frame drawn. `nil` (or a
    /// number above `T − K`) decodes every frame, exactly as the three-argument form.
    ///
    /// - Complexity: the decoder on `batch · decodedFrames` states; the Hamiltonian network as above, up to the
    ///   last frame drawn.
    public func lossTerms(
        on sequence: Tensor, reconstruction: ReconstructionLoss, decodedFrames: Int?,
        using generator: inout SeededGenerator
    ) throws(ModelsError) -> LossTerms {
        let k = configuration.inputFrames
        try checkSequence(sequence, what: "training batch", minimumFrames: k + 1)
        let frames = sequence.shape[1]
        let posterior = self.posterior(of: sequence.slice(alongAxis: 1, range: 0..<k))
        let initial = initialState(from: posterior.sample(using: &generator))
        let sample = DecodedFrameSample(predictedFrames: frames - k, decodedFrames: decodedFrames, using: &generator)
        let states = integrate(
            from: initial, steps: sample.lastOffset, timeStep: configuration.timeStep,
            createGraph: true)
        let kl = configuration.isVariational ? posterior.klDivergence() : nil
        let valuesPerSample = (frames - k + 1) * resolution * resolution * 3
        if sample.isComplete {
            let prediction = decode(states)
            let target = sequence.slice(alongAxis: 1, range: (k - 1)..<frames)
            return LossTerms(
                reconstruction: reconstruction(prediction: prediction, target: target),
                pixelMeanSquaredError: Tensor.meanSquaredError(prediction, target), klDivergence: kl,
                predictedValuesPerSample: valuesPerSample)
        }
        let prediction = decode([states[0]] + sample.offsets.map { states[$0] })
        let anchorPrediction = prediction.slice(alongAxis: 1, range: 0..<1)
        let laterPrediction = prediction.slice(alongAxis: 1, range: 1..<prediction.shape[1])
        let anchorTarget = sequence.slice(alongAxis: 1, range: (k - 1)..<k)
        let laterTarget = Tensor.concatenate(
            sample.offsets.map { sequence.slice(alongAxis: 1, range: (k - 1 + $0)..<(k + $0)) }, alongAxis: 1)
        let weight = sample.laterFrameWeight, predicted = Double(sample.predictedFrames)
        let loss =
            reconstruction(prediction: anchorPrediction, target: anchorTarget)
            + reconstruction(prediction: laterPrediction, target: laterTarget) * weight
        // Mean over n + 1 frames of per-frame MSEs: (anchor + n · mean of the drawn later frames) / (n + 1).
        let pixelMSE =
            (Tensor.meanSquaredError(anchorPrediction, anchorTarget)
                + Tensor.meanSquaredError(laterPrediction, laterTarget) * predicted) * (1 / (predicted + 1))
        return LossTerms(
            reconstruction: loss, pixelMeanSquaredError: pixelMSE, klDivergence: kl,
            predictedValuesPerSample: valuesPerSample)
    }

    /// Encodes the last K frames of `inputs` to the posterior mean, integrates `steps` steps (with `−timeStep`
    /// backwards) without recording, and decodes every state; the energies are `H_γ` at every state.
    public func rollout(from inputs: Tensor, steps: Int, direction: TimeDirection) throws(ModelsError) -> Rollout {
        try checkSequence(inputs, what: "rollout inputs", minimumFrames: configuration.inputFrames)
        let k = configuration.inputFrames
        let window =
            inputs.shape[1] == k ? inputs : inputs.slice(alongAxis: 1, range: (inputs.shape[1] - k)..<inputs.shape[1])
        let posterior = self.posterior(of: window)
        var latent = posterior.mean
        if let seed = rolloutSampleSeed {
            var generator = SeededGenerator(seed: seed)
            latent = posterior.sample(using: &generator)
        }
        let initial = initialState(from: latent)
        let dt = direction == .forward ? configuration.timeStep : -configuration.timeStep
        let states = integrate(from: initial, steps: steps, timeStep: dt, createGraph: false)
        let energies = Tensor.stack(states.map { hamiltonian.energies(q: $0.q, p: $0.p) }, alongAxis: 1)
        return Rollout(frames: decode(states), energies: energies)
    }
}
