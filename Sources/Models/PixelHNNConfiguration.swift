/// Sizes and loss weights of a PixelHNN (Greydanus et al. 2019, the baseline of HGN's Table 1), adapted from
/// 28x28 grey frames to RGB frames of ``resolution``.
///
/// - autoencoder: MLP on two consecutive frames flattened (2 · resolution² · 3 inputs) → `hiddenUnits` (ReLU) →
///   a residual layer `h + relu(W h + b)` → the latent `z = (q, p)` of `2 · coordinates` numbers; the decoder mirrors
///   it and ends in a sigmoid, reconstructing both frames;
/// - HNN: MLP `z` → `hamiltonianHiddenUnits` → `hamiltonianHiddenUnits` → 1 with tanh;
/// - loss: the autoencoder's pixel MSE + `canonicalWeight · ‖p − (q_next − q)‖²` (makes `p` a velocity)
///   + `hamiltonianWeight · ‖z_next − (z + dz/dt)‖²` (the HNN's vector field as a one-frame step), each a mean
///   over the latent's numbers. Frames are one time unit apart in the latent (`timeStep` 1), as in the HNN paper.
public struct PixelHNNConfiguration: Codable, Hashable, Sendable {
    /// Width and height of the frames.
    public var resolution = 32
    /// Hidden units of the autoencoder.
    public var hiddenUnits = 200
    /// Hidden units of the HNN.
    public var hamiltonianHiddenUnits = 200
    /// Latent positions (the latent state has twice as many numbers).
    public var coordinates = 1
    /// Weight of the canonical-coordinate loss.
    public var canonicalWeight = 1.0
    /// Weight of the HNN loss.
    public var hamiltonianWeight = 0.1
    /// Latent time per frame.
    public var timeStep = 1.0
    /// Integrator of rollouts in the latent (the HNN paper integrates with an adaptive RK45).
    public var integrator = LatentIntegrator.rk4
    /// Seed of the initial weights.
    public var seed: UInt64 = 1

    /// The reference configuration (HNN paper sizes, 32x32 RGB, one latent coordinate).
    public init() {}

    /// Checks that sizes are positive.
    ///
    /// - Throws: ``ModelsError/invalidConfiguration(field:reason:)``.
    public func validate() throws(ModelsError) {
        for (field, value) in [("resolution", resolution), ("hiddenUnits", hiddenUnits),
                               ("hamiltonianHiddenUnits", hamiltonianHiddenUnits), ("coordinates", coordinates)]
        where value <= 0 {
            throw .invalidConfiguration(field: field, reason: "must be positive (got \(value))")
        }
        guard timeStep.isFinite, timeStep > 0 else {
            throw .invalidConfiguration(field: "timeStep", reason: "must be a finite number > 0 (got \(timeStep))")
        }
    }
}
