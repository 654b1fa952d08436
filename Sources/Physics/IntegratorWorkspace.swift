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

    @inlinable
    mutating func withScratch<R, E: Error>(_ body: (UnsafeMutableBufferPointer<Double>) throws(E) -> R) throws(E) -> R {
        try storage.withUnsafeMutableBufferPointer { scratch throws(E) in try body(scratch) }
    }
}
