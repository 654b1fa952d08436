import Tensor

/// A fixed-step integrator of Hamilton's equations `dq/dt = ∂H/∂p`, `dp/dt = −∂H/∂q` in a latent phase space.
///
/// Every method uses both partials of the learned `H` (the public PyTorch replication's leapfrog moves `q` by
/// `p·dt`, ignoring `∂H/∂p`; this one does not). A negative `timeStep` runs backwards in time.
///
/// Orders of accuracy (global error at a fixed time ∝ dt^order), measured in the tests on `H = |p|²/2 + |q|²/2`:
/// Euler 1, leapfrog 2, RK4 4, Yoshida 4. The explicit leapfrog of the HGN paper (kick with `∂H/∂q(q, p)`, drift
/// with `∂H/∂p(q, p½)`, kick with `∂H/∂q(q′, p½)`) is second order only for separable `H = T(p) + V(q)`; for a
/// learned `H` with a `q`–`p` coupling it is first order (the tests measure both).
public enum LatentIntegrator: String, Codable, CaseIterable, Sendable {
    /// Explicit Euler: one field evaluation per step.
    case euler
    /// Kick–drift–kick leapfrog (Störmer–Verlet) as in the HGN paper: three gradient evaluations per step.
    case leapfrog
    /// Classical fourth-order Runge–Kutta on the vector field: four evaluations per step.
    case rk4
    /// Yoshida's fourth-order composition of three leapfrog steps: nine evaluations per step.
    case yoshida4

    /// Gradient evaluations of `H` per step (each is one forward and one backward pass of the network).
    public var evaluationsPerStep: Int {
        switch self {
        case .euler: 1
        case .leapfrog: 3
        case .rk4: 4
        case .yoshida4: 9
        }
    }

    /// One step of size `timeStep` from `state`.
    ///
    /// - Parameter createGraph: whether the result must be differentiable with respect to the network's
    ///   parameters and the initial state (training); `false` for evaluation.
    /// - Complexity: ``evaluationsPerStep`` gradient evaluations of `hamiltonian`.
    public func step<H: LatentHamiltonian>(
        _ state: PhaseState, timeStep dt: Double, hamiltonian: H,
        createGraph: Bool
    ) -> PhaseState {
        switch self {
        case .euler:
            let field = hamiltonian.vectorField(at: state, createGraph: createGraph)
            return PhaseState(q: state.q + field.dq * dt, p: state.p + field.dp * dt)
        case .leapfrog:
            return Self.leapfrog(state, dt, hamiltonian, createGraph)
        case .rk4:
            let k1 = hamiltonian.vectorField(at: state, createGraph: createGraph)
            let k2 = hamiltonian.vectorField(
                at: PhaseState(q: state.q + k1.dq * (dt / 2), p: state.p + k1.dp * (dt / 2)), createGraph: createGraph)
            let k3 = hamiltonian.vectorField(
                at: PhaseState(q: state.q + k2.dq * (dt / 2), p: state.p + k2.dp * (dt / 2)), createGraph: createGraph)
            let k4 = hamiltonian.vectorField(
                at: PhaseState(q: state.q + k3.dq * dt, p: state.p + k3.dp * dt), createGraph: createGraph)
            let dq = k1.dq + (k2.dq + k3.dq) * 2 + k4.dq, dp = k1.dp + (k2.dp + k3.dp) * 2 + k4.dp
            return PhaseState(q: state.q + dq * (dt / 6), p: state.p + dp * (dt / 6))
        case .yoshida4:
            let cubeRootOfTwo = pow2OneThird
            let outer = 1 / (2 - cubeRootOfTwo), inner = -cubeRootOfTwo / (2 - cubeRootOfTwo)
            var next = Self.leapfrog(state, outer * dt, hamiltonian, createGraph)
            next = Self.leapfrog(next, inner * dt, hamiltonian, createGraph)
            return Self.leapfrog(next, outer * dt, hamiltonian, createGraph)
        }
    }

    /// The states `[s₀, s₁, …, s_steps]` of `steps` steps from `initial` (`s₀` is `initial` itself).
    ///
    /// - Complexity: `steps ·` ``evaluationsPerStep`` gradient evaluations.
    public func rollout<H: LatentHamiltonian>(
        from initial: PhaseState, steps: Int, timeStep: Double, hamiltonian: H,
        createGraph: Bool
    ) -> [PhaseState] {
        precondition(steps >= 0, "a rollout needs a non-negative number of steps")
        var states = [initial]
        states.reserveCapacity(steps + 1)
        for _ in 0..<steps {
            states.append(
                step(
                    states[states.count - 1], timeStep: timeStep, hamiltonian: hamiltonian,
                    createGraph: createGraph))
        }
        return states
    }

    /// Kick–drift–kick with both partials: `p½ = p − dt/2 ∂H/∂q(q, p)`, `q′ = q + dt ∂H/∂p(q, p½)`,
    /// `p′ = p½ − dt/2 ∂H/∂q(q′, p½)`.
    private static func leapfrog<H: LatentHamiltonian>(
        _ state: PhaseState, _ dt: Double, _ hamiltonian: H,
        _ createGraph: Bool
    ) -> PhaseState {
        let start = hamiltonian.vectorField(at: state, createGraph: createGraph)
        let half = state.p + start.dp * (dt / 2)
        let drift = hamiltonian.vectorField(at: PhaseState(q: state.q, p: half), createGraph: createGraph)
        let q = state.q + drift.dq * dt
        let end = hamiltonian.vectorField(at: PhaseState(q: q, p: half), createGraph: createGraph)
        return PhaseState(q: q, p: half + end.dp * (dt / 2))
    }
}

/// 2^(1/3), Yoshida's constant.
private let pow2OneThird = 1.2599210498948731647672106
