import Physics
import Systems

/// Runs of the adaptive ``DormandPrince54`` reference rows: observed at evenly spaced output times, and timed.
public enum DormandPrinceRun {
    /// One observed and timed `dopri54` run.
    public struct Outcome: Sendable {
        /// The energy and angular momentum, observed at the output times only.
        public var observation: RunObservation
        /// The solver's cost over the horizon.
        public var statistics: IntegrationStatistics
        /// The median wall time of a whole solve, in seconds.
        public var secondsPerRun: Double
        /// The error, when the solver failed.
        public var failure: String?
    }

    /// Solves through the `outputs` output times `spacing, 2 spacing, …` (after time 0), observing the energy at
    /// each; the state at output `errorOutput` is kept. The solve is then repeated `repeats` times for timing.
    ///
    /// The solves go through the scenario's ``Systems/BenchmarkScenario/solve`` (the solver loop compiled for its
    /// system), from its standard initial state; the angular momentum is watched if it has one.
    ///
    /// - Complexity: `repeats + 1` solves; memory for `outputs + 1` states.
    public static func run<S: HamiltonianSystem>(
        _ scenario: BenchmarkScenario<S>, relativeTolerance: Double, spacing: Double, outputs: Int, errorOutput: Int,
        windows: Int, repeats: Int
    ) -> Outcome {
        let system = scenario.system, x0 = scenario.initialState, angularMomentum = scenario.angularMomentum
        let solve = scenario.solve
        precondition(outputs >= 1 && (1...outputs).contains(errorOutput) && windows >= 1 && repeats >= 1)
        let solver = DormandPrince54(
            relativeTolerance: relativeTolerance, absoluteTolerance: relativeTolerance / 10,
            maxSteps: 200_000_000)
        let times = (0...outputs).map { Double($0) * spacing }
        let trajectory: Trajectory
        do {
            trajectory = try solve(solver, x0, times)
        } catch {
            return Outcome(
                observation: RunObservation(
                    maxRelativeEnergyError: nil, envelope: Array(repeating: nil, count: windows),
                    stateAtErrorTime: nil, finalState: nil, divergenceTime: nil,
                    lossTime: nil, maxAngularMomentumDrift: nil),
                statistics: IntegrationStatistics(), secondsPerRun: .nan, failure: error.description)
        }
        let initialEnergy = system.energy(x0)
        let energyScale = initialEnergy == 0 ? 1 : abs(initialEnergy)
        let initialAngular = angularMomentum.map { observable in x0.withUnsafeBufferPointer { observable.total($0) } }
        let angularScale = angularMomentum.map { observable in observable.scale(x0) > 0 ? observable.scale(x0) : 1 }
        var envelope = [Double?](repeating: nil, count: windows)
        var worstEnergy = 0.0
        var worstAngular: Double? = nil
        var lossTime: Double? = nil
        for output in 1...outputs {
            let error = abs(trajectory.energies[output] - initialEnergy) / energyScale
            worstEnergy = max(worstEnergy, error)
            if lossTime == nil && error >= SecularDriftClassifier.lossThreshold { lossTime = times[output] }
            let window = (output - 1) * windows / outputs
            envelope[window] = max(envelope[window] ?? 0, error)
            if let angularMomentum, let l0 = initialAngular, let scale = angularScale {
                let l = trajectory.state(at: output).withUnsafeBufferPointer { angularMomentum.total($0) }
                worstAngular = max(worstAngular ?? 0, abs(l - l0) / scale)
            }
        }
        var samples = [Double]()
        for _ in 0..<repeats {
            samples.append(RepeatedTiming.seconds { blackHole(try? solve(solver, x0, times)) })
        }
        return Outcome(
            observation: RunObservation(
                maxRelativeEnergyError: worstEnergy, envelope: envelope,
                stateAtErrorTime: trajectory.state(at: errorOutput), finalState: trajectory.state(at: outputs),
                divergenceTime: nil, lossTime: lossTime, maxAngularMomentumDrift: worstAngular),
            statistics: trajectory.statistics, secondsPerRun: RepeatedTiming.median(samples) ?? .nan, failure: nil)
    }
}
