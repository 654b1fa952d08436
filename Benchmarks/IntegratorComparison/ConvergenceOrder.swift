import Foundation

/// The measured order of convergence of one integrator on one system: the slope of `log(error)` against
/// `log(step size)` over the step sizes where the error is in its asymptotic range.
public struct ConvergenceOrder: Sendable, Equatable, Codable {
    /// The system's name (``BenchmarkSystem/rawValue``).
    public var system: String
    /// The integrator's command-line name.
    public var integrator: String
    /// The textbook order.
    public var expectedOrder: Int
    /// The least-squares slope over the accepted points; `nil` when fewer than ``OrderFit/minimumPoints`` points
    /// lie in the acceptance window.
    public var measuredOrder: Double?
    /// The standard error of ``measuredOrder`` from the fit's residuals.
    public var standardError: Double?
    /// The step sizes whose errors entered the fit, largest first.
    public var fittedStepSizes: [Double]
    /// For each pair of consecutive sweep points (step sizes a factor 2 apart), `log2(error(2h) / error(h))`:
    /// the local order, `nil` where either error is missing or not positive.
    public var localOrders: [Double?]

    /// Encodes every key, writing `null` for a missing order (see ``ComparisonRecord/encode(to:)``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(system, forKey: .system)
        try container.encode(integrator, forKey: .integrator)
        try container.encode(expectedOrder, forKey: .expectedOrder)
        try container.encode(measuredOrder, forKey: .measuredOrder)
        try container.encode(standardError, forKey: .standardError)
        try container.encode(fittedStepSizes, forKey: .fittedStepSizes)
        try container.encode(localOrders, forKey: .localOrders)
    }

    /// Creates a record.
    public init(
        system: String, integrator: String, expectedOrder: Int, measuredOrder: Double?,
        standardError: Double?, fittedStepSizes: [Double], localOrders: [Double?]
    ) {
        self.system = system
        self.integrator = integrator
        self.expectedOrder = expectedOrder
        self.measuredOrder = measuredOrder
        self.standardError = standardError
        self.fittedStepSizes = fittedStepSizes
        self.localOrders = localOrders
    }
}

/// Fits the order of convergence from a step-size sweep.
///
/// The fit is a least-squares line through `(log10(step size), log10(error))` over the finest ``fittedPoints`` (4)
/// step sizes whose errors lie inside the acceptance window `[floor, ceiling]`. The finest points are the most
/// asymptotic ones: RK4, for one, converges from above (local orders 4.8, 4.7, … 4.0 on the gravity orbits), and a
/// fit through every accepted point would report its pre-asymptotic slope. The window:
/// - above ``ceiling`` (0.1, in the natural units of the O(1) states used here) the run is not yet asymptotic (the
///   error is a sizeable fraction of the state itself, or the method is unstable at that step);
/// - below the floor the error is contaminated by rounding (``roundingFloor``, 1e-11) or by the reference solution's
///   own error (ten times its estimated uncertainty, whichever is larger).
/// At least ``minimumPoints`` (3) accepted points are required; otherwise the order is reported as missing rather
/// than guessed.
public enum OrderFit {
    /// Errors above this are pre-asymptotic.
    public static let ceiling = 0.1
    /// Errors below this are rounding noise.
    public static let roundingFloor = 1e-11
    /// The fewest accepted points for a fit.
    public static let minimumPoints = 3
    /// The most points fitted (the finest accepted ones).
    public static let fittedPoints = 4

    /// The lower edge of the acceptance window for a reference of the given uncertainty.
    public static func floor(referenceUncertainty: Double) -> Double {
        max(roundingFloor, 10 * referenceUncertainty)
    }

    /// Fits the order from `errors[i]` at `stepSizes[i]` (`nil` for runs that diverged). `O(n)`.
    public static func fit(
        system: String, integrator: String, expectedOrder: Int, stepSizes: [Double], errors: [Double?],
        referenceUncertainty: Double = 0
    ) -> ConvergenceOrder {
        precondition(stepSizes.count == errors.count, "one error per step size")
        let lower = floor(referenceUncertainty: referenceUncertainty)
        let accepted = zip(stepSizes, errors).compactMap { h, error -> (Double, Double)? in
            guard let error, error.isFinite, error >= lower, error <= ceiling else { return nil }
            return (h, error)
        }.sorted { $0.0 < $1.0 }.prefix(fittedPoints).sorted { $0.0 > $1.0 }
        let x = accepted.map { log10($0.0) }, y = accepted.map { log10($0.1) }
        let used = accepted.map(\.0)
        let line = x.count >= minimumPoints ? LeastSquaresLine(x: x, y: y) : nil
        let local: [Double?] = zip(errors, errors.dropFirst()).map { pair in
            guard let coarse = pair.0, let fine = pair.1, coarse > 0, fine > 0, coarse.isFinite, fine.isFinite
            else { return nil }
            return log2(coarse / fine)
        }
        return ConvergenceOrder(
            system: system, integrator: integrator, expectedOrder: expectedOrder, measuredOrder: line?.slope,
            standardError: line?.slopeStandardError, fittedStepSizes: line == nil ? [] : used, localOrders: local)
    }
}
