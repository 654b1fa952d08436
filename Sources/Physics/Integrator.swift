/// A fixed-step numerical integrator of Hamilton's equations.
///
/// Conformers implement one requirement, ``advance(_:state:stepSize:steps:scratch:)``, which takes `steps` steps in
/// place on raw buffers and allocates nothing. The extension adds array-based conveniences: ``step(_:state:dt:)``
/// for a single step and ``advance(_:state:stepSize:steps:workspace:)`` with a reusable ``IntegratorWorkspace``.
///
/// Cost is counted in *gradient evaluations*: evaluations of the potential gradient `∂V/∂q`, the expensive half of
/// Hamilton's equations (every full time derivative evaluates it once; the kinetic gradient `p / m` is nearly free).
/// Splitting methods reuse the last kick's gradient for the next step's first kick, so a run of `n` leapfrog steps
/// costs `n + 1` evaluations.
public protocol Integrator: Sendable {
    /// The command-line name: `"euler"`, `"symplectic-euler"`, `"leapfrog"`, `"rk4"`, `"yoshida4"`.
    var name: String { get }

    /// The order of accuracy: the global error after a fixed time shrinks as `dt^order`.
    var order: Int { get }

    /// The gradient evaluations one step costs in a long run (reused gradients counted once).
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
    /// - Complexity: `steps × gradientEvaluationsPerStep` evaluations of the system, plus `O(steps × D)`.
    @discardableResult
    func advance<S: SeparableHamiltonianSystem>(
        _ system: S, state: UnsafeMutableBufferPointer<Double>, stepSize dt: Double, steps: Int,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> Int
}

extension Integrator {
    /// Advances an array state by `steps` steps of size `dt`, using `workspace` for all temporary storage so that
    /// repeated calls allocate nothing.
    ///
    /// - Returns: the number of gradient evaluations used.
    @inlinable
    @discardableResult
    public func advance<S: SeparableHamiltonianSystem>(
        _ system: S, state: inout [Double], stepSize dt: Double, steps: Int, workspace: inout IntegratorWorkspace
    ) -> Int {
        precondition(state.count == system.stateCount,
                     "\(system.name): a state has \(system.stateCount) numbers, got \(state.count)")
        precondition(steps >= 0, "the number of steps must not be negative")
        workspace.reserve(stateCount: state.count)
        return state.withUnsafeMutableBufferPointer { x in
            workspace.withScratch { advance(system, state: x, stepSize: dt, steps: steps, scratch: $0) }
        }
    }

    /// Takes one step of size `dt` on an array state. Allocates its scratch memory; loops should use
    /// ``advance(_:state:stepSize:steps:workspace:)`` instead.
    @inlinable
    public func step<S: SeparableHamiltonianSystem>(_ system: S, state: inout [Double], dt: Double) {
        var workspace = IntegratorWorkspace(stateCount: state.count)
        advance(system, state: &state, stepSize: dt, steps: 1, workspace: &workspace)
    }
}
