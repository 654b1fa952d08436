/// Yoshida's fourth-order symmetric composition of three leapfrog steps of sizes `w1 dt`, `w0 dt`, `w1 dt`, with
/// `w1 = 1 / (2 - 2^(1/3))` and `w0 = 1 - 2 w1` (a negative, backward substep).
///
/// Fourth order, symplectic and time-reversible. On a separable system adjacent half kicks share their gradient,
/// so one step costs three gradient evaluations in a long run (`3 n + 1` for `n` steps). On a non-separable system
/// the substeps are ``Leapfrog``'s generalised (implicit) Störmer–Verlet steps, each solved by
/// ``FixedPointIteration``; if one fails, the state is restored to the start of that step.
public struct Yoshida4: Integrator {
    /// How the implicit stages are solved on a non-separable system (unused on a separable one).
    public var iteration: FixedPointIteration

    /// Creates the integrator; `iteration` only matters on non-separable systems.
    public init(iteration: FixedPointIteration = FixedPointIteration()) {
        self.iteration = iteration
    }

    public var name: String { "yoshida4" }
    public var order: Int { 4 }
    public var gradientEvaluationsPerStep: Int { 3 }
    public var isSymplectic: Bool { true }

    /// The outer substep weight `w1 = 1 / (2 - 2^(1/3)) ≈ 1.3512`.
    public static let outerWeight: Double = 1 / (2 - 1.2599210498948731647672106)
    /// The middle substep weight `w0 = 1 - 2 w1 ≈ -1.7024`.
    public static let innerWeight: Double = 1 - 2 * outerWeight

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
            let start = UnsafeMutableBufferPointer(rebasing: scratch[(4 * d)..<(6 * d)])
            var evaluations = 0
            for step in 0..<steps {
                for i in 0..<(2 * d) { start[i] = x[i] }
                do throws(FixedPointIteration.Failure) {
                    for substep in 0..<3 {
                        let h = (substep == 1 ? Self.innerWeight : Self.outerWeight) * dt
                        evaluations += try stage.step(system, q: q, p: p, stepSize: h)
                    }
                } catch {
                    for i in 0..<(2 * d) { x[i] = start[i] }
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
            for substep in 0..<3 {
                let h = (substep == 1 ? Self.innerWeight : Self.outerWeight) * dt
                for i in 0..<d { p[i] -= h / 2 * gradient[i] }
                system.momentumGradient(positions: positions, momenta: momenta, into: velocity)
                for i in 0..<d { q[i] += h * velocity[i] }
                system.positionGradient(positions: positions, momenta: momenta, into: gradient)
                for i in 0..<d { p[i] -= h / 2 * gradient[i] }
            }
        }
        return 3 * steps + 1
    }
}
