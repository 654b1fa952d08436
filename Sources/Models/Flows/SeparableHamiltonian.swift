import Tensor

/// A Hamiltonian of the separable form H(q, p) = K(p) + U(q), evaluated row by row on batches.
///
/// Separability is what makes the leapfrog integrator explicit (each half-step moves only p or only q), so every
/// step is a shear: volume preserving and exactly invertible by stepping with −dt.
public protocol SeparableHamiltonian {
    /// Kinetic energy K(p) of each row of `p` [batch, 2] → [batch].
    func kineticEnergy(_ p: Tensor) -> Tensor
    /// Potential energy U(q) of each row of `q` [batch, 2] → [batch].
    func potentialEnergy(_ q: Tensor) -> Tensor
}

extension SeparableHamiltonian {
    /// H(q, p) = K(p) + U(q) of each row → [batch].
    public func energy(q: Tensor, p: Tensor) -> Tensor { kineticEnergy(p) + potentialEnergy(q) }

    /// ∂U/∂q at each row of `q` (autodiff of the batch sum; rows are independent). Pass `createGraph: true` when a
    /// loss will be differentiated through it (training).
    public func potentialGradient(_ q: Tensor, createGraph: Bool) -> Tensor {
        valueWithPartialDerivatives(at: [q], createGraph: createGraph) { potentialEnergy($0[0]).sum() }.derivatives[0]
    }

    /// ∂K/∂p at each row of `p` (autodiff of the batch sum).
    public func kineticGradient(_ p: Tensor, createGraph: Bool) -> Tensor {
        valueWithPartialDerivatives(at: [p], createGraph: createGraph) { kineticEnergy($0[0]).sum() }.derivatives[0]
    }
}

/// A learned separable Hamiltonian H_k(q, p) = K_k(p) + U_k(q), each an MLP 2 → width → width → 1 with a smooth
/// activation (softplus by default), as in the Neural Hamiltonian Flow of the HGN paper, optionally on top of the
/// harmonic oscillator: K_k(p) = ½‖p‖² + MLP_K(p), U_k(q) = ½‖q‖² + MLP_U(q).
///
/// Why the harmonic base: with K and U both nearly constant at initialisation (small last layers), the flow is the
/// identity and moving mass requires K and U to grow *together* (the first-order change of the density is a product
/// of the two), a saddle where training stalls for thousands of steps (measured: no progress in 3,000 steps on the
/// ring). With the base, the initial flow is a near-rotation of phase space that leaves π = N(0, I) almost invariant,
/// and a change of U alone moves the density at first order. The base terms are rotation invariant, so they do not
/// change any Poisson bracket with the rotation generator.
public struct NeuralSeparableHamiltonian: SeparableHamiltonian, Sendable {
    /// MLP_K: momentum → energy.
    public let kinetic: SmoothMultilayerPerceptron
    /// MLP_U: position → energy.
    public let potential: SmoothMultilayerPerceptron
    /// Whether ½‖p‖² and ½‖q‖² are added to the networks.
    public let harmonicBase: Bool

    /// Creates both networks under `scope` (`kinetic.*`, `potential.*`).
    public init<G: RandomNumberGenerator>(
        hiddenWidth: Int, hiddenLayers: Int = 2, activation: SmoothMultilayerPerceptron.Activation = .softplus,
        harmonicBase: Bool = true, dtype: DType = .float32, scope: ParameterScope, using generator: inout G
    ) {
        self.harmonicBase = harmonicBase
        let widths = [2] + Array(repeating: hiddenWidth, count: hiddenLayers) + [1]
        kinetic = SmoothMultilayerPerceptron(
            widths: widths, activation: activation, dtype: dtype, scope: scope.scope("kinetic"), using: &generator)
        potential = SmoothMultilayerPerceptron(
            widths: widths, activation: activation, dtype: dtype, scope: scope.scope("potential"), using: &generator)
    }

    public func kineticEnergy(_ p: Tensor) -> Tensor {
        let learned = kinetic(p).reshaped(to: [p.shape[0]])
        return harmonicBase ? learned + 0.5 * p.squared().sum(alongAxes: [1]) : learned
    }

    public func potentialEnergy(_ q: Tensor) -> Tensor {
        let learned = potential(q).reshaped(to: [q.shape[0]])
        return harmonicBase ? learned + 0.5 * q.squared().sum(alongAxes: [1]) : learned
    }
}
