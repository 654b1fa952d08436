import RealModule
import SeededRandom
import Testing

@testable import Physics

/// The closed-form solutions must satisfy Hamilton's equations on their own, and the ground-truth integrator must
/// reproduce them to 1e-6 (absolute, every state coordinate) over standard (34 frames) and long (256 frames) runs.
@Suite struct AnalyticSolutionTests {
    /// `(x(t + h) - x(t - h)) / 2h` against `f(x(t))`: truncation ~h², rounding ~1e-16 / h, both far below 1e-7.
    func expectSatisfiesHamiltonsEquations<A: AnalyticSolution>(_ solution: A, at times: [Double]) {
        let h = 1e-5
        for t in times {
            let forward = solution.state(at: t + h), backward = solution.state(at: t - h)
            let difference = zip(forward, backward).map { ($0 - $1) / (2 * h) }
            let derivative = solution.system.timeDerivative(solution.state(at: t))
            #expect(maximumDifference(difference, derivative) <= 1e-7, "t = \(t)")
        }
    }

    func expectIntegratorAgrees<A: AnalyticSolution>(_ solution: A, from x0: [Double], frames: Int) throws {
        let trajectory = try DormandPrince54().solve(solution.system, from: x0, frames: frames, frameInterval: 0.125)
        let exact = solution.states(at: trajectory.times)
        #expect(maximumDifference(exact, trajectory.states) <= 1e-6)
    }

    // MARK: Harmonic oscillator

    @Test func harmonicOscillator() throws {
        let system = MassSpring(mass: 0.5, springConstant: 2)
        let x0 = [0.7, -0.4]
        let solution = HarmonicOscillatorSolution(system: system, initialState: x0)
        #expect(solution.state(at: 0) == x0)
        #expect(maximumDifference(solution.state(at: solution.period), x0) <= 1e-14)
        #expect(abs(solution.period - Double.pi) <= 1e-15)  // ω = sqrt(2 / 0.5) = 2
        expectSatisfiesHamiltonsEquations(solution, at: [0, 0.3, 1.9, 7.25])
        try expectIntegratorAgrees(solution, from: x0, frames: 34)
        try expectIntegratorAgrees(solution, from: x0, frames: 256)
    }

    // MARK: Pendulum

    static let librationStates: [[Double]] = [[0.3, 0], [1.3, 0], [-2.0, 0.8], [0.4, -1.2], [3.0, 0.01]]
    static let rotationStates: [[Double]] = [[0, 2.3], [0, -2.3], [2.0, 1.3], [-1.0, -1.9], [9.0, 1.8]]

    @Test(arguments: librationStates)
    func pendulumLibration(x0: [Double]) throws {
        let system = Pendulum()
        let solution = PendulumSolution(system: system, initialState: x0)
        #expect(solution.regime == .libration)
        #expect(maximumDifference(solution.state(at: 0), x0) <= 1e-12)
        // Back where it started after one period (about 4 K(m) / ω0).
        #expect(maximumDifference(solution.state(at: solution.period), x0) <= 1e-10)
        expectSatisfiesHamiltonsEquations(solution, at: [0.1, 1.7, 5.3])
        try expectIntegratorAgrees(solution, from: x0, frames: 34)
        try expectIntegratorAgrees(solution, from: x0, frames: 256)
    }

    @Test(arguments: rotationStates)
    func pendulumRotation(x0: [Double]) throws {
        let system = Pendulum()
        let solution = PendulumSolution(system: system, initialState: x0)
        #expect(solution.regime == .rotation)
        #expect(maximumDifference(solution.state(at: 0), x0) <= 1e-12)
        // One full loop later q has advanced by 2π in the direction of p.
        let looped = solution.state(at: solution.period)
        let turn = x0[1] > 0 ? 2 * Double.pi : -2 * Double.pi
        #expect(abs(looped[0] - (x0[0] + turn)) <= 1e-10)
        #expect(abs(looped[1] - x0[1]) <= 1e-10)
        expectSatisfiesHamiltonsEquations(solution, at: [0.1, 1.7, 5.3])
        try expectIntegratorAgrees(solution, from: x0, frames: 34)
        try expectIntegratorAgrees(solution, from: x0, frames: 256)
    }

