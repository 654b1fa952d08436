import Physics
import Systems

/// What one fixed-step run showed when observed after every step.
public struct RunObservation: Sendable, Equatable {
    /// `max |H(t) - H(0)| / |H(0)|` over every step before divergence (`nil` if the very first step diverged).
    public var maxRelativeEnergyError: Double?
    /// The largest relative energy error in each window of the horizon; `nil` for windows after a divergence.
    public var envelope: [Double?]
    /// The state after the step that reaches the error time (`nil` if the run diverged before it).
    public var stateAtErrorTime: [Double]?
    /// The state at the end of the horizon (`nil` if the run diverged).
    public var finalState: [Double]?
    /// The time at which the energy became infinite or NaN, if it did.
    public var divergenceTime: Double?
    /// The first time at which the relative energy error reached ``SecularDriftClassifier/lossThreshold``, if it did.
    public var lossTime: Double?
    /// `max |L(t) - L(0)|` over the run, divided by the system's angular momentum scale (`nil` for systems
    /// without angular momentum).
    public var maxAngularMomentumDrift: Double?
    /// The integrator's error if the run stopped early (an implicit stage that did not converge on a non-separable
    /// system); the windows after it are `nil`, like a divergence's.
    public var failure: String? = nil
}

/// Runs of the fixed-step integrators: observed after every step, or timed uninterrupted.
public enum FixedStepRun {
    /// Integrates `steps` steps of `dt` of `scenario`'s system from `x0` (its standard initial state unless given)
    /// and observes the energy (and angular momentum, if it has one) after each one.
    ///
    /// Each step is one call of the scenario's ``Systems/BenchmarkScenario/advance`` (the stepping loop compiled for
    /// its system) with `steps: 1`. For the splitting methods that reuses no gradient between calls (so it does twice the work of an
    /// uninterrupted leapfrog run), but the arithmetic, and so every state, is bit-for-bit that of an uninterrupted
    /// run; cost is measured by ``timeUninterrupted(_:_:from:stepSize:steps:repeats:minimumRepeatSeconds:)``
    /// instead. If an implicit stage fails (a non-separable system at too large a step), the run stops there and
    /// the failure is recorded.
    ///
    /// - Parameters:
    ///   - errorStep: the step after which ``RunObservation/stateAtErrorTime`` is recorded (1…`steps`).
    ///   - windows: the number of equal windows of the energy envelope.
    /// - Complexity: `steps` integrator steps and energy evaluations; no allocation per step (except the copy at
    ///   the error step).
    public static func observe<S: HamiltonianSystem>(
        _ method: IntegrationMethod, _ scenario: BenchmarkScenario<S>, from start: [Double]? = nil,
        stepSize dt: Double, steps: Int, errorStep: Int, windows: Int
    ) -> RunObservation {
        precondition(method != .dormandPrince54, "dopri54 is adaptive; see DormandPrinceRun")
        let system = scenario.system, angularMomentum = scenario.angularMomentum
        let x0 = start ?? scenario.initialState
        precondition(steps >= 1 && (1...steps).contains(errorStep) && windows >= 1, "invalid run shape")
        let n = system.stateCount
        let initialEnergy = system.energy(x0)
        let energyScale = initialEnergy == 0 ? 1 : abs(initialEnergy)
        var state = x0
        var workspace = IntegratorWorkspace(stateCount: n)
        var envelope = [Double?](repeating: nil, count: windows)
        var worstEnergy: Double? = nil
        var worstAngular: Double? = nil
        var stateAtErrorTime: [Double]? = nil
        var divergenceTime: Double? = nil
        var lossTime: Double? = nil
        var failure: String? = nil
        let initialAngular = angularMomentum.map { observable in x0.withUnsafeBufferPointer { observable.total($0) } }
        let angularScale = angularMomentum.map { observable in observable.scale(x0) > 0 ? observable.scale(x0) : 1 }

        for step in 1...steps {
            do throws(IntegrationError) {
                _ = try scenario.advance(method, &state, dt, 1, &workspace)
            } catch {
                failure = "at t = \(Double(step - 1) * dt): \(error.description)"
                break
            }
            let error = abs(state.withUnsafeBufferPointer { system.energy($0) } - initialEnergy) / energyScale
            guard error.isFinite else {
                divergenceTime = Double(step) * dt
                break
            }
            worstEnergy = max(worstEnergy ?? 0, error)
            if lossTime == nil && error >= SecularDriftClassifier.lossThreshold { lossTime = Double(step) * dt }
            let window = (step - 1) * windows / steps
            envelope[window] = max(envelope[window] ?? 0, error)
            if let angularMomentum, let l0 = initialAngular, let scale = angularScale {
                let l = state.withUnsafeBufferPointer { angularMomentum.total($0) }
                worstAngular = max(worstAngular ?? 0, abs(l - l0) / scale)
            }
            if step == errorStep { stateAtErrorTime = state }
        }
        return RunObservation(
            maxRelativeEnergyError: worstEnergy, envelope: envelope, stateAtErrorTime: stateAtErrorTime,
            finalState: divergenceTime == nil && failure == nil ? state : nil, divergenceTime: divergenceTime,
            lossTime: lossTime, maxAngularMomentumDrift: worstAngular, failure: failure)
    }

