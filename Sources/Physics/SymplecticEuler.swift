/// Symplectic Euler, kick then drift: `p ← p - dt ∂V/∂q(q)`, then `q ← q + dt ∂T/∂p(p)` with the new `p`.
///
/// First order but symplectic, so its energy error stays bounded. One gradient evaluation per step.
public struct SymplecticEuler: Integrator {
    public init() {}
    public var name: String { "symplectic-euler" }
    public var order: Int { 1 }
    public var gradientEvaluationsPerStep: Int { 1 }
    public var isSymplectic: Bool { true }

    @inlinable
    @discardableResult
    public func advance<S: SeparableHamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> Int {
        let d = system.positionCount
        let q = UnsafeMutableBufferPointer(rebasing: x[0..<d])
        let p = UnsafeMutableBufferPointer(rebasing: x[d..<(2 * d)])
        let g = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
        for _ in 0..<steps {
            system.potentialGradient(positions: UnsafeBufferPointer(q), into: g)
            for i in 0..<d { p[i] -= dt * g[i] }
            system.kineticGradient(momenta: UnsafeBufferPointer(p), into: g)
            for i in 0..<d { q[i] += dt * g[i] }
        }
        return steps
    }
}
