/// A fixed-step numerical integrator of Hamilton's equations.
///
/// Conformers implement one requirement, ``advance(_:state:stepSize:steps:scratch:)``, which takes `steps` steps in
/// place on raw buffers and allocates nothing. The extension adds array-based conveniences: ``step(_:state:dt:)``
/// for a single step and ``advance(_:state:stepSize:steps:workspace:)`` with a reusable ``IntegratorWorkspace``.
///
/// Every integrator takes any ``HamiltonianSystem``. Euler and RK4 only evaluate the time derivative. The
/// symplectic methods have two forms, chosen per system type by ``HamiltonianSystem/isSeparable`` (a constant once
/// the generic code is specialised, so the unused form is compiled away): on a separable `H = T(p) + V(q)` their
/// explicit splitting form of alternating kicks and drifts, on any other `H` their implicit generalised form, whose
/// stages are solved by ``FixedPointIteration`` (and may fail, see ``IntegrationError``).
///
/// Cost is counted in *gradient evaluations*. On a separable system these are evaluations of the potential
/// gradient `∂V/∂q`, the expensive half of Hamilton's equations (every full time derivative evaluates it once; the
/// kinetic gradient `p / m` is nearly free), and splitting methods reuse the last kick's gradient for the next
/// step's first kick, so a run of `n` leapfrog steps costs `n + 1` evaluations. On a non-separable system both
/// halves of the gradient depend on the whole state and share most of their work, so every evaluation of
/// `∂H/∂q`, of `∂H/∂p` or of the whole time derivative counts as one, and the implicit methods count every
/// fixed-point update.
public protocol Integrator: Sendable {
    /// The command-line name: `"euler"`, `"symplectic-euler"`, `"leapfrog"`, `"rk4"`, `"yoshida4"`.
    var name: String { get }

    /// The order of accuracy: the global error after a fixed time shrinks as `dt^order`.
    var order: Int { get }

    /// The gradient evaluations one step costs in a long run on a separable system (reused gradients counted
    /// once). On a non-separable system the implicit methods cost more, depending on their iteration counts; the
    /// exact number is what ``advance(_:state:stepSize:steps:scratch:)`` returns.
    var gradientEvaluationsPerStep: Int { get }

    /// Whether each step is a symplectic map (exactly preserves phase-space volume and keeps the energy error
    /// bounded over long times).
    var isSymplectic: Bool { get }

    /// Advances `state` (`2 D` numbers, `q` then `p`) by `steps` steps of size `dt`, in place.
    ///
    /// - Parameters:
    ///   - scratch: working memory of at least ``IntegratorWorkspace/scratchStatesPerIntegrator`` times `2 D` numbers;
    ///     its contents on entry and exit are irrelevant.
    /// - Returns: the number of gradient evaluations used.
    /// - Throws: ``IntegrationError/fixedPointDidNotConverge(integrator:step:stepSize:iterations:correction:)`` when
    ///   an implicit stage of a symplectic method fails on a non-separable system; `state` is then left after the
    ///   completed steps. Never on a separable system, nor from Euler or RK4.
    /// - Complexity: `steps × gradientEvaluationsPerStep` evaluations of the system on a separable one, plus
    ///   `O(steps × D)`.
    @discardableResult
    func advance<S: HamiltonianSystem>(
        _ system: S, state: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) throws(IntegrationError) -> Int
}

extension Integrator {
    /// Advances an array state by `steps` steps of size `dt`, using `workspace` for all temporary storage so that
    /// repeated calls allocate nothing.
    ///
    /// - Returns: the number of gradient evaluations used.
    /// - Throws: as ``advance(_:state:stepSize:steps:scratch:)``.
    @inlinable
    @discardableResult
    public func advance<S: HamiltonianSystem>(
        _ system: S, state: inout [Double], stepSize dt: Double, steps: Int, workspace: inout IntegratorWorkspace
    ) throws(IntegrationError) -> Int {
        try workspace.withBuffers(of: system, state: &state, steps: steps) { x, scratch throws(IntegrationError) in
            try advance(system, state: x, stepSize: dt, steps: steps, scratch: scratch)
        }
    }

    /// Takes one step of size `dt` on an array state. Allocates its scratch memory; loops should use
    /// ``advance(_:state:stepSize:steps:workspace:)`` instead.
    ///
    /// - Throws: as ``advance(_:state:stepSize:steps:scratch:)``.
    @inlinable
    public func step<S: HamiltonianSystem>(_ system: S, state: inout [Double], dt: Double) throws(IntegrationError) {
        var workspace = IntegratorWorkspace(stateCount: state.count)
        try advance(system, state: &state, stepSize: dt, steps: 1, workspace: &workspace)
    }
}
