/// The explicit (forward) Euler method, `x ← x + dt f(x)`: first order, not symplectic.
///
/// Its energy error grows steadily (outward spiral in phase space); it is here as the baseline of the HGN paper's
/// ablation. One gradient evaluation (time derivative) per step, on any Hamiltonian; it never throws.
public struct Euler: Integrator {
    public init() {}
    public var name: String { "euler" }
    public var order: Int { 1 }
    public var gradientEvaluationsPerStep: Int { 1 }
    public var isSymplectic: Bool { false }

    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> Int {
        let n = x.count
        let f = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        for _ in 0..<steps {
            system.timeDerivative(UnsafeBufferPointer(x), into: f)
            for i in 0..<n { x[i] += dt * f[i] }
        }
        return steps
    }
}
