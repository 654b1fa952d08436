import Tensor

/// The training loss of the Neural and Equivariant Hamiltonian Flows on a batch of positions:
///
///     loss = −ELBO + λ · E[{H_k, g}²] + λ_f · E[{log f, g}²]
///
/// - ELBO: the mean over the batch of w = log π(Φ⁻¹(q, p)) − log f(p | q), p ~ f(·|q) reparameterised. Training
///   *minimises −ELBO* (descending on the ELBO itself, as public NHF code does, maximises the bound's gap).
/// - {H_k, g}: the Poisson bracket of each learned Hamiltonian with the symmetry generator g, averaged over every
///   point the inverse flow of the batch visits in H_k's integrator (the staggered leapfrog points, where ∇U_k and
///   ∇K_k are already known), and over k. It is zero exactly when H_k is invariant under g's transformations.
/// - {log f, g}: the bracket of the encoder's log-density (a function of (q, p)) with g at the sampled (q, p): zero
///   when the encoder is equivariant. Use it for generators without an equivariant-by-construction encoder.
///
/// λ = 0 and λ_f = 0 is the Neural Hamiltonian Flow; λ > 0 the Equivariant Hamiltonian Flow.
public struct HamiltonianFlowObjective: Sendable {
    /// λ, the weight of the Hamiltonians' bracket penalty.
    public var bracketWeight: Double
    /// λ_f, the weight of the encoder's bracket penalty.
    public var encoderBracketWeight: Double
    /// g; required when either weight is positive.
    public var generator: SymmetryGenerator?

    /// Validates the weights (finite, ≥ 0) and that a generator is given when one is positive.
    public init(
        bracketWeight: Double = 0, encoderBracketWeight: Double = 0, generator: SymmetryGenerator? = nil
    )
        throws(FlowError)
    {
        for (name, value) in [("lambda", bracketWeight), ("encoder lambda", encoderBracketWeight)] {
            guard value.isFinite, value >= 0 else {
                throw .invalidValue(
                    name: name, value: "\(value)",
                    reason: "must be a finite number >= 0 (0 gives the Neural Hamiltonian Flow)")
            }
        }
        if (bracketWeight > 0 || encoderBracketWeight > 0) && generator == nil {
            throw .invalidValue(
                name: "lambda", value: "\(bracketWeight)",
                reason: "a positive weight needs a symmetry generator (rotation or translation)")
        }
        self.bracketWeight = bracketWeight
        self.encoderBracketWeight = encoderBracketWeight
        self.generator = generator
    }

    /// The loss and its parts for one batch.
    public struct Terms {
        /// The scalar to minimise (recorded for backward when `createGraph` was true).
        public var loss: Tensor
        /// Mean one-sample ELBO of the batch.
        public var elbo: Double
        /// E[{H_k, g}²] (0 when not computed).
        public var bracketPenalty: Double
        /// E[{log f, g}²] (0 when not computed).
        public var encoderBracketPenalty: Double
    }

    /// Evaluates the objective on positions `q` [batch, 2] with encoder noise `noise` [batch, 2].
    ///
    /// - Parameter createGraph: true for training (the loss is then differentiable in the parameters, through the
    ///   gradients inside the leapfrog: double backward).
    public func evaluate(_ flow: NeuralHamiltonianFlow, q: Tensor, noise: Tensor, createGraph: Bool = true) -> Terms {
        let p = flow.encoder.sample(given: q, noise: noise)
        var brackets: [Tensor] = []
        let generator = self.generator
        let penalise = bracketWeight > 0 && generator != nil
        let base = flow.inverse(
            q: q, p: p, createGraph: createGraph,
            visit: penalise
                ? { _, point in
                    guard let generator else { return }
                    let dg = generator.gradients(q: point.q, p: point.p, createGraph: createGraph)
                    brackets.append(
                        poissonBracket(
                            dfdq: point.potentialGradient, dfdp: point.kineticGradient, dgdq: dg.dq, dgdp: dg.dp
                        ).squared().mean())
                } : nil)
        let weights =
            NeuralHamiltonianFlow.baseLogDensity(q: base.q, p: base.p) - flow.encoder.logDensity(p: p, given: q)
        let elbo = weights.mean()
        var loss = -elbo
        var bracketPenalty = 0.0, encoderPenalty = 0.0
        if penalise, !brackets.isEmpty {
            let penalty = brackets.dropFirst().reduce(brackets[0], +) / Double(brackets.count)
            bracketPenalty = penalty.scalarValue
            loss = loss + bracketWeight * penalty
        }
        if encoderBracketWeight > 0, let generator {
            let encoder = flow.encoder
            let bracket = poissonBracket(
                { q, p in encoder.logDensity(p: p, given: q) }, generator.function, q: q, p: p.detached(),
                createGraph: createGraph)
            let penalty = bracket.squared().mean()
            encoderPenalty = penalty.scalarValue
            loss = loss + encoderBracketWeight * penalty
        }
        return Terms(
            loss: loss, elbo: elbo.scalarValue, bracketPenalty: bracketPenalty, encoderBracketPenalty: encoderPenalty)
    }
}
