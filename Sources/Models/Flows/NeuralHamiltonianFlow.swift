import Foundation
import SeededRandom
import Tensor

/// A Neural Hamiltonian Flow (Toth et al., ICLR 2020, section 3.3): a normalising flow on phase space (q, p) ∈ R⁴
/// made of T learned separable Hamiltonians, each integrated by a few leapfrog steps, with a latent momentum.
///
/// **Generative direction.** (q₀, p₀) ~ π = N(0, I₄); then (q, p) = Φ_T ∘ … ∘ Φ_1 (q₀, p₀), Φ_k the leapfrog flow of
/// H_k = K_k(p) + U_k(q). Every Φ_k preserves volume, so the joint density is p(q, p) = π(Φ⁻¹(q, p)) with no
/// Jacobian term, and Φ⁻¹ runs the same steps with −h in reverse order. The model of the data is the marginal
/// p(q) = ∫ p(q, p) dp; samples are the q of forward-flowed base draws.
///
/// **Inference.** p is latent, with a Gaussian encoder f(p | q). For p ~ f(·|q) the log weight
/// w = log π(Φ⁻¹(q, p)) − log f(p | q) satisfies E[exp w] = p(q), so E[w] is the ELBO (a lower bound on log p(q))
/// and log (1/S) Σₛ exp wₛ is the importance-weighted bound, which tightens with S and tends to log p(q). π is the
/// standard normal on both q₀ and p₀ (public NHF code that drops π(p₀) optimises the wrong bound).
///
/// The class owns its ``parameters``; train them with ``HamiltonianFlowTrainer``.
public final class NeuralHamiltonianFlow {
    public let configuration: HamiltonianFlowConfiguration
    /// Every trainable tensor: `flow<k>.kinetic.*`, `flow<k>.potential.*`, `encoder.*`.
    public let parameters = ParameterCollection()
    /// H_1 … H_T, applied in this order in the generative direction.
    public let hamiltonians: [NeuralSeparableHamiltonian]
    /// f(p | q).
    public let encoder: any MomentumEncoder

    /// A fresh flow with weights drawn from `configuration.seed`.
    public init(configuration: HamiltonianFlowConfiguration) throws(FlowError) {
        try configuration.validate()
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        let scope = parameters.scope("flow")
        hamiltonians = (0..<configuration.flows).map { k in
            NeuralSeparableHamiltonian(
                hiddenWidth: configuration.hiddenWidth, activation: configuration.activation,
                harmonicBase: configuration.harmonicBase, dtype: configuration.dtype,
                scope: scope.scope("\(k)"), using: &generator)
        }
        let encoderScope = parameters.scope("encoder")
        switch configuration.encoder {
        case .gaussian:
            encoder = GaussianMomentumEncoder(
                hiddenWidth: configuration.encoderWidth, dtype: configuration.dtype, scope: encoderScope,
                using: &generator)
        case .rotationEquivariant:
            encoder = RotationEquivariantMomentumEncoder(
                hiddenWidth: configuration.encoderWidth, dtype: configuration.dtype, scope: encoderScope,
                using: &generator)
        }
    }

    // MARK: - The flow

    /// Φ = Φ_T ∘ … ∘ Φ_1: base state → data state. Rows are independent. O(T · L) gradient evaluations.
    public func forward(q: Tensor, p: Tensor, createGraph: Bool = false) -> (q: Tensor, p: Tensor) {
        var state = (q: q, p: p)
        for hamiltonian in hamiltonians {
            state = SeparableLeapfrog.integrate(
                hamiltonian, q: state.q, p: state.p, stepSize: configuration.stepSize,
                steps: configuration.leapfrogSteps, createGraph: createGraph)
        }
        return state
    }

    /// Φ⁻¹ = Φ_1⁻¹ ∘ … ∘ Φ_T⁻¹: data state → base state, each Φ_k⁻¹ the same leapfrog with −h.
    ///
    /// - Parameter visit: called with (k, point) for every staggered point the integrator of H_k visits, for
    ///   penalties along the flow.
    public func inverse(
        q: Tensor, p: Tensor, createGraph: Bool = false,
        visit: ((Int, SeparableLeapfrog.VisitedPoint) -> Void)? = nil
    ) -> (q: Tensor, p: Tensor) {
        var state = (q: q, p: p)
        for k in hamiltonians.indices.reversed() {
            state = SeparableLeapfrog.integrate(
                hamiltonians[k], q: state.q, p: state.p, stepSize: -configuration.stepSize,
                steps: configuration.leapfrogSteps, createGraph: createGraph,
                visit: visit.map { callback in { point in callback(k, point) } })
        }
        return state
    }

    // MARK: - Densities

