import RealModule
import SeededRandom

/// Initial states of the HGN mass-spring dataset: a point on an energy level.
///
/// Draws the radius `r ~ U(radiusRange)`, then the angle `θ ~ U[0, 2π)`, and returns
/// `q = r cos θ`, `p = sqrt(k m) r sin θ`. The momentum scaling (as in DeepMind's suite) makes the energy depend on
/// the radius only: `H = k r² / 2`.
public struct MassSpringSampler: InitialStateSampler, Equatable {
    /// The range of the radius `r`, the amplitude of the oscillation.
    public var radiusRange: ClosedRange<Double>

    /// Creates the sampler; `radiusRange` must be finite and non-negative.
    public init(radiusRange: ClosedRange<Double> = 0.1...1.0) {
        precondition(
            radiusRange.lowerBound >= 0 && radiusRange.upperBound.isFinite,
            "MassSpringSampler needs a finite non-negative radius range")
        self.radiusRange = radiusRange
    }

    /// Creates the sampler from a user-supplied range, throwing a descriptive error for an unusable one.
    public static func validated(radiusRange: ClosedRange<Double>) throws(InvalidParameterError) -> MassSpringSampler {
        try InvalidParameterError.requireRange(radiusRange, "radius_range", of: "mass-spring sampler", minimum: 0)
        return MassSpringSampler(radiusRange: radiusRange)
    }

    public func initialState<R: RandomNumberGenerator>(for system: MassSpring, using generator: inout R) -> [Double] {
        let radius = generator.uniform(in: radiusRange)
        let angle = generator.uniform(in: 0..<(2 * Double.pi))
        let momentumScale = (system.springConstant * system.mass).squareRoot()
        return [radius * Double.cos(angle), momentumScale * radius * Double.sin(angle)]
    }
}
