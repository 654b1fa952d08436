/// Sizes and loss weights of a PixelHNN: the pixel-pendulum experiment of the HNN paper (Greydanus, Dzamba, Yosinski
/// 2019, arXiv 1906.01563; its code `nn_models.py` `MLPAutoencoder` and `MLP`, `experiment-pixels/train.py`), the
/// baseline of HGN's Table 1.
///
/// **As in the original:**
/// - autoencoder on two consecutive frames flattened: encoder `Linear(in, hiddenUnits)` + ReLU, then
///   ``residualLayers`` (2) residual layers `h = h + relu(Linear(hidden, hidden)(h))`, then `Linear(hidden, 2 ·
///   coordinates)` → `z = (q, p)`; decoder the mirror image, `Linear(2 · coordinates, hidden)` + ReLU, two residual
///   layers, `Linear(hidden, in)` with a **linear** output (no sigmoid), reconstructing both frames;
/// - HNN on the latent: MLP `z → hamiltonianHiddenUnits → hamiltonianHiddenUnits → H` with tanh, its last layer
///   without a bias;
/// - every weight initialised orthogonally (``Initializer/orthogonal(gain:)``, gain 1); every bias drawn as PyTorch's
///   `nn.Linear` draws it (uniform in `±1/√in`), which the original keeps because it re-initialises weights only;
/// - loss: the autoencoder's pixel MSE + ``canonicalWeight`` (1) `· ‖p − (q_next − q)‖²` (makes `p` a velocity)
///   + ``hamiltonianWeight`` (0.1) `· ‖z_next − (z + dz/dt)‖²` (the HNN's vector field as a one-frame step, frames one
///   latent time unit apart, ``timeStep`` 1), each a mean over its numbers;
/// - optimiser: Adam, learning rate 1e-3, weight decay 1e-5 (coupled L2), batch 200, 10,000 steps:
///   `PixelHNNConfiguration.paperTraining(steps:)` in the Training module.
///
/// **Adapted where our frames differ (and only there):**
/// - input: two 32x32 RGB frames (`2 · resolution² · 3` = 6,144 numbers) instead of two 28x28 grey ones (1,568);
/// - latent: ``coordinates`` per system (1 for the pendulum and spring as in the original; 2 per body for the
///   gravitational systems, whose configuration space is larger); the canonical loss covers every coordinate;
/// - the HNN's MLP has one output, `H`: the original's has two (a "conservative" and a "solenoidal" potential) and
///   its pixel experiment uses only the solenoidal one, so the dropped output never affects the dynamics;
/// - a batch of 200 is 200 training sequences of 3 frames (one frame triple each, so one `(z, z_next)` pair), all at
///   one random start frame per step (our trainer draws one start per batch); the original draws 200 pairs from
///   a pool of pendulum rollouts;
/// - rollouts integrate the learned field with ``integrator`` (RK4, one step per frame); the original integrates
///   with SciPy's adaptive RK45.
public struct PixelHNNConfiguration: Codable, Hashable, Sendable {
    /// Width and height of the frames.
    public var resolution = 32
    /// Hidden units of the autoencoder.
    public var hiddenUnits = 200
    /// Residual layers on each side of the autoencoder (2 in the original).
    public var residualLayers = 2
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
        for (field, value) in [
            ("resolution", resolution), ("hiddenUnits", hiddenUnits),
            ("hamiltonianHiddenUnits", hamiltonianHiddenUnits), ("coordinates", coordinates),
        ]
        where value <= 0 {
            throw .invalidConfiguration(field: field, reason: "must be positive (got \(value))")
        }
        guard residualLayers >= 0 else {
            throw .invalidConfiguration(field: "residualLayers", reason: "must be 0 or more (got \(residualLayers))")
        }
        guard timeStep.isFinite, timeStep > 0 else {
            throw .invalidConfiguration(field: "timeStep", reason: "must be a finite number > 0 (got \(timeStep))")
        }
    }

    /// Trainable numbers of the model. With `P = 2 · resolution² · 3` pixels, `h` = ``hiddenUnits``, `r` =
    /// ``residualLayers``, `L = 2 ·` ``coordinates`` and `g` = ``hamiltonianHiddenUnits``:
    /// encoder `(P + 1) h + r (h + 1) h + (h + 1) L`, decoder `(L + 1) h + r (h + 1) h + (h + 1) P`, HNN
    /// `(L + 1) g + (g + 1) g + g`. At the reference sizes: 1,309,802 + 1,315,944 + 41,000 = 2,666,746.
    public var parameterCount: Int {
        let pixels = 2 * resolution * resolution * 3, h = hiddenUnits, latent = 2 * coordinates
        let g = hamiltonianHiddenUnits, residual = residualLayers * (h + 1) * h
        let encoder = (pixels + 1) * h + residual + (h + 1) * latent
        let decoder = (latent + 1) * h + residual + (h + 1) * pixels
        return encoder + decoder + (latent + 1) * g + (g + 1) * g + g
    }
}