    /// log π(q, p) = −½(‖q‖² + ‖p‖²) − 2 log 2π, the standard normal on R⁴, per row.
    public static func baseLogDensity(q: Tensor, p: Tensor) -> Tensor {
        -0.5 * (q.squared().sum(alongAxes: [1]) + p.squared().sum(alongAxes: [1])) - 2 * logTwoPi
    }

    /// log p(q, p) = log π(Φ⁻¹(q, p)) of the model's joint density, per row (no Jacobian: Φ preserves volume).
    public func logJointDensity(q: Tensor, p: Tensor, createGraph: Bool = false) -> Tensor {
        let base = inverse(q: q, p: p, createGraph: createGraph)
        return Self.baseLogDensity(q: base.q, p: base.p)
    }

    /// The importance log weights w = log π(Φ⁻¹(q, p)) − log f(p | q) with p = the encoder's sample for `noise`,
    /// per row: one-sample ELBO estimates, whose mean over noise is the ELBO.
    public func logWeights(q: Tensor, noise: Tensor, createGraph: Bool = false) -> Tensor {
        let p = encoder.sample(given: q, noise: noise)
        return logJointDensity(q: q, p: p, createGraph: createGraph) - encoder.logDensity(p: p, given: q)
    }

    /// Estimates of log p(q) for points `q` ([n · 2], rows (q1, q2)), importance weighted with `samples` momentum
    /// draws per point: log (1/S) Σₛ exp wₛ. With S = 1 it is an unbiased estimate of the ELBO; its expectation
    /// increases with S towards log p(q) (never above it).
    ///
    /// Draws come from `generator` in a fixed order, so results are reproducible. Rows are processed in chunks of at
    /// most `chunkRows` (n · S rows in all). Complexity: O(n · S · T · L) network gradient evaluations.
    public func logDensityEstimates<G: RandomNumberGenerator>(
        _ q: [Double], samples: Int, using generator: inout G, chunkRows: Int = 16_384
    ) -> [Double] {
        precondition(q.count % 2 == 0 && samples >= 1, "points are (q1, q2) rows and samples is at least 1")
        let n = q.count / 2
        let pointsPerChunk = max(1, chunkRows / samples)
        var estimates: [Double] = []
        estimates.reserveCapacity(n)
        var start = 0
        while start < n {
            let m = min(pointsPerChunk, n - start)
            let chunk = Array(q[(2 * start)..<(2 * (start + m))])
            let noise = Tensor.randomNormal(shape: [samples * m, 2], dtype: configuration.dtype, using: &generator)
            estimates += logMeanExpOverSamples(of: chunk, samples: samples, noise: noise)
            start += m
        }
        return estimates
    }

    /// log (1/S) Σₛ exp wₛ for each point of `chunk`, given the noise of all S · m rows (sample-major).
    func logMeanExpOverSamples(of chunk: [Double], samples: Int, noise: Tensor) -> [Double] {
        let m = chunk.count / 2
        var tiled: [Double] = []
        tiled.reserveCapacity(samples * chunk.count)
        for _ in 0..<samples { tiled += chunk }
        let weights = withoutGradientRecording {
            logWeights(q: makeTensor(tiled, shape: [samples * m, 2]), noise: noise).scalars(as: Double.self)
        }
        return (0..<m).map { i in logMeanExp((0..<samples).map { weights[$0 * m + i] }) }
    }

    /// `count` samples of q from the model ([count · 2]): base draws pushed forward, p discarded.
    public func sample<G: RandomNumberGenerator>(
        count: Int, using generator: inout G, chunkRows: Int = 16_384
    ) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(2 * count)
        var start = 0
        while start < count {
            let m = min(chunkRows, count - start)
            let base = Tensor.randomNormal(shape: [m, 4], dtype: configuration.dtype, using: &generator)
            let parts = base.split(sizes: [2, 2], alongAxis: 1)
            let q = withoutGradientRecording { forward(q: parts[0], p: parts[1]).q.scalars(as: Double.self) }
            result += q
            start += m
        }
        return result
    }

    /// U_k at each point of `q` ([n · 2]): the learned potential of flow k, for plots.
    public func potential(_ k: Int, at q: [Double]) -> [Double] {
        withoutGradientRecording {
            hamiltonians[k].potentialEnergy(makeTensor(q, shape: [q.count / 2, 2])).scalars(as: Double.self)
        }
    }

    /// A constant tensor of the model's dtype holding `values`.
    public func makeTensor(_ values: [Double], shape: [Int]) -> Tensor {
        switch configuration.dtype {
        case .float32: return Tensor(shape: shape, scalars: values.map { Float($0) })
        case .float64: return Tensor(shape: shape, scalars: values)
        }
    }
}

/// log (1/n) Σ exp xᵢ, stable for large or very negative terms. O(n).
func logMeanExp(_ values: [Double]) -> Double {
    guard let largest = values.max(), largest.isFinite else { return values.max() ?? -.infinity }
    return largest + Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - largest) } / Double(values.count))
}
