/// Leapfrog (Störmer–Verlet): second order, symplectic and time-reversible; the HGN paper's latent integrator.
///
/// On a separable `H = T(p) + V(q)` (explicit form, kick-drift-kick or velocity Verlet):
///
///     p ← p - (dt/2) ∂V/∂q(q);   q ← q + dt ∂T/∂p(p);   p ← p - (dt/2) ∂V/∂q(q)
///
/// The closing half kick's gradient opens the next step, so `n` steps cost `n + 1` gradient evaluations.
///
/// On any other `H` (the generalised Störmer–Verlet method, Hairer, Lubich & Wanner, *Geometric Numerical
/// Integration*, §VI.3, eq. (3.4)):
///
///     p½ = p - (dt/2) ∂H/∂q(q, p½)                          (implicit in p½)
///     q₁ = q + (dt/2) (∂H/∂p(q, p½) + ∂H/∂p(q₁, p½))        (implicit in q₁)
///     p₁ = p½ - (dt/2) ∂H/∂q(q₁, p½)                         (explicit)
///
/// Both implicit stages are solved by ``FixedPointIteration`` (the first from `p`, the second from the Euler
/// predictor `q + dt ∂H/∂p(q, p½)`). A step costs the updates of the two stages plus two evaluations; nothing is
/// reused across steps, so each step depends on its starting state only.
public struct Leapfrog: Integrator {
    /// How the implicit stages are solved on a non-separable system (unused on a separable one).
    public var iteration: FixedPointIteration

    /// Creates the integrator; `iteration` only matters on non-separable systems.
    public init(iteration: FixedPointIteration = FixedPointIteration()) {
        self.iteration = iteration
    }

    public var name: String { "leapfrog" }
    public var order: Int { 2 }
    public var gradientEvaluationsPerStep: Int { 1 }
    public var isSymplectic: Bool { true }

    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) throws(IntegrationError) -> Int {
        guard steps > 0 else { return 0 }
        let d = system.positionCount
        let q = UnsafeMutableBufferPointer(rebasing: x[0..<d])
        let p = UnsafeMutableBufferPointer(rebasing: x[d..<(2 * d)])
        let gradient = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
        let velocity = UnsafeMutableBufferPointer(rebasing: scratch[d..<(2 * d)])
        guard S.isSeparable else {
            let stage = GeneralisedLeapfrogStep(iteration: iteration, scratch: scratch, positionCount: d)
            var evaluations = 0
            for step in 0..<steps {
                do throws(FixedPointIteration.Failure) {
                    evaluations += try stage.step(system, q: q, p: p, stepSize: dt)
                } catch {
                    throw .fixedPointDidNotConverge(
                        integrator: name, step: step, stepSize: dt,
                        iterations: error.iterations, correction: error.correction)
                }
            }
            return evaluations
        }
        let positions = UnsafeBufferPointer(q), momenta = UnsafeBufferPointer(p)
        system.positionGradient(positions: positions, momenta: momenta, into: gradient)
        for _ in 0..<steps {
            for i in 0..<d { p[i] -= dt / 2 * gradient[i] }
            system.momentumGradient(positions: positions, momenta: momenta, into: velocity)
            for i in 0..<d { q[i] += dt * velocity[i] }
            system.positionGradient(positions: positions, momenta: momenta, into: gradient)
            for i in 0..<d { p[i] -= dt / 2 * gradient[i] }
        }
        return steps + 1
    }
}

/// One step of the generalised Störmer–Verlet method on scratch buffers: the building block of ``Leapfrog`` and
/// ``Yoshida4`` on non-separable systems. Uses the first `4 D` numbers of the scratch memory.
@usableFromInline
struct GeneralisedLeapfrogStep {
    @usableFromInline let iteration: FixedPointIteration
    /// `D` numbers: `∂H/∂q`, then the iteration's scratch.
    @usableFromInline let gradient: UnsafeMutableBufferPointer<Double>
    /// `D` numbers: `∂H/∂p(q, p½)`.
    @usableFromInline let velocity: UnsafeMutableBufferPointer<Double>
    /// `D` numbers: the iterates of `p½`.
    @usableFromInline let halfMomenta: UnsafeMutableBufferPointer<Double>
    /// `D` numbers: the iterates of `q₁`.
    @usableFromInline let newPositions: UnsafeMutableBufferPointer<Double>

    @inlinable
    init(iteration: FixedPointIteration, scratch: UnsafeMutableBufferPointer<Double>, positionCount d: Int) {
        self.iteration = iteration
        gradient = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
        velocity = UnsafeMutableBufferPointer(rebasing: scratch[d..<(2 * d)])
        halfMomenta = UnsafeMutableBufferPointer(rebasing: scratch[(2 * d)..<(3 * d)])
        newPositions = UnsafeMutableBufferPointer(rebasing: scratch[(3 * d)..<(4 * d)])
    }

    /// Advances `(q, p)` by one step of size `h`; they change only if the step succeeds.
    ///
    /// - Returns: the gradient evaluations used.
    @inlinable
    func step<S: HamiltonianSystem>(
        _ system: S, q: UnsafeMutableBufferPointer<Double>, p: UnsafeMutableBufferPointer<Double>, stepSize h: Double
    ) throws(FixedPointIteration.Failure) -> Int {
        let d = q.count
        let positions = UnsafeBufferPointer(q), halfMomentaView = UnsafeBufferPointer(halfMomenta)
        for i in 0..<d { halfMomenta[i] = p[i] }
        var evaluations = try iteration.solveMomenta(
            system, positions: positions, momenta: halfMomenta, base: UnsafeBufferPointer(p), coefficient: h / 2,
            gradient: gradient)
        system.momentumGradient(positions: positions, momenta: halfMomentaView, into: velocity)
        evaluations += 1
        for i in 0..<d { newPositions[i] = q[i] + h * velocity[i] }
        evaluations += try iteration.solvePositions(
            system, positions: newPositions, momenta: halfMomentaView, base: positions, coefficient: h / 2,
            velocity: UnsafeBufferPointer(velocity), scratch: gradient)
        system.positionGradient(positions: UnsafeBufferPointer(newPositions), momenta: halfMomentaView, into: gradient)
        evaluations += 1
        for i in 0..<d {
            q[i] = newPositions[i]
            p[i] = halfMomenta[i] - h / 2 * gradient[i]
        }
        return evaluations
    }
}
