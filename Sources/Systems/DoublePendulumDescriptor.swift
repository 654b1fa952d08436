import Physics

/// The ideal double pendulum of DeepMind's Hamiltonian Dynamics Suite (`IdealDoublePendulum`): m1 = m2 = 0.5,
/// l1 = l2 = 1, g 3; each pendulum's phase-space radius U(1.3, 2.3), so most trajectories are chaotic; the
/// single pendulum's observation noise, 0.1; the world square of DeepMind's canvas, half-width
/// `2 l_max + sqrt(m_max / π) ≈ 2.4`, so that the outer bob's disc stays in view at full stretch. Not separable:
/// the symplectic integrators take their implicit forms on it.
public struct DoublePendulumDescriptor: SystemDescriptor {
    public init() {}

    public var name: String { "double-pendulum" }
    public var title: String { "double pendulum" }
    public var hamiltonian: String {
        "H = [m2 l2^2 p1^2 + (m1+m2) l1^2 p2^2 - 2 m2 l1 l2 p1 p2 cos(q1-q2)] / [2 m2 l1^2 l2^2 (m1 + m2 sin^2(q1-q2))]"
            + " + (m1+m2) g l1 (1 - cos q1) + m2 g l2 (1 - cos q2)"
    }
    public var constants: [ConstantDefinition] {
        [
            ConstantDefinition(
                key: "masses", symbol: "m_i", meaning: "bob masses, inner then outer",
                standard: [0.5, 0.5]),
            ConstantDefinition(
                key: "lengths", symbol: "l_i", meaning: "rod lengths, inner then outer",
                standard: [1, 1]),
            ConstantDefinition(key: "gravity", symbol: "g", meaning: "gravitational acceleration", standard: 3),
        ]
    }
    public var bodyCount: Int { 2 }
    public var positionCount: Int { 2 }
    public var stateNames: [String] { ["q1", "q2", "p1", "p2"] }
    public var standardSampling: SamplingSettings { SamplingSettings(radius: 1.3...2.3) }
    public var worldHalfWidth: Double { 2 * 1 + (0.5 / Double.pi).squareRoot() }
    public var observationNoise: Double { 0.1 }
    public var presetSeed: UInt64 { 5 }
    /// Measured worst drift over 256 frames at dt 0.125: 1.2e-9 (200 sampled states; `DoublePendulumDynamicsTests`).
    public var groundTruthDriftBound: Double { 1e-8 }

    public func system(_ constants: SystemConstants) throws(InvalidParameterError) -> DoublePendulum {
        let masses = constants.list("masses"), lengths = constants.list("lengths")
        guard masses.count == 2, lengths.count == 2 else {
            throw InvalidParameterError(
                component: name, parameter: masses.count == 2 ? "lengths" : "masses",
                value: "\(masses.count == 2 ? lengths : masses)", requirement: "a list of 2 numbers, inner then outer")
        }
        return try DoublePendulum.validated(
            mass1: masses[0], mass2: masses[1], length1: lengths[0], length2: lengths[1],
            gravity: constants.number("gravity"))
    }

    public func sampler(_ sampling: SamplingSettings) throws(InvalidParameterError) -> DoublePendulumSampler {
        try DoublePendulumSampler.validated(radiusRange: sampling.radius)
    }

    /// The slow nonlinear normal mode from rest at `q = (0.4, 0.542)` (``DoublePendulum/slowModeOrbitState``): a
    /// stable periodic orbit of period 4.80, against `dopri54` at a tight tolerance (there is no closed form). The
    /// sampler's orbits are mostly chaotic and are never used to measure integrators. 100 periods at `T/16 … T/4096`:
    /// the implicit methods cost 5 to 40 gradient evaluations per step.
    public func benchmarkScenarios() throws(AnalyticSolutionError) -> [BenchmarkScenario<DoublePendulum>] {
        [
            BenchmarkScenario(
                name: name, title: "double pendulum, slow normal mode (q0 = (0.4, 0.542), p0 = 0)",
                system: DoublePendulum(), initialState: DoublePendulum.slowModeOrbitState,
                period: DoublePendulum.slowModeOrbitPeriod, reference: .numerical, angleCoordinates: [0, 1],
                sweep: BenchmarkSweep(
                    firstStepsPerPeriod: 16, stepSizeCount: 9, horizonPeriods: 100, plottedStepsPerPeriod: 32))
        ]
    }
}
