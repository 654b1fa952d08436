import RealModule
import SeededRandom

/// Initial states of the HGN pendulum dataset: a point on a circle in phase space.
///
/// Draws the radius `r ~ U(radiusRange)`, then the angle `θ ~ U[0, 2π)`, and returns `(q, p) = r (cos θ, sin θ)`.
/// With the paper's range `1.3…2.3` and its pendulum (`m = 0.5, l = 1, g = 3`) both libration and rotation occur.
public struct PendulumSampler: InitialStateSampler, Equatable {
    /// The range of the phase-space radius.
    public var radiusRange: ClosedRange<Double>

    /// Creates the sampler; `radiusRange` must be finite and non-negative.
    public init(radiusRange: ClosedRange<Double> = 1.3...2.3) {
        precondition(
            radiusRange.lowerBound >= 0 && radiusRange.upperBound.isFinite,
            "PendulumSampler needs a finite non-negative radius range")
        self.radiusRange = radiusRange
    }

    /// Creates the sampler from a user-supplied range, throwing a descriptive error for an unusable one.
    public static func validated(radiusRange: ClosedRange<Double>) throws(InvalidParameterError) -> PendulumSampler {
        try InvalidParameterError.requireRange(radiusRange, "radius_range", of: "pendulum sampler", minimum: 0)
        return PendulumSampler(radiusRange: radiusRange)
    }

    public func initialState<R: RandomNumberGenerator>(for system: Pendulum, using generator: inout R) -> [Double] {
        let radius = generator.uniform(in: radiusRange)
        let angle = generator.uniform(in: 0..<(2 * Double.pi))
        return [radius * Double.cos(angle), radius * Double.sin(angle)]
    }
}
