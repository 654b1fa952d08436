/// Why an adaptive integration stopped before reaching the last requested time.
public enum IntegrationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The state or its time derivative became infinite or NaN at `time` (or was so at the start), for example
    /// because two gravitating bodies collided.
    case nonFiniteState(time: Double)
    /// The step size needed to meet the tolerances fell to `stepSize` at `time`, too small to advance the clock.
    case stepSizeUnderflow(time: Double, stepSize: Double)
    /// `limit` steps (accepted plus rejected) were taken and the integration had only reached `time`.
    case tooManySteps(time: Double, limit: Int)
    /// The requested output times are unusable.
    case invalidTimes(reason: String)
    /// The caller's step observer asked to stop at `time` (see ``DormandPrince54/solve(_:from:at:acceptStep:)``).
    case stoppedByObserver(time: Double)
    /// An implicit stage of a symplectic integrator's generalised (non-separable) form did not converge: after
    /// `iterations` fixed-point updates (see ``FixedPointIteration``) its last change was `correction`. `step` steps of
    /// the call had been completed; the state is left after them.
    case fixedPointDidNotConverge(integrator: String, step: Int, stepSize: Double, iterations: Int, correction: Double)

    public var description: String {
        switch self {
        case .nonFiniteState(let time):
            "the state became infinite or NaN at t = \(time) (a collision or a singular initial state?); "
                + "check the initial condition or reject this sample"
        case .stepSizeUnderflow(let time, let stepSize):
            "the step size fell to \(stepSize) at t = \(time) (a near-singular encounter?); "
                + "loosen the tolerances or reject this sample"
        case .tooManySteps(let time, let limit):
            "gave up after \(limit) steps at t = \(time); raise maxSteps, loosen the tolerances, "
                + "or shorten the time span"
        case .invalidTimes(let reason):
            "invalid output times: \(reason)"
        case .stoppedByObserver(let time):
            "stopped by the step observer at t = \(time)"
        case .fixedPointDidNotConverge(let integrator, let step, let stepSize, let iterations, let correction):
            "the implicit stage of \(integrator) did not converge in \(iterations) fixed-point iterations (last "
                + "change \(correction)) in step \(step + 1) of size \(stepSize); take smaller steps or use dopri54"
        }
    }
}
