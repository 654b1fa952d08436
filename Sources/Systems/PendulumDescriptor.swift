import Physics

/// The pendulum of the HGN paper: m 0.5, l 1, g 3; phase-space radius U(1.3, 2.3) (both libration and rotation
/// occur); observation noise 0.1 (the public replication's level; see docs/reference.md).
public struct PendulumDescriptor: SystemDescriptor {
    public init() {}

    public var name: String { "pendulum" }
    public var title: String { "pendulum" }
    public var hamiltonian: String { "H = p^2/(2 m l^2) + m g l (1 - cos q)" }
    public var constants: [ConstantDefinition] {
        [
            ConstantDefinition(key: "mass", symbol: "m", meaning: "bob mass", standard: 0.5),
            ConstantDefinition(key: "length", symbol: "l", meaning: "rod length", standard: 1),
            ConstantDefinition(key: "gravity", symbol: "g", meaning: "gravitational acceleration", standard: 3),
        ]
    }
    public var bodyCount: Int { 1 }
    public var positionCount: Int { 1 }
    public var stateNames: [String] { ["q", "p"] }
    public var standardSampling: SamplingSettings { SamplingSettings(radius: 1.3...2.3) }
    public var worldHalfWidth: Double { 2 }
    public var observationNoise: Double { 0.1 }
    public var presetSeed: UInt64 { 1 }
    public var groundTruthDriftBound: Double { 1e-8 }

    public func system(_ constants: SystemConstants) throws(InvalidParameterError) -> Pendulum {
        try Pendulum.validated(
            mass: constants.number("mass"), length: constants.number("length"), gravity: constants.number("gravity"))
    }

    public func sampler(_ sampling: SamplingSettings) throws(InvalidParameterError) -> PendulumSampler {
        try PendulumSampler.validated(radiusRange: sampling.radius)
    }
}

extension PendulumDescriptor {
    /// The datasets draw both regimes, so both are benchmarked, against Jacobi's elliptic functions: libration from
    /// `q0 = 1.5` rad (86°) at rest (period 3.98), and rotation from `q0 = 0`, `p0 = 2` (energy 4 above the separatrix's
    /// 3; 2.36 per loop).
    public func benchmarkScenarios() throws(AnalyticSolutionError) -> [BenchmarkScenario<Pendulum>] {
        let pendulum = Pendulum()
        return [
            (name, "pendulum, libration (q0 = 1.5 rad, p0 = 0)", "period", [1.5, 0.0]),
            (name + "-rotation", "pendulum, rotation (q0 = 0, p0 = 2)", "loop", [0.0, 2.0]),
        ].map {
            let solution = PendulumSolution(system: pendulum, initialState: $0.3)
            return BenchmarkScenario(
                name: $0.0, title: $0.1, periodName: $0.2, system: pendulum, initialState: $0.3,
                period: solution.period,
                reference: .analytic(solution, method: "analytic (Jacobi elliptic functions)"),
                angleCoordinates: [0], sweep: .oscillator)
        }
    }
}
