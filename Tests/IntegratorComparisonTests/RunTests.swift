import Foundation
import Physics
import Systems
import Testing

@testable import IntegratorComparison

/// Observed and timed runs, references and angular momentum.
@Suite struct RunTests {
    /// Observing after every step must not change the arithmetic: the state is bit-for-bit that of one
    /// uninterrupted `advance` call (which is what is timed and what counts gradient evaluations).
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func observedRunMatchesUninterruptedRunExactly(_ method: IntegrationMethod) throws {
        let scenario = try Scenarios.twoBody()
        let dt = scenario.period / 128, steps = 300
        let observed = FixedStepRun.observe(
            method, scenario, stepSize: dt,
            steps: steps, errorStep: 100, windows: 7)
        let timed = FixedStepRun.timeUninterrupted(
            method, scenario, stepSize: dt,
            steps: steps, repeats: 1, minimumRepeatSeconds: 0)
        #expect(observed.finalState == timed.finalState)
        let integrator = try #require(method.fixedStepIntegrator)
        let reuses = method == .leapfrog || method == .yoshida4
        #expect(timed.gradientEvaluations == steps * integrator.gradientEvaluationsPerStep + (reuses ? 1 : 0))
        #expect(observed.envelope.allSatisfy { $0 != nil } && observed.divergenceTime == nil)
        #expect(observed.stateAtErrorTime != nil)
    }

    @Test func overflowIsReportedAsDivergence() throws {
        let spring = try Scenarios.massSpring()
        // Euler multiplies the energy by 1 + (ω dt)² = 401 per step: it overflows after about 120 steps.
        let run = FixedStepRun.observe(
            .euler, spring, from: [0.6, 0.8], stepSize: 10, steps: 1_000, errorStep: 500,
            windows: 10)
        let time = try #require(run.divergenceTime)
        #expect(time > 100 && time < 2_000)
        #expect(run.lossTime == 10, "the first step already multiplies the energy by 401")
        #expect(run.finalState == nil && run.stateAtErrorTime == nil)
        #expect(run.envelope.first! != nil && run.envelope.last! == nil)
        let verdict = SecularDriftClassifier.assess(
            windowMidpoints: (0..<10).map(Double.init), envelope: run.envelope,
            horizon: 10_000)
        #expect(verdict.behaviour == .diverged)
    }

    /// Splitting methods conserve angular momentum to rounding; Euler and RK4 do not.
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func angularMomentumDriftOnTheKeplerOrbit(_ method: IntegrationMethod) throws {
        let scenario = try Scenarios.twoBody()
        let run = FixedStepRun.observe(
            method, scenario, stepSize: scenario.period / 256, steps: 512, errorStep: 512,
            windows: 2)
        let drift = try #require(run.maxAngularMomentumDrift)
        if try #require(method.fixedStepIntegrator).isSymplectic {
            #expect(drift <= 1e-13, "\(method): \(drift)")
        } else {
            #expect(drift >= 1e-9, "\(method): \(drift)")
        }
    }

    @Test func bufferAngularMomentumMatchesPhysics() {
        let system = NBody(masses: [1, 2, 0.5])
        let x: [Double] = [0.3, -1, 1.2, 0.4, -0.7, 0.2, 0.5, 0.1, -0.4, 0.9, 0.3, -0.2]
        let fromBuffer = x.withUnsafeBufferPointer { system.totalAngularMomentum($0) }
        #expect(fromBuffer == system.totalAngularMomentum(x))
        #expect(system.angularMomentumScale(x) >= abs(system.totalAngularMomentum(x)))
    }

    /// The figure-eight initial state is (to the 8 digits known) periodic, and the tight dopri54 reference agrees
    /// with its looser twin to well below the fixed-step errors it judges.
    @Test func figureEightReferenceIsPeriodicAndAccurate() throws {
        let scenario = try Scenarios.threeBody()
        let reference = try ReferenceSolution(scenario, times: [scenario.period])
        let afterOnePeriod = reference.state(at: scenario.period)
        #expect(scenario.stateDistance(afterOnePeriod, scenario.initialState) <= 1e-6)
        #expect(reference.uncertainty(at: scenario.period) <= 1e-10)
        #expect(reference.state(at: 0) == scenario.initialState)
        #expect(abs(scenario.system.totalAngularMomentum(scenario.initialState)) <= 1e-8, "the figure-eight has L = 0")
    }

    @Test func scenariosStartOnTheirReferences() throws {
        let pendulum = try Scenarios.pendulum(), rotation = try Scenarios.pendulum(rotation: true)
        let spring = try Scenarios.massSpring(), kepler = try Scenarios.twoBody()
        let springReference = try ReferenceSolution(spring, times: []),
            keplerReference = try ReferenceSolution(kepler, times: [])
        #expect(pendulum.system.energy(pendulum.initialState) < pendulum.system.separatrixEnergy)
        #expect(rotation.system.energy(rotation.initialState) > rotation.system.separatrixEnergy)
        #expect(spring.stateDistance(springReference.state(at: 0), spring.initialState) <= 1e-15)
        #expect(kepler.stateDistance(keplerReference.state(at: 0), kepler.initialState) <= 1e-14)
        #expect(abs(spring.period - Double.pi) <= 1e-15)
        #expect(abs(kepler.period - 2 * Double.pi / 2.0.squareRoot()) <= 1e-12, "a = 1, mu = 2")
        // Angles are compared modulo 2π.
        #expect(abs(pendulum.stateDistance([0.1, 0], [0.1 + 4 * Double.pi, 0])) <= 1e-14)
    }

    @Test func plansAreValidated() {
        var plan = SystemPlan.standard(for: .named("pendulum"))
        #expect(throws: Never.self) { try plan.validate() }
        plan.stepsPerPeriod = [16, 48]
        #expect(throws: ComparisonError.self) { try plan.validate() }
        plan = SystemPlan.standard(for: .named("pendulum"))
        plan.errorTimePeriods = 1.3
        #expect(throws: ComparisonError.self) { try plan.validate() }
        #expect(throws: ComparisonError.unknownSystem(name: "moon", known: BenchmarkSystem.allCases.map(\.rawValue))) {
            try BenchmarkSystem(name: "moon")
        }
        #expect(ComparisonError.unknownSystem(name: "moon", known: ["a", "b"]).description.contains("a, b"))
        #expect(RepeatedTiming.median([3, 1, 2]) == 2 && RepeatedTiming.median([4, 1, 2, 3]) == 2.5)
        #expect(RepeatedTiming.median([]) == nil)
    }
}
