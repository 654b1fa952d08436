/// The classical fourth-order Runge-Kutta method: four time-derivative evaluations per step, weights 1/6, 2/6,
/// 2/6, 1/6.
///
/// Fourth order but not symplectic: over long times its energy error drifts (slowly, as `dt^4`). It evaluates only
/// the time derivative, so it takes any Hamiltonian alike, and never throws.
public struct RK4: Integrator {
    public init() {}
    public var name: String { "rk4" }
    public var order: Int { 4 }
    public var gradientEvaluationsPerStep: Int { 4 }
    public var isSymplectic: Bool { false }

    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state x: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> Int {
        let n = x.count
        let k = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        let sum = UnsafeMutableBufferPointer(rebasing: scratch[n..<(2 * n)])
        let stage = UnsafeMutableBufferPointer(rebasing: scratch[(2 * n)..<(3 * n)])
        for _ in 0..<steps {
            system.timeDerivative(UnsafeBufferPointer(x), into: k)
            for i in 0..<n {
                sum[i] = k[i]
                stage[i] = x[i] + dt / 2 * k[i]
            }
            system.timeDerivative(UnsafeBufferPointer(stage), into: k)
            for i in 0..<n {
                sum[i] += 2 * k[i]
                stage[i] = x[i] + dt / 2 * k[i]
            }
            system.timeDerivative(UnsafeBufferPointer(stage), into: k)
            for i in 0..<n {
                sum[i] += 2 * k[i]
                stage[i] = x[i] + dt * k[i]
            }
            system.timeDerivative(UnsafeBufferPointer(stage), into: k)
            for i in 0..<n { x[i] += dt / 6 * (sum[i] + k[i]) }
        }
        return 4 * steps
    }
}
