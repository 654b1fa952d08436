import Foundation
import Models
import SeededRandom
import Tensor
import Testing
import Training

/// The latent integrators on Hamiltonians with known flows, in Float64: the analytic harmonic oscillator, the
/// measured order of each method, time reversal, and Hamilton's partials when `p` depends on `q` upstream.
@Suite("Latent integrators")
struct LatentIntegratorTests {
    static let q0: [Double] = [1, 0.5], p0: [Double] = [0, -0.3]

    /// Largest deviation from the harmonic oscillator's exact flow after `steps` steps of `dt`.
    static func oscillatorError(_ integrator: LatentIntegrator, steps: Int, dt: Double) -> Double {
        let initial = PhaseState(q: Tensor(shape: [1, 2], scalars: q0), p: Tensor(shape: [1, 2], scalars: p0))
        let states = integrator.rollout(
            from: initial, steps: steps, timeStep: dt,
            hamiltonian: ClosureHamiltonian.harmonicOscillator, createGraph: false)
        let t = Double(steps) * dt
        let q = states[steps].q.scalars(as: Double.self), p = states[steps].p.scalars(as: Double.self)
        var error = 0.0
        for i in 0..<2 {
            error = max(error, abs(q[i] - (q0[i] * cos(t) + p0[i] * sin(t))))
            error = max(error, abs(p[i] - (p0[i] * cos(t) - q0[i] * sin(t))))
        }
        return error
    }

    @Test(
        "each integrator follows the analytic harmonic oscillator with its order of accuracy",
        arguments: [(LatentIntegrator.euler, 1.0, 0.08), (.leapfrog, 2, 1e-3), (.rk4, 4, 1e-5), (.yoshida4, 4, 1e-5)])
    func harmonicOscillatorOrder(integrator: LatentIntegrator, order: Double, tolerance: Double) {
        // T = 2, dt = 1/8 and 1/16.
        let coarse = Self.oscillatorError(integrator, steps: 16, dt: 1.0 / 8)
        let fine = Self.oscillatorError(integrator, steps: 32, dt: 1.0 / 16)
        let measured = log2(coarse / fine)
        #expect(abs(measured - order) < 0.15, "\(integrator): measured order \(measured), errors \(coarse), \(fine)")
        #expect(fine < tolerance, "\(integrator): error \(fine) at dt 1/16")
    }

    @Test("the paper's explicit leapfrog is first order on a non-separable Hamiltonian")
    func leapfrogOnNonSeparableHamiltonian() {
        // H = (1 + q²) p² / 2 + q² / 2: ∂H/∂p depends on q, so the kick-drift-kick scheme loses its second order.
        let hamiltonian = ClosureHamiltonian { q, p in
            (((q.squared() + 1) * p.squared() + q.squared()) * 0.5).sum(alongAxes: [1])
        }
        func final(_ integrator: LatentIntegrator, steps: Int) -> (Double, Double) {
            let initial = PhaseState(
                q: Tensor(shape: [1, 1], scalars: [0.8]), p: Tensor(shape: [1, 1], scalars: [0.6]))
            let end = integrator.rollout(
                from: initial, steps: steps, timeStep: 1 / Double(steps),
                hamiltonian: hamiltonian, createGraph: false)[steps]
            return (end.q.scalarValue, end.p.scalarValue)
        }
        let reference = final(.rk4, steps: 512)
        func error(_ integrator: LatentIntegrator, _ steps: Int) -> Double {
            let (q, p) = final(integrator, steps: steps)
            return max(abs(q - reference.0), abs(p - reference.1))
        }
        let leapfrogOrder = log2(error(.leapfrog, 16) / error(.leapfrog, 32))
        #expect(abs(leapfrogOrder - 1) < 0.2, "leapfrog order \(leapfrogOrder) on a non-separable H")
        let rk4Order = log2(error(.rk4, 8) / error(.rk4, 16))
        #expect(abs(rk4Order - 4) < 0.3, "rk4 order \(rk4Order) on a non-separable H")
    }