    /// The cost of one uninterrupted run of `steps` steps, as the median over `repeats` timed repeats.
    public struct Timing: Sendable, Equatable {
        /// The median wall time of one run, in seconds.
        public var secondsPerRun: Double
        /// The gradient evaluations one run costs (reused gradients counted once, as the integrator reports); 0
        /// when the run failed.
        public var gradientEvaluations: Int
        /// The state at the end of the run.
        public var finalState: [Double]
        /// How many runs each timed repeat made (so that a repeat lasts at least the minimum time).
        public var runsPerRepeat: Int
        /// The integrator's error if the run failed (then nothing is timed and ``secondsPerRun`` is `nan`).
        public var failure: String? = nil
    }

    /// Times `steps` steps of `method` from `x0` (the scenario's standard initial state unless given) through the
    /// scenario's ``Systems/BenchmarkScenario/advance`` (the stepping loop compiled for its system), in one call per
    /// run. One untimed run comes first (warm-up, and calibration: each
    /// repeat then makes enough runs to last `minimumRepeatSeconds`). If it fails (an implicit stage that does not
    /// converge), nothing is timed.
    public static func timeUninterrupted<S: HamiltonianSystem>(
        _ method: IntegrationMethod, _ scenario: BenchmarkScenario<S>, from start: [Double]? = nil,
        stepSize dt: Double, steps: Int, repeats: Int, minimumRepeatSeconds: Double
    ) -> Timing {
        precondition(repeats >= 1, "need at least one repeat")
        let x0 = start ?? scenario.initialState
        let advance = scenario.advance
        var workspace = IntegratorWorkspace(stateCount: x0.count)
        var state = x0
        var evaluations = 0
        var failure: String? = nil
        let warmUp = RepeatedTiming.seconds {
            state = x0
            do throws(IntegrationError) {
                evaluations = try advance(method, &state, dt, steps, &workspace)
            } catch {
                failure = error.description
            }
        }
        let finalState = state
        if let failure {
            return Timing(
                secondsPerRun: .nan, gradientEvaluations: 0, finalState: finalState, runsPerRepeat: 0,
                failure: failure)
        }
        let runs =
            warmUp >= minimumRepeatSeconds
            ? 1
            : min(
                1 << 20,
                Int(
                    (minimumRepeatSeconds / max(warmUp, 1e-9))
                        .rounded(.up)))
        var samples = [Double]()
        for _ in 0..<repeats {
            let seconds = RepeatedTiming.seconds {
                for _ in 0..<runs {
                    state = x0
                    _ = try? advance(method, &state, dt, steps, &workspace)
                    blackHole(state)
                }
            }
            samples.append(seconds / Double(runs))
        }
        return Timing(
            secondsPerRun: RepeatedTiming.median(samples) ?? warmUp, gradientEvaluations: evaluations,
            finalState: finalState, runsPerRepeat: runs)
    }
}
