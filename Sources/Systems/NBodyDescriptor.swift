import Physics

/// Point masses under Newtonian gravity, launched on near-circular orbits from a ring (the HGN paper's two-body and
/// three-body systems): unit masses, G 1; bodies closer than `min_separation` at any step are rejected.
public struct NBodyDescriptor: SystemDescriptor {
    /// The number of bodies.
    public var bodies: Int
    public var name: String
    public var standardSampling: SamplingSettings
    public var observationNoise: Double
    public var presetSeed: UInt64

    /// A descriptor for `bodies` bodies with its standard preset's sampling, noise and seed.
    public init(bodies: Int, name: String, sampling: SamplingSettings, observationNoise: Double, presetSeed: UInt64) {
        self.bodies = bodies
        self.name = name
        self.standardSampling = sampling
        self.observationNoise = observationNoise
        self.presetSeed = presetSeed
    }

    /// The HGN two-body dataset: ring radius U(0.5, 1.5), orbit noise 0.05, observation noise 0.05.
    public static let twoBody = NBodyDescriptor(
        bodies: 2, name: "two-body",
        sampling: SamplingSettings(radius: 0.5...1.5, orbitNoise: 0.05, minSeparation: 0.1),
        observationNoise: 0.05, presetSeed: 3)

    /// The HGN three-body dataset: ring radius U(0.9, 1.2), orbit noise 0.2, observation noise 0.2.
    public static let threeBody = NBodyDescriptor(
        bodies: 3, name: "three-body",
        sampling: SamplingSettings(radius: 0.9...1.2, orbitNoise: 0.2, minSeparation: 0.1),
        observationNoise: 0.2, presetSeed: 4)

    public var title: String { "\(name) gravity" }
    public var hamiltonian: String { "H = sum |p_i|^2/(2 m_i) - sum_{i<j} G m_i m_j/|q_i - q_j|" }
    public var constants: [ConstantDefinition] {
        [
            ConstantDefinition(
                key: "masses", symbol: "m_i", meaning: "body masses, one per body",
                standard: .list(Array(repeating: 1, count: bodies))),
            ConstantDefinition(
                key: "gravitational_constant", symbol: "G", meaning: "gravitational constant",
                standard: 1),
        ]
    }
    public var bodyCount: Int { bodies }
    public var positionCount: Int { 2 * bodies }
    public var stateNames: [String] {
        let axes = (1...bodies).flatMap { ["\($0)x", "\($0)y"] }
        return axes.map { "q" + $0 } + axes.map { "p" + $0 }
    }
    public var worldHalfWidth: Double { 3 }
    public var groundTruthDriftBound: Double { 1e-6 }

    public func system(_ constants: SystemConstants) throws(InvalidParameterError) -> NBody {
        try NBody.validated(
            masses: constants.list("masses"), gravitationalConstant: constants.number("gravitational_constant"))
    }

    public func sampler(_ sampling: SamplingSettings) throws(InvalidParameterError) -> NBodySampler {
        try NBodySampler.validated(radiusRange: sampling.radius, orbitNoise: sampling.orbitNoise ?? 0)
    }
}

extension NBodyDescriptor {
    /// Two bodies: a Kepler ellipse with `e = 0.5`, `a = 1` from periapsis with the centre of mass at rest (with
    /// `mu = G (m1 + m2) = 2`: separation 0.5, relative speed `sqrt(6)` shared equally), against Kepler's equation.
    /// Three bodies: the figure-eight (``NBody/figureEightState``), against `dopri54` at a tight tolerance; the
    /// datasets' random rings are chaotic, the figure-eight is linearly stable. Other body counts have none.
    public func benchmarkScenarios() throws(AnalyticSolutionError) -> [BenchmarkScenario<NBody>] {
        let system = NBody(masses: Array(repeating: 1, count: bodies))
        let angularMomentum = AngularMomentumObservable(
            total: { system.totalAngularMomentum($0) }, scale: { system.angularMomentumScale($0) })
        switch bodies {
        case 2:
            let half = 6.0.squareRoot() / 2
            let x0 = [-0.25, 0, 0.25, 0, 0, -half, 0, half]
            let orbit = try KeplerOrbit(system: system, initialState: x0)
            return [
                BenchmarkScenario(
                    name: name, title: "two-body Kepler orbit (e = 0.5)", periodName: "orbit", system: system,
                    initialState: x0, period: orbit.period,
                    reference: .analytic(orbit, method: "analytic (Kepler's equation)"),
                    angularMomentum: angularMomentum, sweep: .gravity)
            ]
        case 3:
            return [
                BenchmarkScenario(
                    name: name, title: "three-body figure-eight orbit", system: system,
                    initialState: NBody.figureEightState,
                    period: NBody.figureEightPeriod, reference: .numerical, angularMomentum: angularMomentum,
                    sweep: .gravity)
            ]
        default:
            return []
        }
    }
}
