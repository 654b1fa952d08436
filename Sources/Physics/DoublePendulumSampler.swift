import RealModule
import SeededRandom

/// Initial states of DeepMind's double-pendulum dataset: each pendulum's `(q_i, p_i)` on its own circle in phase
/// space.
///
/// For each pendulum `i = 1, 2` in turn, draws the radius `r_i ~ U(radiusRange)` (uniform in the radius, not uniform
/// over the annulus), then the angle `θ_i ~ U[0, 2π)`, and sets `(q_i, p_i) = r_i (cos θ_i, sin θ_i)`. The order of
/// draws is `r1, θ1, r2, θ2` (one `next()` each), and the state is `(q1, q2, p1, p2)`. With the standard range
/// `1.3…2.3` and DeepMind's constants the motion is mostly chaotic.
public struct DoublePendulumSampler: InitialStateSampler, Equatable {
    /// The range of each pendulum's phase-space radius.
    public var radiusRange: ClosedRange<Double>

    /// Creates the sampler; `radiusRange` must be finite and non-negative.
    public init(radiusRange: ClosedRange<Double> = 1.3...2.3) {
        precondition(
            radiusRange.lowerBound >= 0 && radiusRange.upperBound.isFinite,
            "DoublePendulumSampler needs a finite non-negative radius range")
        self.radiusRange = radiusRange
    }

    /// Creates the sampler from a user-supplied range, throwing a descriptive error for an unusable one.
    public static func validated(
        radiusRange: ClosedRange<Double>
    )
        throws(InvalidParameterError) -> DoublePendulumSampler
    {
        try InvalidParameterError.requireRange(radiusRange, "radius_range", of: "double-pendulum sampler", minimum: 0)
        return DoublePendulumSampler(radiusRange: radiusRange)
    }

    public func initialState<R: RandomNumberGenerator>(
        for system: DoublePendulum, using generator: inout R
    ) -> [Double] {
        var state = [Double](repeating: 0, count: 4)
        for i in 0..<2 {
            let radius = generator.uniform(in: radiusRange)
            let angle = generator.uniform(in: 0..<(2 * Double.pi))
            state[i] = radius * Double.cos(angle)
            state[2 + i] = radius * Double.sin(angle)
        }
        return state
    }
}
