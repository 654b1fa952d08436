import SeededRandom

extension InitialStateSampler {
    /// Draws an initial state and integrates it with the ground-truth solver: one dataset trajectory.
    ///
    /// If the integration fails (in practice only a near-collision of gravitating bodies), a new initial state is
    /// drawn from the same generator and integrated instead, up to `maximumAttempts` draws in all. Because every
    /// draw comes from `generator`, the result (including which draws were rejected) is a pure function of the
    /// generator's state: a trajectory seeded by
    /// ``SeededGenerator/trajectorySeed(datasetSeed:stream:index:)`` is reproducible alone. The generator is left
    /// just after the last draw, ready for later per-trajectory randomness such as observation noise.
    ///
    /// - Returns: the trajectory (frame 0 is the accepted initial state) and how many draws it took.
    /// - Throws: the last draw's ``IntegrationError`` if all `maximumAttempts` draws failed.
    @inlinable
    public func groundTruthTrajectory<R: RandomNumberGenerator>(
        for system: System, using generator: inout R, frames: Int, frameInterval: Double,
        solver: DormandPrince54 = DormandPrince54(), maximumAttempts: Int = 8
    ) throws(IntegrationError) -> (trajectory: Trajectory, attempts: Int) {
        precondition(maximumAttempts >= 1, "maximumAttempts must be at least 1")
        var attempt = 1
        while true {
            let x0 = initialState(for: system, using: &generator)
            do {
                let trajectory = try solver.solve(system, from: x0, frames: frames, frameInterval: frameInterval)
                return (trajectory, attempt)
            } catch {
                if attempt == maximumAttempts { throw error }
                attempt += 1
            }
        }
    }
}