    /// The dataset's radius range 1.3…2.3 produces both regimes; each sampled state agrees with the integrator.
    @Test func sampledPendulumStatesCoverBothRegimes() throws {
        var generator = SeededGenerator(seed: 3)
        var regimes: Set<String> = []
        for _ in 0..<24 {
            let x0 = PendulumSampler().initialState(for: Pendulum(), using: &generator)
            let solution = PendulumSolution(system: Pendulum(), initialState: x0)
            regimes.insert(solution.regime.rawValue)
            try expectIntegratorAgrees(solution, from: x0, frames: 34)
        }
        #expect(regimes == ["libration", "rotation"])
    }

    /// Small swings: the period tends to `2π sqrt(l / g)`.
    @Test func pendulumSmallAmplitudePeriod() {
        let system = Pendulum(mass: 1, length: 2, gravity: 9.81)
        let solution = PendulumSolution(system: system, initialState: [1e-4, 0])
        #expect(abs(solution.period - 2 * Double.pi * (2 / 9.81).squareRoot()) <= 1e-8)
        let atRest = PendulumSolution(system: system, initialState: [0, 0])
        #expect(atRest.state(at: 3.7) == [0, 0])
    }

    // MARK: Kepler

    static let keplerCases: [(masses: [Double], state: [Double])] = [
        ([1, 1], [-0.5, 0, 0.5, 0, 0, -0.3, 0, 0.3]),  // e ≈ 0.64, starts at apoapsis
        ([1, 1], [-0.6, 0.2, 0.7, -0.1, 0.2, -0.5, 0.3, 0.55]),  // eccentric, centre of mass drifting
        ([2, 0.5], [0, 0, 1, 0, 0, -0.5, 0, 0.5]),  // unequal masses
        ([1, 1], [-1, 0, 1, 0, 0, -0.5, 0, 0.5]),  // exactly circular: v = sqrt(G m / 4 r)
    ]

    @Test(arguments: 0..<keplerCases.count)
    func keplerOrbit(caseIndex: Int) throws {
        let testCase = Self.keplerCases[caseIndex]
        let system = NBody(masses: testCase.masses)
        let x0 = testCase.state
        let orbit = try KeplerOrbit(system: system, initialState: x0)
        #expect(orbit.eccentricity < 1)
        #expect(maximumDifference(orbit.state(at: 0), x0) <= 1e-12)
        expectSatisfiesHamiltonsEquations(orbit, at: [0.2, 2.9, 11.0])
        // After one period every body is back, displaced only by the centre of mass's drift.
        let drift = orbit.period * system.totalLinearMomentum(x0) / system.masses.reduce(0, +)
        let returned = orbit.state(at: orbit.period)
        for body in 0..<2 {
            #expect(abs(returned[2 * body] - x0[2 * body] - drift.x) <= 1e-10)
            #expect(abs(returned[2 * body + 1] - x0[2 * body + 1] - drift.y) <= 1e-10)
        }
        #expect(maximumDifference(Array(returned[4...]), Array(x0[4...])) <= 1e-10)
        try expectIntegratorAgrees(orbit, from: x0, frames: 34)
        try expectIntegratorAgrees(orbit, from: x0, frames: 256)
    }

    @Test func circularOrbitIsRecognised() throws {
        let orbit = try KeplerOrbit(system: .twoBody, initialState: Self.keplerCases[3].state)
        #expect(orbit.eccentricity <= 1e-15)
        #expect(abs(orbit.semiMajorAxis - 2) <= 1e-14)
        #expect(abs(orbit.period - 2 * Double.pi * (8.0 / 2).squareRoot()) <= 1e-12)  // 2π sqrt(a³ / G M)
    }

    @Test(arguments: [0.0, 0.1, 0.5, 0.9, 0.99])
    func keplerEquation(eccentricity: Double) {
        for meanAnomaly in stride(from: -20.0, through: 20.0, by: 0.77) {
            let anomaly = KeplerOrbit.eccentricAnomaly(meanAnomaly: meanAnomaly, eccentricity: eccentricity)
            #expect(abs(anomaly - eccentricity * Double.sin(anomaly) - meanAnomaly) <= 1e-13)
        }
    }

    @Test func unboundOrbitsAreRejected() {
        #expect(throws: AnalyticSolutionError.unboundOrbit(relativeEnergy: 1)) {
            try KeplerOrbit(system: .twoBody, initialState: [-1, 0, 1, 0, 0, -1, 0, 1])
        }
        #expect(throws: AnalyticSolutionError.nonFiniteInitialState) {
            try KeplerOrbit(system: .twoBody, initialState: [.nan, 0, 1, 0, 0, -1, 0, 1])
        }
    }
}
