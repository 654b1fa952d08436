import Tensor

/// The leapfrog (Störmer–Verlet) integrator for a learned separable Hamiltonian H = K(p) + U(q), on batches of
/// states, with Hamilton's equations dq/dt = ∂H/∂p = ∇K(p) and dp/dt = −∂H/∂q = −∇U(q):
///
///     p ← p − (h/2) ∇U(q);   q ← q + h ∇K(p);   p ← p − (h/2) ∇U(q)
///
/// Each of the three updates is a shear (it adds to one variable a function of the other), so a step has Jacobian
/// determinant exactly 1 and is undone exactly by the same step with −h, run from the end state: integrating with
/// `stepSize: -h` inverts integrating with `stepSize: h` (up to floating-point rounding). The position update uses
/// the learned ∇K(p), never p itself: a leapfrog that moves q by p·h ignores K (an error of public NHF code).
///
/// Cost: `steps + 1` evaluations of ∇U and `steps` of ∇K (the closing ∇U of a step opens the next).
public enum SeparableLeapfrog {
    /// A point visited by the integrator with the gradients computed there: the staggered pair (q_n, p_{n+½}) with
    /// ∇U(q_n) and ∇K(p_{n+½}), so that the Poisson bracket of H with a generator costs no extra gradient of H.
    public struct VisitedPoint {
        public var q: Tensor
        public var p: Tensor
        /// ∂H/∂q = ∇U(q) at this point.
        public var potentialGradient: Tensor
        /// ∂H/∂p = ∇K(p) at this point.
        public var kineticGradient: Tensor
    }

    /// Integrates `steps` leapfrog steps of size `stepSize` (negative to run backwards) from (q, p).
    ///
    /// - Parameters:
    ///   - createGraph: whether gradients of the result with respect to the Hamiltonian's parameters are needed
    ///     (training); the inner gradients are then recorded for double backward.
    ///   - visit: called with every staggered point (q_n, p_{n+½}), for penalties along the flow.
    /// - Returns: the final state.
    public static func integrate<H: SeparableHamiltonian>(
        _ hamiltonian: H, q: Tensor, p: Tensor, stepSize: Double, steps: Int, createGraph: Bool,
        visit: ((VisitedPoint) -> Void)? = nil
    ) -> (q: Tensor, p: Tensor) {
        precondition(steps >= 0, "leapfrog needs a non-negative number of steps")
        var q = q, p = p
        guard steps > 0 else { return (q, p) }
        var forceGradient = hamiltonian.potentialGradient(q, createGraph: createGraph)
        for _ in 0..<steps {
            p = p - (stepSize / 2) * forceGradient
            let velocity = hamiltonian.kineticGradient(p, createGraph: createGraph)
            visit?(VisitedPoint(q: q, p: p, potentialGradient: forceGradient, kineticGradient: velocity))
            q = q + stepSize * velocity
            forceGradient = hamiltonian.potentialGradient(q, createGraph: createGraph)
            p = p - (stepSize / 2) * forceGradient
        }
        return (q, p)
    }
}
