/// The sizes and variant switches of a Hamiltonian Generative Network (Toth et al., ICLR 2020).
///
/// The defaults are the reference sizes (`docs/reference.md`), matched to the public PyTorch
/// replication's parameter counts where the paper is silent:
/// - encoder: 8 convolutions 3x3 SAME over the `inputFrames` frames stacked on channels, filters
///   `encoderFilters` = [32, 64 x 6] with ReLU, then a linear convolution to the posterior's mean and
///   log-variance of `z` (`latentChannels` = 48 each) at full resolution (262,880 parameters);
/// - transformer f_psi: 3 convolutions 3x3 stride 2 (64, 64, then 2 x `stateChannels` = 32), ReLU between, no
///   activation at the end, giving `s = (q, p)`, each `[4, 4, 16]` for 32x32 frames (83,104);
/// - Hamiltonian network: conv 32 k3 s1 SAME, 64 k2 s2 VALID, 64 k2 s1 SAME, 64 k2 s1 SAME, 1 k2 s2 VALID, softplus
///   between, `H` = sum of the last map (50,657);
/// - decoder from `q` alone: a first 3x3 convolution to `decoderFilters` = 64, one residual upsampling block per
///   stride-2 reduction (3) (nearest x2, then two 3x3 convolutions with leaky ReLU, added to the upsampled input), and a
///   3x3 convolution to RGB with a sigmoid (232,579; see ``HamiltonianGenerativeNetwork/parameterCountsByPart``).
///
/// Variants: ``integrator`` (leapfrog by default), ``usesTransformer`` `false` for "no f_psi" (the encoder's last
/// three convolutions stride 2 and it outputs the posterior over `s` itself), ``isVariational`` `false` for the
/// deterministic model (the encoder outputs `z` directly; no sampling and no KL term).
public struct HGNConfiguration: Codable, Hashable, Sendable {
    /// Width and height of the frames: a multiple of 2^``reductions`` whose latent maps are at least 4x4 (the
    /// Hamiltonian network's two VALID stride-2 convolutions need them), so at least 32 with the reference sizes.
    public var resolution = 32
    /// Frames the encoder sees (K); the last of them is the first frame of the rollout.
    public var inputFrames = 5
    /// Filters of the encoder's hidden convolutions (7 layers in the reference).
    public var encoderFilters = [32, 64, 64, 64, 64, 64, 64]
    /// Channels of the latent `z` (the posterior has a mean and a log-variance of this many channels).
    public var latentChannels = 48
    /// Filters of the transformer's stride-2 convolutions but the last (two in the reference: three reductions,
    /// 32x32 frames to 4x4 maps). The decoder has one upsampling block per reduction.
    public var transformerFilters = [64, 64]
    /// Channels of `q` and of `p`.
    public var stateChannels = 16
    /// Filters of the Hamiltonian network's first four convolutions.
    public var hamiltonianFilters = [32, 64, 64, 64]
    /// Filters of the decoder.
    public var decoderFilters = 64
    /// Latent integrator.
    public var integrator = LatentIntegrator.leapfrog
    /// Time step of the latent integrator per frame (the datasets' dt).
    public var timeStep = 0.125
    /// Whether a transformer f_psi maps `z` to `s` (`false`: the "no f_psi" ablation).
    public var usesTransformer = true
    /// Whether the encoder is a posterior sampled with reparameterisation (`false`: the deterministic ablation).
    public var isVariational = true
    /// A constant added to the variational encoder's log-variance output (`nil`: 0, the replication's
    /// parameterisation). With the PyTorch-style initialisation the encoder starts near `N(0, I)`: unit noise
    /// swamps the encoder's small initial means, the decoder learns only the background and the KL collapses. A
    /// negative shift `c` starts the posterior narrow (standard deviation `e^{c/2}`), so samples carry the inputs'
    /// signal from the first step; the KL term still pulls the variance towards 1. Ignored by the deterministic
    /// variant.
    public var posteriorLogVarianceShift: Double?
    /// Slope of the decoder's leaky ReLU.
    public var leakySlope = 0.01
    /// Seed of the initial weights.
    public var seed: UInt64 = 1

    /// The reference configuration.
    public init() {}

    /// Number of stride-2 reductions from the frames to the latent maps: the transformer's convolutions (3).
    public var reductions: Int { transformerFilters.count + 1 }

    /// Side of the latent maps `q` and `p`: `resolution / 2^reductions` (4 for the reference).
    public var latentSize: Int { resolution >> reductions }

    /// Checks sizes and their consistency.
    ///
    /// - Throws: ``ModelsError/invalidConfiguration(field:reason:)`` naming the field and what it must be.
    public func validate() throws(ModelsError) {
        func positive(_ value: Int, _ field: String) throws(ModelsError) {
            guard value > 0 else {
                throw .invalidConfiguration(field: field, reason: "must be positive (got \(value))")
            }
        }
        guard !transformerFilters.isEmpty, transformerFilters.allSatisfy({ $0 > 0 }) else {
            throw .invalidConfiguration(
                field: "transformerFilters",
                reason: "needs at least one positive size (got \(transformerFilters))")
        }
        guard resolution % (1 << reductions) == 0, latentSize >= 4 else {
            throw .invalidConfiguration(
                field: "resolution",
                reason:
                    "must be a multiple of \(1 << reductions) with latent maps of 4x4 or more (at least \(4 << reductions) for \(reductions) reductions), so that the Hamiltonian network fits (got \(resolution))"
            )
        }
        try positive(inputFrames, "inputFrames")
        try positive(latentChannels, "latentChannels")
        try positive(stateChannels, "stateChannels")
        try positive(decoderFilters, "decoderFilters")
        guard encoderFilters.count >= reductions, encoderFilters.allSatisfy({ $0 > 0 }) else {
            throw .invalidConfiguration(
                field: "encoderFilters",
                reason:
                    "needs at least \(reductions) positive sizes (the no-f_psi variant strides its last \(reductions) layers); got \(encoderFilters)"
            )
        }
        guard hamiltonianFilters.count == 4, hamiltonianFilters.allSatisfy({ $0 > 0 }) else {
            throw .invalidConfiguration(
                field: "hamiltonianFilters", reason: "needs 4 positive sizes (got \(hamiltonianFilters))")
        }
        guard timeStep.isFinite, timeStep > 0 else {
            throw .invalidConfiguration(field: "timeStep", reason: "must be a finite number > 0 (got \(timeStep))")
        }
        if let shift = posteriorLogVarianceShift, !shift.isFinite {
            throw .invalidConfiguration(
                field: "posteriorLogVarianceShift", reason: "must be a finite number (got \(shift))")
        }
        guard leakySlope >= 0, leakySlope < 1 else {
            throw .invalidConfiguration(field: "leakySlope", reason: "must be in [0, 1) (got \(leakySlope))")
        }
    }
}