    @Test("a negative time step runs the flow backwards", arguments: LatentIntegrator.allCases)
    func backwardsInTime(integrator: LatentIntegrator) {
        let initial = PhaseState(
            q: Tensor(shape: [1, 2], scalars: Self.q0), p: Tensor(shape: [1, 2], scalars: Self.p0))
        let oscillator = ClosureHamiltonian.harmonicOscillator
        let forward = integrator.rollout(
            from: initial, steps: 10, timeStep: 0.1, hamiltonian: oscillator,
            createGraph: false)
        let back = integrator.rollout(
            from: forward[10], steps: 10, timeStep: -0.1, hamiltonian: oscillator,
            createGraph: false)[10]
        let q = back.q.scalars(as: Double.self), p = back.p.scalars(as: Double.self)
        let deviation = zip(q + p, Self.q0 + Self.p0).map { abs($0 - $1) }.max() ?? 0
        // Leapfrog and Yoshida are time-symmetric (exact reversal up to rounding); Euler and RK4 are not.
        let tolerance: Double =
            switch integrator {
            case .leapfrog, .yoshida4: 1e-13
            case .rk4: 1e-5
            case .euler: 0.2
            }
        #expect(deviation < tolerance, "\(integrator): back at \(q), \(p) instead of \(Self.q0), \(Self.p0)")
    }

    /// A small random Hamiltonian network in Float64, `H = w₃ · tanh(W₂ tanh(W₁ [q, p] + b₁) + b₂)` on two coordinates
    /// (8 hidden units, weights N(0, 1/fan-in)): a learned H of the kind HGN and PixelHNN integrate, with a q–p coupling
    /// (∂²H/∂q∂p ≠ 0), so it is not separable.
    static func randomNetworkHamiltonian(seed: UInt64) -> ClosureHamiltonian {
        var generator = SeededGenerator(seed: seed)
        func weight(_ rows: Int, _ columns: Int) -> Tensor {
            Tensor.randomNormal(
                shape: [rows, columns], standardDeviation: 1 / Double(rows).squareRoot(), dtype: .float64,
                using: &generator)
        }
        let w1 = weight(4, 8), w2 = weight(8, 8), w3 = weight(8, 1)
        let b1 = Tensor.randomNormal(shape: [8], standardDeviation: 0.5, dtype: .float64, using: &generator)
        let b2 = Tensor.randomNormal(shape: [8], standardDeviation: 0.5, dtype: .float64, using: &generator)
        return ClosureHamiltonian { q, p in
            let h = Tensor.concatenate([q, p], alongAxis: 1).linear(weight: w1, bias: b1).tanh()
            return h.linear(weight: w2, bias: b2).tanh().matmul(w3).reshaped(to: [q.shape[0]])
        }
    }

