/// An exact, closed-form solution of a system's motion from one initial state: the reference against which
/// integrators are measured.
public protocol AnalyticSolution: Sendable {
    /// The system whose motion this is.
    associatedtype System: HamiltonianSystem

    /// The system being solved.
    var system: System { get }

    /// The phase state `concat(q, p)` at `time` (any real time, before or after the initial one).
    func state(at time: Double) -> [Double]
}

extension AnalyticSolution {
    /// The states at each of `times`, flat row-major (`times.count × 2 D` numbers, the layout of ``Trajectory``).
    public func states(at times: [Double]) -> [Double] {
        times.flatMap { state(at: $0) }
    }
}

/// An analytic solution cannot be built for this initial state.
public enum AnalyticSolutionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A Kepler orbit was requested for two bodies whose total energy in the centre-of-mass frame is not negative.
    case unboundOrbit(relativeEnergy: Double)
    /// The initial state contains infinities or NaNs.
    case nonFiniteInitialState

    public var description: String {
        switch self {
        case .unboundOrbit(let energy):
            "the two bodies are not bound (relative energy \(energy) >= 0), so there is no elliptic Kepler orbit; "
                + "lower the relative speed or move the bodies closer"
        case .nonFiniteInitialState:
            "the initial state contains infinite or NaN numbers; give finite positions and momenta"
        }
    }
}
