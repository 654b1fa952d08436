/// Draws random initial states of a system, as the standard datasets do.
///
/// Samplers are plain values configured by their ranges; the randomness comes only from the generator passed
/// `inout`, in a documented order of draws, so a seeded generator gives the same state on every run.
public protocol InitialStateSampler: Sendable {
    /// The kind of system whose states this sampler draws.
    associatedtype System: HamiltonianSystem

    /// Draws one initial state `concat(q, p)` for `system`.
    func initialState<R: RandomNumberGenerator>(for system: System, using generator: inout R) -> [Double]
}
