import Systems

/// How one system is studied: the step sweep, the horizon, where the global error is taken, and the
/// `dopri54` reference rows.
///
/// Step sizes are `T / n` for each `n` in ``stepsPerPeriod`` (powers of two, so that the horizon and the error
/// time are whole numbers of steps, and the sweep halves the step exactly).
///
/// The global error is taken at 1.25 periods, deliberately not at a whole period: when the exact orbit returns to
/// its start, error terms can cancel. Symplectic Euler is leapfrog seen through a half kick, `O(dt)` away; that
/// `O(dt)` offset is the same at the start and after a whole period, so its first-order error vanishes there and
/// it measured order 2.0 at t = T on every oscillator.
public struct SystemPlan: Sendable, Equatable, Codable {
    /// The system.
    public var system: BenchmarkSystem
    /// The sweep: steps per period, each twice the previous.
    public var stepsPerPeriod: [Int]
    /// The length of every run, in periods.
    public var horizonPeriods: Int
    /// When the global error is measured, in periods (`errorTimePeriods × n` must be whole for every `n`).
    public var errorTimePeriods: Double
    /// The sweep entry drawn in the energy-error-vs-time plot.
    public var plottedStepsPerPeriod: Int
    /// Relative tolerances of the adaptive `dopri54` reference rows (absolute tolerance one tenth of each).
    public var dormandPrinceTolerances: [Double]
    /// How many `dopri54` output states per period are checked for the energy error (its maximum is taken over
    /// these samples only); a power of two, so that the error time is an output time exactly.
    public var dormandPrinceSamplesPerPeriod: Int

    /// Creates a plan.
    public init(
        system: BenchmarkSystem, stepsPerPeriod: [Int], horizonPeriods: Int, errorTimePeriods: Double = 1.25,
        plottedStepsPerPeriod: Int, dormandPrinceTolerances: [Double] = [1e-5, 1e-7, 1e-9, 1e-11],
        dormandPrinceSamplesPerPeriod: Int = 8
    ) {
        self.system = system
        self.stepsPerPeriod = stepsPerPeriod
        self.horizonPeriods = horizonPeriods
        self.errorTimePeriods = errorTimePeriods
        self.plottedStepsPerPeriod = plottedStepsPerPeriod
        self.dormandPrinceTolerances = dormandPrinceTolerances
        self.dormandPrinceSamplesPerPeriod = dormandPrinceSamplesPerPeriod
    }

    /// `count` powers of two from `first` (which must be one).
    public static func sweep(from first: Int, count: Int) -> [Int] {
        (0..<count).map { first << $0 }
    }

    /// The standard plan of a system: the step sweep, horizon and plotted step of its scenario's
    /// ``Systems/BenchmarkSweep`` (oscillators: 9 step sizes `T/16 … T/4096` over 1,000 periods; gravity: 8 sizes
    /// `T/64 … T/8192` over 100 orbits or periods; the double pendulum: `T/16 … T/4096` over 100 periods); global
    /// error after 1.25 periods. `quick` divides every horizon by 10.
    public static func standard(for system: BenchmarkSystem, quick: Bool = false) -> SystemPlan {
        let sweep = BenchmarkCatalog.entry(named: system.rawValue)?.sweep ?? .oscillator
        return SystemPlan(
            system: system,
            stepsPerPeriod: Self.sweep(from: sweep.firstStepsPerPeriod, count: sweep.stepSizeCount),
            horizonPeriods: sweep.horizonPeriods / (quick ? 10 : 1),
            plottedStepsPerPeriod: sweep.plottedStepsPerPeriod)
    }

