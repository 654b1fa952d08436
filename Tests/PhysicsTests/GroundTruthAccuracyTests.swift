import Testing

@testable import Physics

/// The ground-truth contract of ``DormandPrince54`` at its default tolerances, on states drawn by the dataset
/// samplers: relative energy drift below 1e-8 (pendulum, mass-spring) and 1e-6 (two- and three-body) over the
/// standard 34 frames at dt 0.125 and over 256 frames.
@Suite struct GroundTruthAccuracyTests {
    static let thresholds: [(TestSystem, Double)] = [
        (.pendulum, 1e-8), (.massSpring, 1e-8), (.twoBody, 1e-6), (.threeBody, 1e-6), (.unequalThreeBody, 1e-6),
    ]

    @Test(arguments: thresholds, [34, 256])
    func energyDriftStaysBelowThreshold(_ testCase: (TestSystem, Double), frames: Int) throws {
        let (testSystem, threshold) = testCase
        let samples = frames == 34 ? 16 : 6
        var worst = 0.0
        for seed in 1...UInt64(samples) {
            let x0 = testSystem.sampledState(seed: seed)
            let trajectory = try DormandPrince54().solve(
                testSystem.system, from: x0, frames: frames, frameInterval: 0.125)
            worst = max(worst, trajectory.relativeEnergyDrift)
        }
        #expect(worst < threshold, "\(testSystem), \(frames) frames: worst relative drift \(worst)")
    }

    /// Frames land exactly on the requested times, and every recorded derivative and energy is the system's own
    /// evaluation at the recorded state (not an interpolation).
    @Test(arguments: TestSystem.allCases)
    func recordsExactTimesDerivativesAndEnergies(_ testSystem: TestSystem) throws {
        let system = testSystem.system
        let x0 = testSystem.sampledState(seed: 5)
        let times = [0.0, 0.125, 0.2, 0.2, 1.0, 3.3]
        let trajectory = try DormandPrince54().solve(system, from: x0, at: times)
        #expect(trajectory.times == times)
        #expect(trajectory.frameCount == times.count)
        #expect(trajectory.state(at: 0) == x0)
        #expect(trajectory.state(at: 2) == trajectory.state(at: 3))
        for frame in 0..<times.count {
            let state = trajectory.state(at: frame)
            #expect(trajectory.derivative(at: frame) == system.timeDerivative(state))
            #expect(trajectory.energies[frame] == system.energy(state))
        }
    }

    /// FSAL bookkeeping: six evaluations per attempted step, plus the first derivative and the starting-step probe.
    @Test func statisticsAreConsistent() throws {
        let trajectory = try DormandPrince54().solve(Pendulum(), from: [1, 0.5], frames: 34, frameInterval: 0.125)
        let statistics = trajectory.statistics
        #expect(statistics.gradientEvaluations == 6 * (statistics.acceptedSteps + statistics.rejectedSteps) + 2)
        #expect(statistics.acceptedSteps >= 33)
        #expect(statistics.minimumStepSize > 0 && statistics.minimumStepSize <= statistics.maximumStepSize)
        #expect(statistics.maximumStepSize <= 0.125)
    }

    /// Tighter tolerances buy accuracy: the error against the exact pendulum shrinks.
    @Test func tolerancesControlTheError() throws {
        let x0 = [1.9, 0.4]
        let exact = PendulumSolution(system: Pendulum(), initialState: x0).states(at: frameTimes(34))
        var errors: [Double] = []
        for tolerance in [1e-6, 1e-8, 1e-10] {
            let solver = DormandPrince54(relativeTolerance: tolerance, absoluteTolerance: tolerance)
            let trajectory = try solver.solve(Pendulum(), from: x0, frames: 34, frameInterval: 0.125)
            errors.append(maximumDifference(exact, trajectory.states))
        }
        #expect(errors[1] < errors[0] / 10 && errors[2] < errors[1] / 10, "errors \(errors)")
    }

    @Test func invalidRequestsThrowTypedErrors() {
        let solver = DormandPrince54()
        #expect(throws: IntegrationError.self) { try solver.solve(Pendulum(), from: [0, 1], at: []) }
        #expect(throws: IntegrationError.self) { try solver.solve(Pendulum(), from: [0, 1], at: [0, 1, 0.5]) }
        #expect(throws: IntegrationError.self) { try solver.solve(Pendulum(), from: [0, 1], at: [0, .nan]) }
        #expect(throws: IntegrationError.nonFiniteState(time: 0)) {
            try solver.solve(Pendulum(), from: [.infinity, 1], at: [0, 1])
        }
        do {
            _ = try DormandPrince54(maxSteps: 5).solve(MassSpring(), from: [1, 0], frames: 10, frameInterval: 0.125)
            Issue.record("five steps were enough for 1.125 time units")
        } catch {
            guard case .tooManySteps(_, let limit) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(limit == 5)
        }
    }

    /// A head-on collision of two bodies is a true singularity: the solver must stop with a typed error, not trap
    /// or loop forever.
    @Test func collisionStopsWithAnError() {
        // At rest a distance 1 apart: radial free fall under μ = G (m1 + m2) = 2 ends at t = (π/2) sqrt(1 / (2μ)).
        let x0: [Double] = [-0.5, 0, 0.5, 0, 0, 0, 0, 0]
        let collisionTime = Double.pi / 4
        do {
            _ = try DormandPrince54().solve(NBody.twoBody, from: x0, frames: 10, frameInterval: 0.125)
            Issue.record("integrating through a collision succeeded")
        } catch {
            switch error {
            case .nonFiniteState(let time), .stepSizeUnderflow(let time, _), .tooManySteps(let time, _):
                #expect(abs(time - collisionTime) < 1e-3, "\(error)")
            case .invalidTimes, .stoppedByObserver, .fixedPointDidNotConverge:
                Issue.record("unexpected \(error)")
            }
            #expect(!error.description.isEmpty)
        }
    }

    @Test("a step observer sees every accepted step and can stop before a collision")
    func stepObserverStopsBeforeCollision() {
        // The same radial free fall: the observer stops it when the bodies are 0.2 apart, well before t = pi/4.
        let x0: [Double] = [-0.5, 0, 0.5, 0, 0, 0, 0, 0]
        var observedTimes: [Double] = []
        do {
            _ = try DormandPrince54().solve(NBody.twoBody, from: x0, frames: 10, frameInterval: 0.125) { x, t in
                observedTimes.append(t)
                return x[2] - x[0] >= 0.2
            }
            Issue.record("the observer did not stop the integration")
        } catch {
            guard case .stoppedByObserver(let time) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(time < Double.pi / 4)
            #expect(time == observedTimes.last)
            #expect(observedTimes.count > 3)
            #expect(zip(observedTimes, observedTimes.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    /// A single requested time returns the initial state without stepping.
    @Test func singleTimeIsTheInitialState() throws {
        let trajectory = try DormandPrince54().solve(MassSpring(), from: [0.3, 0.1], at: [2])
        #expect(trajectory.states == [0.3, 0.1])
        #expect(trajectory.statistics.acceptedSteps == 0)
    }
}