    /// Reversibility on a learned, non-separable H: integrate forward `T / dt` steps, then backward as many with
    /// `−dt`, and measure how far from the start the state returns, for dt = 1/8, 1/16, 1/32 at T = 1.
    ///
    /// What it shows (measured orders of the return error in dt): Euler returns with an O(dt) error (order 1); RK4
    /// with O(dt⁵) (order 5: its leading O(dt⁵) local error is the same forward and backward, so it cancels over the
    /// round trip); the paper's explicit kick–drift–kick **leapfrog returns with an O(dt) error, order 1, like Euler**:
    /// on a non-separable H its half-kick uses `∂H/∂q(q, p)` at the old momentum and its drift `∂H/∂p(q, p½)` at the
    /// old position, so the step is explicit but neither time-symmetric nor symplectic (the implicit generalised
    /// leapfrog would be both). Its reversibility and "symplectic, hence no drift" argument hold only for separable
    /// H (the test above shows exact reversal on the oscillator). Yoshida's composition of that leapfrog inherits the
    /// same first-order defect.
    /// A Hamiltonian network trained on a non-separable target, in Float64: `H_θ = w₃ · tanh(W₂ tanh(W₁ [q, p] + b₁)
    /// + b₂)` (16 hidden units, Glorot weights) fitted by Adam (2,000 full-batch steps, rate 0.01) to `H* = ((1 + q₁²) p₁² +
    /// (1 + q₂²) p₂² + q₁² + q₂²) / 2` on 256 states uniform in [−1, 1]⁴: an H learned from data, as HGN's and
    /// PixelHNN's are, whose q–p coupling (∂²H*/∂q∂p = 2qp) it must reproduce. Returns the frozen network and the
    /// root-mean-square error of the fit on 256 other states, before and after training.
    static func trainedNetworkHamiltonian(
        seed: UInt64
    ) -> (
        hamiltonian: ClosureHamiltonian, initialError: Double, finalError: Double
    ) {
        var generator = SeededGenerator(seed: seed)
        let parameters = ParameterCollection()
        let w1 = parameters.makeParameter(
            "w1", shape: [4, 16], initializer: .glorotUniform, dtype: .float64, using: &generator)
        let b1 = parameters.makeParameter("b1", shape: [16], initializer: .zeros, dtype: .float64, using: &generator)
        let w2 = parameters.makeParameter(
            "w2", shape: [16, 16], initializer: .glorotUniform, dtype: .float64, using: &generator)
        let b2 = parameters.makeParameter("b2", shape: [16], initializer: .zeros, dtype: .float64, using: &generator)
        let w3 = parameters.makeParameter(
            "w3", shape: [16, 1], initializer: .glorotUniform, dtype: .float64, using: &generator)
        @Sendable func network(_ x: Tensor, _ w: [Tensor]) -> Tensor {
            let h = x.linear(weight: w[0], bias: w[1]).tanh().linear(weight: w[2], bias: w[3]).tanh()
            return h.matmul(w[4]).reshaped(to: [x.shape[0]])
        }
        func target(_ x: Tensor) -> Tensor {
            let c = x.split(sizes: [1, 1, 1, 1], alongAxis: 1)  // q₁, q₂, p₁, p₂
            let kinetic = (c[0].squared() + 1) * c[2].squared() + (c[1].squared() + 1) * c[3].squared()
            return ((kinetic + c[0].squared() + c[1].squared()) * 0.5).reshaped(to: [x.shape[0]])
        }
        let train = Tensor.randomUniform(
            shape: [256, 4], lowerBound: -1, upperBound: 1, dtype: .float64, using: &generator)
        let held = Tensor.randomUniform(
            shape: [256, 4], lowerBound: -1, upperBound: 1, dtype: .float64, using: &generator)
        let weights = [w1, b1, w2, b2, w3]
        func heldError() -> Double {
            withoutGradientRecording {
                Tensor.meanSquaredError(network(held, weights.map(\.value)), target(held)).scalarValue.squareRoot()
            }
        }
        let initialError = heldError()
        let adam = Adam(parameters: parameters, learningRate: 0.01)
        let trainTarget = target(train)
        for _ in 0..<2_000 {
            let loss = Tensor.meanSquaredError(network(train, weights.map(\.value)), trainTarget)
            adam.update(with: gradients(of: loss, wrt: parameters.values))
        }
        let frozen = weights.map(\.value)
        let hamiltonian = ClosureHamiltonian { q, p in network(Tensor.concatenate([q, p], alongAxis: 1), frozen) }
        return (hamiltonian, initialError, heldError())
    }

    /// The trained network of the reversibility test, fitted once for its four integrators.
    static let trainedNetwork = trainedNetworkHamiltonian(seed: 23)

    /// How far from `start` (q₁, q₂, p₁, p₂) the state returns after `steps` steps of `1 / steps` forward and as
    /// many backward with `−dt`.
    static func returnError(
        _ integrator: LatentIntegrator, hamiltonian: ClosureHamiltonian, start: [Double], steps: Int
    ) -> Double {
        let dt = 1 / Double(steps)
        let initial = PhaseState(
            q: Tensor(shape: [1, 2], scalars: Array(start[0..<2])),
            p: Tensor(shape: [1, 2], scalars: Array(start[2..<4])))
        let end = integrator.rollout(
            from: initial, steps: steps, timeStep: dt, hamiltonian: hamiltonian, createGraph: false)[steps]
        let back = integrator.rollout(
            from: end, steps: steps, timeStep: -dt, hamiltonian: hamiltonian, createGraph: false)[steps]
        let state = back.q.scalars(as: Double.self) + back.p.scalars(as: Double.self)
        return zip(state, start).map { abs($0 - $1) }.max() ?? 0
    }

