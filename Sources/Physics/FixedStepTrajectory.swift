extension Integrator {
    /// Integrates `system` from `x0` with fixed steps and records `frames` states `frameInterval` apart, taking
    /// `substeps` equal steps per frame interval (frame 0 is `x0` itself).
    ///
    /// The recorded derivatives and energies are exact evaluations at the recorded states; they are not counted in
    /// the statistics, which hold the integration's own cost (`(frames - 1) × substeps` steps).
    ///
    /// - Throws: as ``advance(_:state:stepSize:steps:scratch:)`` (only an implicit method on a non-separable system).
    /// - Complexity: allocates the outputs and one workspace; nothing per step.
    @inlinable
    public func trajectory<S: HamiltonianSystem>(
        _ system: S, from x0: [Double], frames: Int, frameInterval: Double, substeps: Int = 1
    ) throws(IntegrationError) -> Trajectory {
        precondition(
            x0.count == system.stateCount,
            "\(system.name): a state has \(system.stateCount) numbers, got \(x0.count)")
        precondition(frames >= 1 && substeps >= 1, "need at least one frame and one substep per frame")
        let n = system.stateCount
        let dt = frameInterval / Double(substeps)
        var workspace = IntegratorWorkspace(stateCount: n)
        var state = x0
        var states = [Double](), derivatives = [Double](), energies = [Double]()
        states.reserveCapacity(frames * n)
        derivatives.reserveCapacity(frames * n)
        energies.reserveCapacity(frames)
        var statistics = IntegrationStatistics()
        for frame in 0..<frames {
            if frame > 0 {
                statistics.gradientEvaluations += try advance(
                    system, state: &state, stepSize: dt, steps: substeps, workspace: &workspace)
                statistics.acceptedSteps += substeps
            }
            states.append(contentsOf: state)
            derivatives.append(contentsOf: system.timeDerivative(state))
            energies.append(system.energy(state))
        }
        if frames > 1 {
            statistics.minimumStepSize = dt
            statistics.maximumStepSize = dt
        }
        return Trajectory(
            stateCount: n, times: (0..<frames).map { Double($0) * frameInterval }, states: states,
            derivatives: derivatives, energies: energies, statistics: statistics)
    }
}
