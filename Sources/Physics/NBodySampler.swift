import RealModule
import SeededRandom

/// Initial states of the HGN two- and three-body datasets: bodies on a ring, launched on near-circular orbits.
///
/// Draws, in this order:
/// 1. the ring radius `r ~ U(radiusRange)`;
/// 2. an overall rotation `θ ~ U[0, 2π)`: body `i` (from 0) sits at angle `θ + 2π i / n`, distance `r` from the
///    origin;
/// 3. for each body in order, a speed factor `1 + orbitNoise × U[-1, 1)`.
///
/// Each body's circular speed is computed exactly from the net gravitational force on it:
/// `v_i = sqrt(r F_i / m_i)` with `F_i` the inward (radial) component of that force, so equal masses start on an
/// exact circular orbit (a rigid rotation of the ring); for unequal masses the tangential part of the force cannot be
/// balanced and the orbit is only near-circular. Velocities point counter-clockwise, are multiplied by their speed
/// factors, and momenta are `m_i v_i`. Finally the centre-of-mass momentum is removed (`p_i -= m_i P / M`) so that
/// the system does not drift off the canvas; positions are left where they were drawn.
///
/// Orbit noise: the HGN paper's replication uses 0.1; the HNN paper uses 0.05 for two bodies and 0.2 for three,
/// which the presets ``twoBody`` and ``threeBody`` follow.
public struct NBodySampler: InitialStateSampler, Equatable {
    /// The range of the ring radius `r` (the distance of every body from the origin).
    public var radiusRange: ClosedRange<Double>
    /// The relative spread of each body's speed around the circular speed.
    public var orbitNoise: Double
    /// Whether to remove the total momentum so that the centre of mass stays put (default `true`).
    public var removesCentreOfMassMomentum: Bool

    /// Creates the sampler. The radius range must be positive and finite and `orbitNoise` in `[0, 1)` (a programmer
    /// error otherwise; use ``validated(radiusRange:orbitNoise:removesCentreOfMassMomentum:)`` for user input).
    public init(radiusRange: ClosedRange<Double>, orbitNoise: Double, removesCentreOfMassMomentum: Bool = true) {
        precondition(
            radiusRange.lowerBound > 0 && radiusRange.upperBound.isFinite,
            "NBodySampler needs a finite positive radius range")
        precondition(orbitNoise >= 0 && orbitNoise < 1, "NBodySampler needs 0 <= orbitNoise < 1")
        self.radiusRange = radiusRange
        self.orbitNoise = orbitNoise
        self.removesCentreOfMassMomentum = removesCentreOfMassMomentum
    }

    /// The HGN two-body dataset: radius `U(0.5, 1.5)`, orbit noise 0.05.
    public static var twoBody: NBodySampler { NBodySampler(radiusRange: 0.5...1.5, orbitNoise: 0.05) }

    /// The HGN three-body dataset: radius `U(0.9, 1.2)`, orbit noise 0.2.
    public static var threeBody: NBodySampler { NBodySampler(radiusRange: 0.9...1.2, orbitNoise: 0.2) }

    /// Creates the sampler from user-supplied settings, throwing a descriptive error for unusable values.
    public static func validated(
        radiusRange: ClosedRange<Double>, orbitNoise: Double, removesCentreOfMassMomentum: Bool = true
    ) throws(InvalidParameterError) -> NBodySampler {
        try InvalidParameterError.requireRange(
            radiusRange, "radius_range", of: "n-body sampler",
            minimum: .leastNonzeroMagnitude)
        guard orbitNoise >= 0, orbitNoise < 1 else {
            throw InvalidParameterError(
                component: "n-body sampler", parameter: "orbit_noise",
                value: "\(orbitNoise)", requirement: "a number in [0, 1)")
        }
        return NBodySampler(
            radiusRange: radiusRange, orbitNoise: orbitNoise,
            removesCentreOfMassMomentum: removesCentreOfMassMomentum)
    }

    public func initialState<R: RandomNumberGenerator>(for system: NBody, using generator: inout R) -> [Double] {
        let n = system.bodyCount
        let radius = generator.uniform(in: radiusRange)
        let rotation = generator.uniform(in: 0..<(2 * Double.pi))
        let directions = (0..<n).map { i in
            let angle = rotation + 2 * Double.pi * Double(i) / Double(n)
            return SIMD2(Double.cos(angle), Double.sin(angle))
        }
        var state = [Double](repeating: 0, count: 4 * n)
        for i in 0..<n {
            state[2 * i] = radius * directions[i].x
            state[2 * i + 1] = radius * directions[i].y
        }
        let gradient = system.potentialGradient(state)
        var totalMomentum = SIMD2<Double>(0, 0)
        for i in 0..<n {
            // ∂V/∂q_i points away from the attracting bodies; its outward radial component is the inward force.
            let inwardForce = gradient[2 * i] * directions[i].x + gradient[2 * i + 1] * directions[i].y
            let circularSpeed = (radius * max(inwardForce, 0) / system.masses[i]).squareRoot()
            let speed = circularSpeed * (1 + orbitNoise * generator.uniform(in: -1.0..<1.0))
            let momentum = system.masses[i] * speed * SIMD2(-directions[i].y, directions[i].x)
            state[2 * n + 2 * i] = momentum.x
            state[2 * n + 2 * i + 1] = momentum.y
            totalMomentum += momentum
        }
        if removesCentreOfMassMomentum {
            let totalMass = system.masses.reduce(0, +)
            for i in 0..<n {
                state[2 * n + 2 * i] -= system.masses[i] / totalMass * totalMomentum.x
                state[2 * n + 2 * i + 1] -= system.masses[i] / totalMass * totalMomentum.y
            }
        }
        return state
    }
}
