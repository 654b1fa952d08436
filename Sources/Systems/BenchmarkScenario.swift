import Physics

/// A standard orbit of a system on which `hgnbench integrators` compares integrators: a regular (not chaotic)
/// initial state, its period, and a trusted reference solution. Each descriptor vends its scenarios
/// (``SystemDescriptor/benchmarkScenarios()``), so the comparison's list of systems is the registry's.
///
/// The orbit must be regular: on a chaotic one any integration error grows exponentially and its value after many
/// periods says nothing about the integrator (which is why the datasets' own chaotic draws are never used).
public struct BenchmarkScenario<System: HamiltonianSystem>: Sendable {
    /// The scenario's name in tables, files and `hgnbench integrators --systems`: the system's name, or the
    /// system's name and a regime (`pendulum-rotation`).
    public var name: String
    /// One line for tables and plot titles, with the initial condition.
    public var title: String
    /// What one period is called in tables and plots: `period`, `loop`, `orbit`.
    public var periodName: String
    /// The system with its standard constants.
    public let system: System
    /// The standard initial state.
    public var initialState: [Double]
    /// The period (of a swing, a loop or an orbit), in time units.
    public var period: Double
    /// How the trusted solution is obtained.
    public var reference: BenchmarkReference
    /// The state coordinates that are angles, compared modulo `2π`.
    public var angleCoordinates: [Int]
    /// The total angular momentum, for systems that conserve one (`nil` otherwise).
    public var angularMomentum: AngularMomentumObservable?
    /// The step sizes and horizon of the standard study.
    public var sweep: BenchmarkSweep
    /// ``Physics/IntegrationMethod/advance(_:state:stepSize:steps:workspace:)`` on ``system``: arguments method,
    /// state, step size, steps, workspace.
    ///
    /// The study that times integrators learns the system's type only at run time (from the registry), and generic
    /// code run that way is not specialised: its loops call the system through witness tables (measured with
    /// callgrind: 2.1 times the instructions of pendulum leapfrog steps). This closure is made in
    /// ``init(name:title:periodName:system:initialState:period:reference:angleCoordinates:angularMomentum:sweep:)``,
    /// which the descriptor calls with its concrete system, so its loop is compiled for that system in a client
    /// module, exactly as a caller that names the type would get it.
    public let advance:
        @Sendable (IntegrationMethod, inout [Double], Double, Int, inout IntegratorWorkspace)
            throws(IntegrationError) -> Int
    /// ``Physics/DormandPrince54/solve(_:from:at:acceptStep:)`` on ``system`` (arguments solver, initial state,
    /// output times), compiled for it like ``advance``.
    public let solve: @Sendable (DormandPrince54, [Double], [Double]) throws(IntegrationError) -> Trajectory

    /// Creates a scenario.
    public init(
        name: String, title: String, periodName: String = "period", system: System, initialState: [Double],
        period: Double, reference: BenchmarkReference, angleCoordinates: [Int] = [],
        angularMomentum: AngularMomentumObservable? = nil, sweep: BenchmarkSweep
    ) {
        self.name = name
        self.title = title
        self.periodName = periodName
        self.system = system
        self.initialState = initialState
        self.period = period
        self.reference = reference
        self.angleCoordinates = angleCoordinates
        self.angularMomentum = angularMomentum
        self.sweep = sweep
        advance = { method, state, dt, steps, workspace throws(IntegrationError) in
            try method.advance(system, state: &state, stepSize: dt, steps: steps, workspace: &workspace)
        }
        solve = { solver, x0, times throws(IntegrationError) in try solver.solve(system, from: x0, at: times) }
    }

    /// The Euclidean distance between two states in phase space, with the angle coordinates compared modulo `2π`.
    public func stateDistance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "\(name): states of different lengths")
        var sum = 0.0
        for i in 0..<a.count {
            var d = a[i] - b[i]
            if angleCoordinates.contains(i) {
                d -= 2 * Double.pi * (d / (2 * Double.pi)).rounded()
            }
            sum += d * d
        }
        return sum.squareRoot()
    }
}

/// The trusted solution of a ``BenchmarkScenario``.
public enum BenchmarkReference: Sendable {
    /// A closed form: `method` says which (e.g. `analytic (Jacobi elliptic functions)`), `state` gives the state at
    /// any time.
    case analytic(method: String, state: @Sendable (Double) -> [Double])
    /// No closed form: the study runs `dopri54` at a tight tolerance through the times it measures.
    case numerical

    /// The closed form of `solution`, described by `method`.
    public static func analytic<A: AnalyticSolution>(_ solution: A, method: String) -> BenchmarkReference {
        .analytic(method: method, state: { solution.state(at: $0) })
    }
}

/// The total angular momentum of a state and the scale its drift is measured against, for systems that conserve it.
public struct AngularMomentumObservable: Sendable {
    /// The total angular momentum of a state (`2 D` numbers), read from a buffer so that it can be observed after
    /// every step without allocating.
    public var total: @Sendable (UnsafeBufferPointer<Double>) -> Double
    /// A positive scale for its drift: `Σ_i |q_i × p_i|` at a state, positive even when the total vanishes (as for
    /// the figure-eight).
    public var scale: @Sendable ([Double]) -> Double

    /// Creates the observable.
    public init(
        total: @escaping @Sendable (UnsafeBufferPointer<Double>) -> Double,
        scale: @escaping @Sendable ([Double]) -> Double
    ) {
        self.total = total
        self.scale = scale
    }
}

/// The step sizes `T / n` (`n` doubling from ``firstStepsPerPeriod``) and the horizon of a scenario's standard study.
public struct BenchmarkSweep: Sendable, Equatable {
    /// The coarsest step is `T / firstStepsPerPeriod` (a power of two).
    public var firstStepsPerPeriod: Int
    /// How many step sizes, each half the previous.
    public var stepSizeCount: Int
    /// The length of every run, in periods.
    public var horizonPeriods: Int
    /// The sweep entry drawn in the energy-error-vs-time plot.
    public var plottedStepsPerPeriod: Int

    /// Creates a sweep.
    public init(firstStepsPerPeriod: Int, stepSizeCount: Int, horizonPeriods: Int, plottedStepsPerPeriod: Int) {
        self.firstStepsPerPeriod = firstStepsPerPeriod
        self.stepSizeCount = stepSizeCount
        self.horizonPeriods = horizonPeriods
        self.plottedStepsPerPeriod = plottedStepsPerPeriod
    }

    /// Oscillators: 9 step sizes `T/16 … T/4096`, 1,000 periods, the plot at `T/32`.
    public static let oscillator = BenchmarkSweep(
        firstStepsPerPeriod: 16, stepSizeCount: 9, horizonPeriods: 1_000, plottedStepsPerPeriod: 32)
    /// Gravity (close approaches need small steps): 8 step sizes `T/64 … T/8192`, 100 orbits, the plot at `T/128`.
    public static let gravity = BenchmarkSweep(
        firstStepsPerPeriod: 64, stepSizeCount: 8, horizonPeriods: 100, plottedStepsPerPeriod: 128)
}