    /// Reversibility on a non-separable H: integrate forward `T / dt` steps, then backward as many with `−dt`, and
    /// measure how far from the start the state returns, for dt = 1/8, 1/16, 1/32 at T = 1.
    ///
    /// What it shows (measured orders of the return error in dt): Euler returns with an O(dt) error (order 1); RK4
    /// with O(dt⁵) (order 5: its leading O(dt⁵) local error is the same forward and backward, so it cancels over the
    /// round trip); the paper's explicit kick–drift–kick **leapfrog returns with an O(dt) error, order 1, like Euler**:
    /// on a non-separable H its half-kick uses `∂H/∂q(q, p)` at the old momentum and its drift `∂H/∂p(q, p½)` at the
    /// old position, so the step is explicit but neither time-symmetric nor symplectic (the implicit generalised
    /// leapfrog would be both). Its reversibility and "symplectic, hence no drift" argument hold only for separable
    /// H (the test above shows exact reversal on the oscillator). Yoshida's composition of that leapfrog inherits the
    /// same first-order defect. Measured on a random network and on a trained one (``trainedNetworkHamiltonian(seed:)``).
    @Test(
        "reversibility on a random (non-separable) Hamiltonian network: the return error's order in dt",
        arguments: [(LatentIntegrator.euler, 1.0), (.leapfrog, 1), (.rk4, 5), (.yoshida4, 1)])
    func reversibilityOnNonSeparableNetwork(integrator: LatentIntegrator, order: Double) {
        let hamiltonian = Self.randomNetworkHamiltonian(seed: 17)
        let errors = [8, 16, 32].map {
            Self.returnError(integrator, hamiltonian: hamiltonian, start: [0.4, -0.3, 0.2, 0.5], steps: $0)
        }
        let measured = log2(errors[1] / errors[2])
        #expect(abs(measured - order) < 0.3, "\(integrator): return errors \(errors), order \(measured)")
        #expect(errors[2] > 1e-13, "\(integrator): the return is not exact on a non-separable H (\(errors))")
    }

    @Test(
        "reversibility on a trained (non-separable) Hamiltonian network: the return error's order in dt",
        arguments: [(LatentIntegrator.euler, 1.0), (.leapfrog, 1), (.rk4, 5), (.yoshida4, 1)])
    func reversibilityOnTrainedNetwork(integrator: LatentIntegrator, order: Double) {
        let trained = Self.trainedNetwork
        // Learned: the fit's error on held-out states fell at least tenfold, below 5% of H*'s range ([0, 2]).
        #expect(trained.finalError < trained.initialError / 10 && trained.finalError < 0.1, "\(trained)")
        let errors = [8, 16, 32].map {
            Self.returnError(integrator, hamiltonian: trained.hamiltonian, start: [0.4, -0.3, 0.2, 0.5], steps: $0)
        }
        let measured = log2(errors[1] / errors[2])
        #expect(abs(measured - order) < 0.3, "\(integrator): return errors \(errors), order \(measured)")
        #expect(errors[2] > 1e-13, "\(integrator): the return is not exact on a non-separable H (\(errors))")
    }

    @Test("the vector field uses partial derivatives even when p was computed from q")
    func partialsNotTotalDerivatives() {
        let x = Tensor(shape: [1, 2], scalars: [0.7, -0.2]).requiringGradient()
        let state = PhaseState(q: x, p: x * 2)  // p depends on q's value upstream
        let field = ClosureHamiltonian.harmonicOscillator.vectorField(at: state, createGraph: false)
        // Hamilton: dq/dt = ∂H/∂p = p = 2x, dp/dt = −∂H/∂q = −x (a total derivative would mix the two).
        #expect(field.dq.scalars(as: Double.self) == [1.4, -0.4])
        #expect(field.dp.scalars(as: Double.self) == [-0.7, 0.2])
    }

    @Test("energy is conserved to the integrator's accuracy on the oscillator", arguments: LatentIntegrator.allCases)
    func energyConservation(integrator: LatentIntegrator) {
        let oscillator = ClosureHamiltonian.harmonicOscillator
        let initial = PhaseState(
            q: Tensor(shape: [1, 2], scalars: Self.q0), p: Tensor(shape: [1, 2], scalars: Self.p0))
        let states = integrator.rollout(
            from: initial, steps: 100, timeStep: 0.125, hamiltonian: oscillator,
            createGraph: false)
        let energies = states.map { oscillator.energies(q: $0.q, p: $0.p).scalarValue }
        let drift = EnergyDrift(energies: [energies])
        // Symplectic methods keep H within O(dt²) with no trend; Euler's energy grows by (1 + dt²) per step.
        switch integrator {
        case .leapfrog: #expect(drift.maximumRelative < 0.01, "\(drift)")
        case .yoshida4, .rk4: #expect(drift.maximumRelative < 1e-4, "\(drift)")
        case .euler:
            let expected = pow(1 + 0.125 * 0.125, 100) - 1
            #expect(abs(drift.finalRelative - expected) < 1e-9 * expected, "\(drift) vs \(expected)")
        }
    }
}
