/// Symplectic Euler, kick then drift: first order but symplectic, so its energy error stays bounded.
///
/// On a separable `H = T(p) + V(q)` (explicit form): `p ← p - dt ∂V/∂q(q)`, then `q ← q + dt ∂T/∂p(p)` with the new
/// `p`; one gradient evaluation per step.
///
/// On any other `H` (the generalised form, Hairer, Lubich & Wanner, *Geometric Numerical Integration*, §VI.3):
///
///     p₁ = p - dt ∂H/∂q(q, p₁)   (implicit in p₁, solved by fixed-point iteration from p)
///     q₁ = q + dt ∂H/∂p(q, p₁)   (explicit)
///
/// costing the fixed-point updates of the first stage plus one evaluation of `∂H/∂p`.
public struct SymplecticEuler: Integrator {
    /// How the implicit stage is solved on a non-separable system (unused on a separable one).
    public var iteration: FixedPointIteration

    /// Creates the integrator; `iteration` only matters on non-separable systems.
    public init(iteration: FixedPointIteration = FixedPointIteration()) {
        self.iteration = iteration
    }

    public var name: String { "symplectic-euler" }
    public var order: Int { 1 }
    public var gradientEvaluationsPerStep: Int { 1 }
    public var isSymplectic: Bool { true }

    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) throws(IntegrationError) -> Int {
        let d = system.positionCount
        let q = UnsafeMutableBufferPointer(rebasing: x[0..<d])
        let p = UnsafeMutableBufferPointer(rebasing: x[d..<(2 * d)])
        let g = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
        guard S.isSeparable else {
            return try generalisedAdvance(
                system, q: q, p: p, stepSize: dt, steps: steps, gradient: g,
                trialMomenta: UnsafeMutableBufferPointer(rebasing: scratch[d..<(2 * d)]))
        }
        let positions = UnsafeBufferPointer(q), momenta = UnsafeBufferPointer(p)
        for _ in 0..<steps {
            system.positionGradient(positions: positions, momenta: momenta, into: g)
            for i in 0..<d { p[i] -= dt * g[i] }
            system.momentumGradient(positions: positions, momenta: momenta, into: g)
            for i in 0..<d { q[i] += dt * g[i] }
        }
        return steps
    }

    /// The generalised form: `trialMomenta` holds the iterates of `p₁`, so the state changes only when a step has
    /// succeeded.
    @inlinable
    func generalisedAdvance<S: HamiltonianSystem>(
        _ system: S, q: UnsafeMutableBufferPointer<Double>, p: UnsafeMutableBufferPointer<Double>,
        stepSize dt: Double, steps: Int, gradient g: UnsafeMutableBufferPointer<Double>,
        trialMomenta y: UnsafeMutableBufferPointer<Double>
    ) throws(IntegrationError) -> Int {
        let d = q.count
        var evaluations = 0
        for step in 0..<steps {
            for i in 0..<d { y[i] = p[i] }
            do throws(FixedPointIteration.Failure) {
                evaluations += try iteration.solveMomenta(
                    system, positions: UnsafeBufferPointer(q), momenta: y, base: UnsafeBufferPointer(p),
                    coefficient: dt, gradient: g)
            } catch {
                throw .fixedPointDidNotConverge(
                    integrator: name, step: step, stepSize: dt,
                    iterations: error.iterations, correction: error.correction)
            }
            system.momentumGradient(positions: UnsafeBufferPointer(q), momenta: UnsafeBufferPointer(y), into: g)
            evaluations += 1
            for i in 0..<d {
                q[i] += dt * g[i]
                p[i] = y[i]
            }
        }
        return evaluations
    }
}
