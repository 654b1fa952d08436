/// Reusable scratch memory for fixed-step integrators, so that stepping allocates nothing.
///
/// Create one per thread and pass it to every ``Integrator/advance(_:state:stepSize:steps:workspace:)`` call; it
/// grows on demand (only when a larger system comes along) and is never shared between threads.
public struct IntegratorWorkspace: Sendable {
    /// The number of state-sized buffers any integrator of this module may use as scratch.
    public static let scratchStatesPerIntegrator = 4

    @usableFromInline
    var storage: [Double]

    /// Creates a workspace for states of `stateCount` numbers (`2 D`).
    public init(stateCount: Int) {
        storage = [Double](repeating: 0, count: Self.scratchStatesPerIntegrator * stateCount)
    }

    /// Makes sure the workspace can serve states of `stateCount` numbers.
    @inlinable
    mutating func reserve(stateCount: Int) {
        let needed = Self.scratchStatesPerIntegrator * stateCount
        if storage.count < needed { storage = [Double](repeating: 0, count: needed) }
    }

    /// Checks an array state of `system` and a step count, then calls `body` with the state's buffer and scratch
    /// memory enough for any integrator: the plumbing of every array-based `advance`.
    @inlinable
    mutating func withBuffers<S: HamiltonianSystem, R, E: Error>(
        of system: S, state: inout [Double], steps: Int,
        _ body: (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws(E) -> R
    ) throws(E) -> R {
        precondition(
            state.count == system.stateCount,
            "\(system.name): a state has \(system.stateCount) numbers, got \(state.count)")
        precondition(steps >= 0, "the number of steps must not be negative")
        reserve(stateCount: state.count)
        return try state.withUnsafeMutableBufferPointer { x throws(E) in
            try storage.withUnsafeMutableBufferPointer { scratch throws(E) in try body(x, scratch) }
        }
    }
}
