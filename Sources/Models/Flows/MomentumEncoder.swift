import Foundation
import Tensor

/// The variational posterior f(p | q) of the latent momentum given a position: a Gaussian whose parameters are
/// functions of q. The ELBO needs its log-density at a sample and reparameterised samples p = μ(q) + L(q) ε.
public protocol MomentumEncoder {
    /// log f(p | q) of each row ([batch, 2] each → [batch]), exactly normalised.
    func logDensity(p: Tensor, given q: Tensor) -> Tensor
    /// The reparameterised sample for standard normal `noise` [batch, 2]: differentiable in the encoder's parameters.
    func sample(given q: Tensor, noise: Tensor) -> Tensor
}

/// The momentum encoders a flow can use.
public enum MomentumEncoderKind: String, Sendable, CaseIterable, Codable {
    /// ``GaussianMomentumEncoder``: mean and log-variance from an MLP of q (no symmetry; NHF).
    case gaussian
    /// ``RotationEquivariantMomentumEncoder``: equivariant under rotations by construction (EHF with rotations).
    case rotationEquivariant = "rotation-equivariant"

    /// The kind called `name`, with an error listing the known ones.
    public static func named(_ name: String) throws(FlowError) -> MomentumEncoderKind {
        guard let kind = MomentumEncoderKind(rawValue: name) else {
            throw .unknownEncoder(name, known: allCases.map(\.rawValue))
        }
        return kind
    }
}

/// log(2π), the normaliser of a 1-D standard normal's log-density (times −½).
let logTwoPi = Foundation.log(2 * Double.pi)

/// f(p | q) = N(p; μ(q), diag(exp(s(q)))) with (μ, s) = MLP(q), 2 → width → width → 4 (softplus).
///
/// log f(p | q) = −½ Σᵢ [(pᵢ − μᵢ)² e^{−sᵢ} + sᵢ + log 2π]: the log-variance enters with weight ½ (public NHF code
/// that subtracts Σ sᵢ gets a density that does not integrate to 1; the tests compare with the closed form).
/// The network's last layer starts near zero, so a fresh encoder is N(0, I).
public struct GaussianMomentumEncoder: MomentumEncoder, Sendable {
    public let network: SmoothMultilayerPerceptron

    public init<G: RandomNumberGenerator>(
        hiddenWidth: Int, dtype: DType = .float32, scope: ParameterScope, using generator: inout G
    ) {
        network = SmoothMultilayerPerceptron(
            widths: [2, hiddenWidth, hiddenWidth, 4], dtype: dtype, scope: scope, using: &generator)
    }

    /// Mean [batch, 2] and log-variance [batch, 2] at each row of q.
    public func parameters(given q: Tensor) -> (mean: Tensor, logVariance: Tensor) {
        let parts = network(q).split(sizes: [2, 2], alongAxis: 1)
        return (parts[0], parts[1])
    }

    public func logDensity(p: Tensor, given q: Tensor) -> Tensor {
        let (mean, logVariance) = parameters(given: q)
        let standardised = (p - mean).squared() * (-logVariance).exp()
        return -0.5 * (standardised + logVariance + logTwoPi).sum(alongAxes: [1])
    }

    public func sample(given q: Tensor, noise: Tensor) -> Tensor {
        let (mean, logVariance) = parameters(given: q)
        return mean + (0.5 * logVariance).exp() * noise
    }
}

/// A Gaussian f(p | q) that is equivariant under rotations by construction: f(Rp | Rq) = f(p | q) for every rotation R.
///
/// How: an MLP sees only the radius r = ‖q‖ (1 → width → width → 4) and returns (a, b, s₁, s₂); everything
/// directional is expressed in the frame that q itself defines, e₁ = q / r and e₂ = (−q₂, q₁) / r:
/// mean μ = a e₁ + b e₂, covariance e^{s₁} e₁e₁ᵀ + e^{s₂} e₂e₂ᵀ. Rotating q rotates the frame and leaves r, a, b, s
/// unchanged, so μ(Rq) = R μ(q), the covariance turns with it, and the density of Rp given Rq equals that of p given q.
/// With the flow's Hamiltonians invariant ({H_k, g} = 0), the model's ELBO and importance-weighted estimates are then
/// exactly rotation invariant. (At q = 0 the frame is undefined; r is computed as √(‖q‖² + 10⁻²⁴), a measure-zero
/// point.)
public struct RotationEquivariantMomentumEncoder: MomentumEncoder, Sendable {
    public let network: SmoothMultilayerPerceptron

    public init<G: RandomNumberGenerator>(
        hiddenWidth: Int, dtype: DType = .float32, scope: ParameterScope, using generator: inout G
    ) {
        network = SmoothMultilayerPerceptron(
            widths: [1, hiddenWidth, hiddenWidth, 4], dtype: dtype, scope: scope, using: &generator)
    }

    /// The frame (e₁, e₂) as column pairs [batch, 1] each: e₁ = (c, s), e₂ = (−s, c) with (c, s) = q / r; and r.
    private func frame(_ q: Tensor) -> (c: Tensor, s: Tensor, radius: Tensor) {
        let parts = q.split(sizes: [1, 1], alongAxis: 1)
        let radius = (parts[0].squared() + parts[1].squared() + 1e-24).squareRoot()
        return (parts[0] / radius, parts[1] / radius, radius)
    }

    /// (a, b, s₁, s₂) at each row, each [batch, 1].
    private func radialParameters(_ radius: Tensor) -> [Tensor] {
        network(radius).split(sizes: [1, 1, 1, 1], alongAxis: 1)
    }

    public func logDensity(p: Tensor, given q: Tensor) -> Tensor {
        let (c, s, radius) = frame(q)
        let h = radialParameters(radius)
        let ps = p.split(sizes: [1, 1], alongAxis: 1)
        // Coordinates of p in the frame, minus the mean's (a, b).
        let u1 = ps[0] * c + ps[1] * s - h[0]
        let u2 = ps[1] * c - ps[0] * s - h[1]
        let quadratic = u1.squared() * (-h[2]).exp() + u2.squared() * (-h[3]).exp()
        return (-0.5 * (quadratic + h[2] + h[3] + 2 * logTwoPi)).reshaped(to: [q.shape[0]])
    }

    public func sample(given q: Tensor, noise: Tensor) -> Tensor {
        let (c, s, radius) = frame(q)
        let h = radialParameters(radius)
        let e = noise.split(sizes: [1, 1], alongAxis: 1)
        let u1 = h[0] + (0.5 * h[2]).exp() * e[0]
        let u2 = h[1] + (0.5 * h[3]).exp() * e[1]
        return Tensor.concatenate([u1 * c - u2 * s, u1 * s + u2 * c], alongAxis: 1)
    }
}
