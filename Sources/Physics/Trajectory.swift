/// The states of a system at a list of times, with their exact time derivatives and energies.
///
/// Storage is flat and row-major, the layout of the dataset files: `states[f * stateCount + i]` is coordinate `i`
/// of the state at `times[f]`. Use ``state(at:)`` and ``derivative(at:)`` for one frame as an array.
public struct Trajectory: Sendable, Equatable {
    /// The length `2 D` of one state.
    public var stateCount: Int
    /// The time of each frame.
    public var times: [Double]
    /// The phase state `x = concat(q, p)` of each frame, flat row-major: `times.count × stateCount` numbers.
    public var states: [Double]
    /// The exact time derivative `dx/dt` at each frame's state (Hamilton's equations evaluated there), same layout.
    public var derivatives: [Double]
    /// The Hamiltonian at each frame's state.
    public var energies: [Double]
    /// What producing the trajectory cost.
    public var statistics: IntegrationStatistics

    /// Creates a trajectory from its flat arrays; their lengths must agree.
    public init(
        stateCount: Int, times: [Double], states: [Double], derivatives: [Double], energies: [Double],
        statistics: IntegrationStatistics
    ) {
        precondition(
            states.count == times.count * stateCount && derivatives.count == states.count
                && energies.count == times.count, "Trajectory arrays have inconsistent lengths")
        self.stateCount = stateCount
        self.times = times
        self.states = states
        self.derivatives = derivatives
        self.energies = energies
        self.statistics = statistics
    }

    /// The number of frames.
    @inlinable
    public var frameCount: Int { times.count }

    /// The state at frame `frame` as an array of `stateCount` numbers.
    public func state(at frame: Int) -> [Double] {
        Array(states[(frame * stateCount)..<((frame + 1) * stateCount)])
    }

    /// The time derivative at frame `frame` as an array of `stateCount` numbers.
    public func derivative(at frame: Int) -> [Double] {
        Array(derivatives[(frame * stateCount)..<((frame + 1) * stateCount)])
    }

    /// The largest relative energy error along the trajectory, `max_t |H(t) - H(0)| / |H(0)|`
    /// (the absolute error when `H(0) = 0`). `O(frameCount)`.
    public var relativeEnergyDrift: Double {
        guard let first = energies.first else { return 0 }
        let scale = first == 0 ? 1 : abs(first)
        return energies.reduce(0) { max($0, abs($1 - first)) } / scale
    }
}

/// The work an integration took.
public struct IntegrationStatistics: Sendable, Equatable {
    /// Steps whose error estimate passed (all steps, for a fixed-step integrator).
    public var acceptedSteps: Int
    /// Steps that were tried, judged too inaccurate, and retried with a smaller step.
    public var rejectedSteps: Int
    /// Gradient evaluations, the measure of cost: evaluations of the potential gradient `∂V/∂q` on a separable
    /// system (one per time-derivative evaluation), of `∂H/∂q`, `∂H/∂p` or the whole time derivative on any other
    /// (see ``Integrator``).
    public var gradientEvaluations: Int
    /// The smallest accepted step, including steps shortened to land exactly on a requested time.
    public var minimumStepSize: Double
    /// The largest accepted step.
    public var maximumStepSize: Double

    /// Creates statistics; all counts start at zero.
    public init(
        acceptedSteps: Int = 0, rejectedSteps: Int = 0, gradientEvaluations: Int = 0,
        minimumStepSize: Double = .infinity, maximumStepSize: Double = 0
    ) {
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.gradientEvaluations = gradientEvaluations
        self.minimumStepSize = minimumStepSize
        self.maximumStepSize = maximumStepSize
    }
}