    /// Checks the plan, throwing a message that names the offending value.
    public func validate() throws(ComparisonError) {
        guard stepsPerPeriod.count >= 2, stepsPerPeriod.allSatisfy({ $0 > 0 && $0.nonzeroBitCount == 1 }),
            zip(stepsPerPeriod, stepsPerPeriod.dropFirst()).allSatisfy({ $1 == 2 * $0 })
        else {
            throw .invalidConfiguration(
                "\(system.rawValue): steps per period \(stepsPerPeriod) must be at least two powers of two, each "
                    + "twice the previous")
        }
        guard horizonPeriods >= 1, errorTimePeriods > 0, errorTimePeriods <= Double(horizonPeriods) else {
            throw .invalidConfiguration(
                "\(system.rawValue): need 0 < error time (\(errorTimePeriods)) <= horizon (\(horizonPeriods)) periods")
        }
        guard stepsPerPeriod.allSatisfy({ errorSteps(stepsPerPeriod: $0) != nil }) else {
            throw .invalidConfiguration(
                "\(system.rawValue): the error time \(errorTimePeriods) periods is not a whole number of steps for "
                    + "every step size of the sweep \(stepsPerPeriod)")
        }
        guard stepsPerPeriod.contains(plottedStepsPerPeriod) else {
            throw .invalidConfiguration(
                "\(system.rawValue): the plotted steps per period \(plottedStepsPerPeriod) is not in the sweep")
        }
        guard dormandPrinceTolerances.allSatisfy({ $0 > 0 && $0 < 1 }),
            dormandPrinceSamplesPerPeriod > 0, dormandPrinceSamplesPerPeriod.nonzeroBitCount == 1
        else {
            throw .invalidConfiguration(
                "\(system.rawValue): dopri54 tolerances must be in (0, 1) and samples per period a power of two")
        }
    }

    /// The number of steps of size `T / stepsPerPeriod` to the error time, or `nil` if it is not whole.
    public func errorSteps(stepsPerPeriod: Int) -> Int? {
        let steps = errorTimePeriods * Double(stepsPerPeriod)
        return steps == steps.rounded() && steps >= 1 ? Int(steps) : nil
    }

    /// The number of energy-envelope windows: one per period up to 200, so that each window sees a whole
    /// oscillation.
    public var envelopeWindowCount: Int { min(200, horizonPeriods) }
}

/// Everything that defines a run of the study.
public struct ComparisonConfiguration: Sendable, Equatable, Codable {
    /// One plan per system, in output order.
    public var plans: [SystemPlan]
    /// Timed repeats per measurement (the median is reported).
    public var repeats: Int
    /// The least wall time of one timed repeat of a fixed-step run; the step count is doubled until it is reached.
    public var minimumRepeatSeconds: Double
    /// Whether this is the shortened `--quick` configuration.
    public var isQuick: Bool

    /// Creates a configuration.
    public init(plans: [SystemPlan], repeats: Int = 5, minimumRepeatSeconds: Double = 0.002, isQuick: Bool = false) {
        self.plans = plans
        self.repeats = repeats
        self.minimumRepeatSeconds = minimumRepeatSeconds
        self.isQuick = isQuick
    }

    /// The standard study of `systems` (all by default): see ``SystemPlan/standard(for:quick:)``; `quick` also
    /// lowers the repeats to 3.
    public static func standard(
        systems: [BenchmarkSystem] = BenchmarkSystem.allCases, quick: Bool = false,
        repeats: Int? = nil
    ) -> ComparisonConfiguration {
        ComparisonConfiguration(
            plans: systems.map { SystemPlan.standard(for: $0, quick: quick) },
            repeats: repeats ?? (quick ? 3 : 5), isQuick: quick)
    }

    /// Checks every plan and the timing settings.
    public func validate() throws(ComparisonError) {
        guard !plans.isEmpty else { throw .invalidConfiguration("no system selected") }
        guard repeats >= 1 else { throw .invalidConfiguration("repeats is \(repeats); give at least 1") }
        guard minimumRepeatSeconds >= 0 else { throw .invalidConfiguration("minimumRepeatSeconds must be >= 0") }
        for plan in plans { try plan.validate() }
    }
}
