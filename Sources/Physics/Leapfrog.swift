/// Leapfrog in its kick-drift-kick form (velocity Verlet): half kick, full drift, half kick.
///
///     p ← p - (dt/2) ∂V/∂q(q);   q ← q + dt ∂T/∂p(p);   p ← p - (dt/2) ∂V/∂q(q)
///
/// Second order, symplectic and time-reversible; the HGN paper's latent integrator. The closing half kick's
/// gradient opens the next step, so `n` steps cost `n + 1` gradient evaluations.
public struct Leapfrog: Integrator {
    public init() {}
    public var name: String { "leapfrog" }
    public var order: Int { 2 }
    public var gradientEvaluationsPerStep: Int { 1 }
    public var isSymplectic: Bool { true }

    @inlinable
    @discardableResult
    public func advance<S: SeparableHamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> Int {
        guard steps > 0 else { return 0 }
        let d = system.positionCount
        let q = UnsafeMutableBufferPointer(rebasing: x[0..<d])
        let p = UnsafeMutableBufferPointer(rebasing: x[d..<(2 * d)])
        let gradient = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
        let velocity = UnsafeMutableBufferPointer(rebasing: scratch[d..<(2 * d)])
        system.potentialGradient(positions: UnsafeBufferPointer(q), into: gradient)
        for _ in 0..<steps {
            for i in 0..<d { p[i] -= dt / 2 * gradient[i] }
            system.kineticGradient(momenta: UnsafeBufferPointer(p), into: velocity)
            for i in 0..<d { q[i] += dt * velocity[i] }
            system.potentialGradient(positions: UnsafeBufferPointer(q), into: gradient)
            for i in 0..<d { p[i] -= dt / 2 * gradient[i] }
        }
        return steps + 1
    }
}
