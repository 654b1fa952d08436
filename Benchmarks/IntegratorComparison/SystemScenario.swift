import Physics

/// One system set up for the study: the system, its standard initial state, its period and its reference.
public struct SystemScenario<S: ObservedSystem>: Sendable {
    /// Which benchmark system this is.
    public var key: BenchmarkSystem
    /// The physical system.
    public var system: S
    /// The standard initial state.
    public var initialState: [Double]
    /// The period (of a swing, a loop or an orbit) in time units.
    public var period: Double
    /// The reference solution.
    public var reference: ReferenceSolution

    /// Creates a scenario.
    public init(key: BenchmarkSystem, system: S, initialState: [Double], period: Double,
                reference: ReferenceSolution) {
        self.key = key
        self.system = system
        self.initialState = initialState
        self.period = period
        self.reference = reference
    }
}

extension SystemScenario where S == Pendulum {
    /// The pendulum with the HGN constants, in libration from `(1.5, 0)` or in rotation from `(0, 2)`, against
    /// ``PendulumSolution``.
    public static func pendulum(rotation: Bool = false) -> SystemScenario<Pendulum> {
        let pendulum = Pendulum()
        let x0: [Double] = rotation ? [0, 2] : [1.5, 0]
        let solution = PendulumSolution(system: pendulum, initialState: x0)
        return SystemScenario(
            key: rotation ? .pendulumRotation : .pendulum, system: pendulum, initialState: x0,
            period: solution.period,
            reference: ReferenceSolution(analytic: solution, method: "analytic (Jacobi elliptic functions)"))
    }
}

extension SystemScenario where S == MassSpring {
    /// The mass-spring with the HGN constants from `(0.6, 0.8)`, against ``HarmonicOscillatorSolution``.
    public static func massSpring() -> SystemScenario<MassSpring> {
        let spring = MassSpring()
        let x0 = [0.6, 0.8]
        let solution = HarmonicOscillatorSolution(system: spring, initialState: x0)
        return SystemScenario(key: .massSpring, system: spring, initialState: x0, period: solution.period,
                              reference: ReferenceSolution(analytic: solution, method: "analytic (closed form)"))
    }
}

extension SystemScenario where S == NBody {
    /// Two unit masses (G = 1) on a Kepler ellipse with `e = 0.5`, `a = 1`, starting at periapsis with the centre
    /// of mass at rest at the origin, against ``KeplerOrbit``.
    ///
    /// With `mu = G (m1 + m2) = 2`: separation `a (1 - e) = 0.5`, relative speed `sqrt(mu (1 + e) / (a (1 - e)))`
    /// `= sqrt(6)`, shared equally by the two bodies.
    public static func twoBody() throws(ComparisonError) -> SystemScenario<NBody> {
        let system = NBody.twoBody
        let half = 6.0.squareRoot() / 2
        let x0 = [-0.25, 0, 0.25, 0, 0, -half, 0, half]
        let orbit: KeplerOrbit
        do { orbit = try KeplerOrbit(system: system, initialState: x0) } catch {
            throw .referenceFailed(system: "two-body", reason: error.description)
        }
        return SystemScenario(key: .twoBody, system: system, initialState: x0, period: orbit.period,
                              reference: ReferenceSolution(analytic: orbit, method: "analytic (Kepler's equation)"))
    }

    /// Three unit masses (G = 1) on the figure-eight orbit, against `dopri54` at rtol 1e-13 solved through the
    /// times `plan` measures errors at (its error time and horizon).
    public static func threeBody(plan: SystemPlan) throws(ComparisonError) -> SystemScenario<NBody> {
        let system = NBody.threeBody
        let x0 = BenchmarkSystem.figureEightState
        let period = BenchmarkSystem.figureEightPeriod
        let times = [plan.errorTimePeriods * period, Double(plan.horizonPeriods) * period]
        return SystemScenario(key: .threeBody, system: system, initialState: x0, period: period,
                              reference: try ReferenceSolution(numerical: system, from: x0, times: times))
    }
}
