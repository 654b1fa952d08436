import Foundation

/// Every number measured for one system, one integrator and one step size (or, for `dopri54`, one tolerance):
/// one row of the CSV, one element of the JSON's `records`.
///
/// Times are in the system's time units; errors are in its natural units (all standard states are O(1)). Optional
/// numbers are `nil` (JSON `null`, an empty CSV field) where they do not apply or could not be measured.
public struct ComparisonRecord: Sendable, Equatable, Codable {
    /// ``BenchmarkSystem/rawValue``.
    public var system: String
    /// The integrator's command-line name (`euler`, `symplectic-euler`, `leapfrog`, `rk4`, `yoshida4`, `dopri54`).
    public var integrator: String
    /// Whether the integrator is symplectic.
    public var isSymplectic: Bool
    /// The integrator's textbook order.
    public var expectedOrder: Int
    /// The fixed step size `dt` (`nil` for `dopri54`).
    public var stepSize: Double?
    /// `T / dt` (`nil` for `dopri54`).
    public var stepsPerPeriod: Int?
    /// `dopri54`'s relative tolerance (its absolute tolerance is a tenth of it); `nil` for fixed-step rows.
    public var relativeTolerance: Double?
    /// Accepted steps over the horizon.
    public var steps: Int
    /// Rejected steps over the horizon (`dopri54` only).
    public var rejectedSteps: Int?
    /// Horizon divided by accepted steps.
    public var meanStepSize: Double
    /// The length of the run.
    public var horizon: Double

    /// `max |H(t) - H(0)| / |H(0)|` over the run (fixed-step: after every step; `dopri54`: at its output times).
    public var maxRelativeEnergyError: Double?
    /// Bounded, drifting, rounding-level or diverged (see ``SecularDriftClassifier``).
    public var energyBehaviour: EnergyBehaviour
    /// The fitted rise of the energy-error envelope over the horizon divided by its mean.
    public var energyGrowthRatio: Double?
    /// The slope of the fitted energy-error envelope, per time unit.
    public var energyDriftSlope: Double?
    /// The largest relative energy error in each envelope window (see ``SystemReport/envelopeWindowMidpoints``),
    /// rounded to 4 significant digits (it is for plots and diagnosis; ``maxRelativeEnergyError`` is exact).
    public var energyErrorEnvelope: [Double?]

    /// The time at which ``globalError`` is measured.
    public var errorTime: Double
    /// `‖x(t) - x_ref(t)‖₂` at ``errorTime`` (angles compared modulo 2π); `nil` if the run diverged before it.
    public var globalError: Double?
    /// The same distance at the end of the horizon.
    public var finalGlobalError: Double?
    /// When the state became infinite or NaN, if it did.
    public var divergenceTime: Double?
    /// When the relative energy error first reached one half (the motion is lost from then on), if it did.
    public var energyLossTime: Double?

    /// Gradient evaluations of one uninterrupted run over the horizon.
    public var gradientEvaluations: Int
    /// ``gradientEvaluations`` divided by the horizon.
    public var gradientEvaluationsPerTimeUnit: Double
    /// The median wall time of one step, in nanoseconds (release builds only are meaningful).
    public var nanosecondsPerStep: Double?
    /// The median wall time per unit of simulated time, in nanoseconds.
    public var nanosecondsPerTimeUnit: Double?

    /// `max |L(t) - L(0)| / Σ_i |q_i × p_i|(0)` for the gravitational systems, else `nil`.
    public var maxAngularMomentumDrift: Double?
    /// The solver's or integrator's error message if the run failed (a `dopri54` solve, or an implicit stage of a
    /// symplectic method on a non-separable system), else `nil`.
    public var failure: String?

    /// Encodes every key, writing `null` for missing values (synthesised encoding would drop them, and scripts
    /// reading the JSON should find every key in every record).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(system, forKey: .system)
        try container.encode(integrator, forKey: .integrator)
        try container.encode(isSymplectic, forKey: .isSymplectic)
        try container.encode(expectedOrder, forKey: .expectedOrder)
        try container.encode(stepSize, forKey: .stepSize)
        try container.encode(stepsPerPeriod, forKey: .stepsPerPeriod)
        try container.encode(relativeTolerance, forKey: .relativeTolerance)
        try container.encode(steps, forKey: .steps)
        try container.encode(rejectedSteps, forKey: .rejectedSteps)
        try container.encode(meanStepSize, forKey: .meanStepSize)
        try container.encode(horizon, forKey: .horizon)
        try container.encode(maxRelativeEnergyError, forKey: .maxRelativeEnergyError)
        try container.encode(energyBehaviour, forKey: .energyBehaviour)
        try container.encode(energyGrowthRatio, forKey: .energyGrowthRatio)
        try container.encode(energyDriftSlope, forKey: .energyDriftSlope)
        try container.encode(energyErrorEnvelope, forKey: .energyErrorEnvelope)
        try container.encode(errorTime, forKey: .errorTime)
        try container.encode(globalError, forKey: .globalError)
        try container.encode(finalGlobalError, forKey: .finalGlobalError)
        try container.encode(divergenceTime, forKey: .divergenceTime)
        try container.encode(energyLossTime, forKey: .energyLossTime)
        try container.encode(gradientEvaluations, forKey: .gradientEvaluations)
        try container.encode(gradientEvaluationsPerTimeUnit, forKey: .gradientEvaluationsPerTimeUnit)
        try container.encode(nanosecondsPerStep, forKey: .nanosecondsPerStep)
        try container.encode(nanosecondsPerTimeUnit, forKey: .nanosecondsPerTimeUnit)
        try container.encode(maxAngularMomentumDrift, forKey: .maxAngularMomentumDrift)
        try container.encode(failure, forKey: .failure)
    }
}

extension ComparisonRecord {
    /// The energy verdict for tables and legends: `bounded`, `drifting`, `drifting, lost at 12 T`, `lost at 0.3 T`,
    /// `lost at 0.3 T, overflow at 586 T`, given the system's `period`.
    public func energyVerdict(period: Double) -> String {
        func periods(_ t: Double) -> String { "\(NumberText.short(t / period)) T" }
        var parts = [String]()
        switch energyBehaviour {
        case .lost, .diverged: break
        default: parts.append(energyBehaviour.rawValue)
        }
        if let t = energyLossTime { parts.append("lost at \(periods(t))") }
        if let t = divergenceTime { parts.append("overflow at \(periods(t))") }
        return parts.isEmpty ? energyBehaviour.rawValue : parts.joined(separator: ", ")
    }
}

extension ComparisonRecord {
    /// `value` rounded to `digits` significant decimal digits (non-finite values and zero unchanged).
    static func rounded(_ value: Double, significantDigits digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let scale = pow(10, Double(digits - 1) - floor(log10(abs(value))))
        let result = (value * scale).rounded() / scale
        return result.isFinite ? result : value
    }
}
