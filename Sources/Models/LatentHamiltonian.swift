import Tensor

/// A scalar energy `H(q, p)` on a latent phase space, evaluated for a batch of states.
///
/// HGN's convolutional ``HamiltonianNetwork``, PixelHNN's MLP and the closed forms of the tests all conform, so the
/// latent integrators serve them alike.
public protocol LatentHamiltonian {
    /// `H(q, p)` of every state of the batch, shape `[batch]`. Must be differentiable twice in `q` and `p` (the
    /// integrators differentiate it, and training differentiates through that).
    func energies(q: Tensor, p: Tensor) -> Tensor
}

extension LatentHamiltonian {
    /// Hamilton's vector field `(dq/dt, dp/dt) = (∂H/∂p, −∂H/∂q)` at `state`, from the partial derivatives of the
    /// summed energy (``valueWithPartialDerivatives(at:createGraph:of:)``, so a `q` that depends on `p` through
    /// earlier steps still gets Hamilton's partials, not total derivatives).
    ///
    /// - Parameter createGraph: whether the field must be differentiable (training through an integrator).
    /// - Complexity: one forward and one backward pass of ``energies(q:p:)``.
    public func vectorField(at state: PhaseState, createGraph: Bool) -> (dq: Tensor, dp: Tensor) {
        let partials = valueWithPartialDerivatives(at: [state.q, state.p], createGraph: createGraph) { variables in
            energies(q: variables[0], p: variables[1]).sum()
        }.derivatives
        return (partials[1], -partials[0])
    }
}

/// A Hamiltonian given by a closure, for tests and analytic references (the harmonic oscillator
/// `H = |p|²/2 + |q|²/2`, for example).
public struct ClosureHamiltonian: LatentHamiltonian, Sendable {
    private let body: @Sendable (Tensor, Tensor) -> Tensor

    /// `body(q, p)` returns the energies `[batch]`, written with differentiable tensor ops.
    public init(_ body: @escaping @Sendable (Tensor, Tensor) -> Tensor) { self.body = body }

    /// `body(q, p)`.
    public func energies(q: Tensor, p: Tensor) -> Tensor { body(q, p) }

    /// `H = Σ p²/2 + Σ q²/2` per sample (unit mass and frequency): the solution from `(q0, p0)` is
    /// `q(t) = q0 cos t + p0 sin t`, `p(t) = p0 cos t − q0 sin t`.
    public static let harmonicOscillator = ClosureHamiltonian { q, p in
        let axes = Array(1..<q.rank)
        let kinetic = axes.isEmpty ? p.squared() : p.squared().sum(alongAxes: axes)
        let potential = axes.isEmpty ? q.squared() : q.squared().sum(alongAxes: axes)
        return (kinetic + potential) * 0.5
    }
}
