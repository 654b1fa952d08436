import Physics

/// The mass-spring of the HGN paper: m 0.5, k 2; radius U(0.1, 1.0) on an energy level (momentum scaled by
/// sqrt(k m), as in DeepMind's suite); observation noise 0.1.
public struct MassSpringDescriptor: SystemDescriptor {
    public init() {}

    public var name: String { "mass-spring" }
    public var title: String { "mass-spring" }
    public var hamiltonian: String { "H = p^2/(2m) + k q^2/2" }
    public var constants: [ConstantDefinition] {
        [
            ConstantDefinition(key: "mass", symbol: "m", meaning: "mass", standard: 0.5),
            ConstantDefinition(key: "spring_constant", symbol: "k", meaning: "spring constant", standard: 2),
        ]
    }
    public var bodyCount: Int { 1 }
    public var positionCount: Int { 1 }
    public var stateNames: [String] { ["q", "p"] }
    public var standardSampling: SamplingSettings { SamplingSettings(radius: 0.1...1.0) }
    public var worldHalfWidth: Double { 2 }
    public var observationNoise: Double { 0.1 }
    public var presetSeed: UInt64 { 2 }
    public var groundTruthDriftBound: Double { 1e-8 }

    public func system(_ constants: SystemConstants) throws(InvalidParameterError) -> MassSpring {
        try MassSpring.validated(mass: constants.number("mass"), springConstant: constants.number("spring_constant"))
    }

    public func sampler(_ sampling: SamplingSettings) throws(InvalidParameterError) -> MassSpringSampler {
        try MassSpringSampler.validated(radiusRange: sampling.radius)
    }
}

extension MassSpringDescriptor {
    /// From `(q, p) = (0.6, 0.8)`, the unit circle in phase space (period π), against the closed form.
    public func benchmarkScenarios() throws(AnalyticSolutionError) -> [BenchmarkScenario<MassSpring>] {
        let spring = MassSpring()
        let x0 = [0.6, 0.8]
        let solution = HarmonicOscillatorSolution(system: spring, initialState: x0)
        return [
            BenchmarkScenario(
                name: name, title: "mass-spring (q0 = 0.6, p0 = 0.8)", system: spring, initialState: x0,
                period: solution.period, reference: .analytic(solution, method: "analytic (closed form)"),
                sweep: .oscillator)
        ]
    }
}
