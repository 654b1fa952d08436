/// How a run's energy error evolves over the horizon, as judged by ``SecularDriftClassifier``.
public enum EnergyBehaviour: String, Sendable, Codable, CaseIterable {
    /// The error oscillates within a band that does not widen: the signature of a symplectic method.
    case bounded
    /// The error grows steadily with time (secular drift).
    case drifting
    /// The error reached ``SecularDriftClassifier/lossThreshold`` (half of `|H(0)|`) without a steady trend: the
    /// simulated motion became qualitatively wrong early or suddenly (bodies escaped or a close encounter broke the
    /// orbit up), so neither "bounded" nor "drifting" describes it.
    case lost
    /// The error never exceeds ``SecularDriftClassifier/roundingFloor``: it is rounding noise, not worth
    /// classifying.
    case roundingLevel = "rounding-level"
    /// The state became infinite or NaN before the end of the horizon.
    case diverged
}

/// The verdict on one run's energy error, with the numbers behind it.
public struct EnergyDriftAssessment: Sendable, Equatable, Codable {
    /// The verdict.
    public var behaviour: EnergyBehaviour
    /// The slope of the line fitted to the windowed maxima of the relative energy error, per unit of time
    /// (`nil` when diverged or with fewer than two windows).
    public var slope: Double?
    /// The fitted rise over the horizon divided by the mean of the windowed maxima: about 0 for a bounded error,
    /// about 2 for an error growing linearly from zero, more for faster growth.
    public var growthRatio: Double?

    /// Creates an assessment.
    public init(behaviour: EnergyBehaviour, slope: Double?, growthRatio: Double?) {
        self.behaviour = behaviour
        self.slope = slope
        self.growthRatio = growthRatio
    }
}

/// Decides whether an energy error is bounded or drifts, from its envelope over time.
///
/// The input is the *envelope*: the largest relative energy error `|H(t) - H(0)| / |H(0)|` within each of `W`
/// equal windows covering the horizon (each window should span at least one period, so that every window sees a
/// full oscillation of a bounded error). The criterion:
///
/// 1. if a window has no value (the run diverged before it), the run is ``EnergyBehaviour/diverged``;
/// 2. if the largest value is below ``roundingFloor`` (1e-12), it is ``EnergyBehaviour/roundingLevel``;
/// 3. otherwise a least-squares line `e(t) = a + b t` is fitted to (window midpoint, window maximum), and the run
///    is ``EnergyBehaviour/drifting`` when the fitted rise over the horizon, `b × T`, exceeds ``growthThreshold``
///    (one half) times the mean of the window maxima;
/// 4. otherwise, if the largest value reached ``lossThreshold`` (one half), the run is ``EnergyBehaviour/lost``
///    (the error rose to O(1) inside the first windows, or jumped, and then stayed: a destroyed orbit);
/// 5. otherwise the error is ``EnergyBehaviour/bounded``.
///
/// A band of constant width gives a rise near 0; an error growing linearly from 0 gives a rise of twice the mean;
/// the threshold of one half sits between with a wide margin on either side. A shrinking envelope (negative slope)
/// counts as bounded. Whatever the verdict, the time at which the error first reached ``lossThreshold`` is recorded
/// separately (``ComparisonRecord/energyLossTime``).
public enum SecularDriftClassifier {
    /// The fitted rise over the horizon, relative to the mean envelope, above which the error drifts.
    public static let growthThreshold = 0.5
    /// Errors that never exceed this are rounding noise (about `sqrt(steps) × 1e-16` after `steps` steps).
    public static let roundingFloor = 1e-12
    /// A relative energy error from which the motion is considered lost (half of `|H(0)|`).
    public static let lossThreshold = 0.5

    /// Assesses an envelope; `windowMidpoints[i]` is the time at the middle of window `i`, and `horizon` the length
    /// of the whole run. `O(W)`.
    public static func assess(
        windowMidpoints: [Double], envelope: [Double?], horizon: Double
    ) -> EnergyDriftAssessment {
        precondition(windowMidpoints.count == envelope.count, "one midpoint per window")
        let values = envelope.compactMap { $0 }
        guard values.count == envelope.count, values.allSatisfy(\.isFinite), !values.isEmpty else {
            return EnergyDriftAssessment(behaviour: .diverged, slope: nil, growthRatio: nil)
        }
        let line = LeastSquaresLine(x: windowMidpoints, y: values)
        let mean = values.reduce(0, +) / Double(values.count)
        let growthRatio = line.map { mean > 0 ? $0.slope * horizon / mean : 0 }
        guard let largest = values.max(), largest >= roundingFloor else {
            return EnergyDriftAssessment(behaviour: .roundingLevel, slope: line?.slope, growthRatio: growthRatio)
        }
        let behaviour: EnergyBehaviour
        if (growthRatio ?? 0) > growthThreshold {
            behaviour = .drifting
        } else if largest >= lossThreshold {
            behaviour = .lost
        } else {
            behaviour = .bounded
        }
        return EnergyDriftAssessment(behaviour: behaviour, slope: line?.slope, growthRatio: growthRatio)
    }
}
