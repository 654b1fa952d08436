import RealModule

/// The exact motion of two gravitating bodies on a bound (elliptic) orbit.
///
/// The relative vector `r = q2 - q1` moves on a Kepler ellipse with `μ = G (m1 + m2)` while the centre of mass
/// drifts uniformly. From the initial relative state `(r0, v0)` the orbit's semi-major axis is
/// `a = -μ / (2 ε)` with `ε = |v0|²/2 - μ/|r0|`, its mean motion `n = sqrt(μ / a³)`, and the state at time `t` is
/// propagated with Lagrange's `f` and `g` coefficients,
///
///     r(t) = f r0 + g v0,   v(t) = ḟ r0 + ġ v0,
///
/// where the change of eccentric anomaly `ΔE` solves Kepler's equation `E - e sin E = M0 + n (t - t0)` by Newton's
/// method. This form needs no periapsis direction, so it stays exact for circular orbits (`e = 0`). Each body is
/// then placed about the centre of mass: `q1 = R - (m2/M) r`, `q2 = R + (m1/M) r`.
public struct KeplerOrbit: AnalyticSolution, Equatable {
    public var system: NBody
    /// The initial state of both bodies, `(q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y)`, at ``initialTime``.
    public var initialState: [Double]
    /// The time of ``initialState``.
    public var initialTime: Double

    /// The semi-major axis `a` of the relative orbit.
    public let semiMajorAxis: Double
    /// The eccentricity `e` of the relative orbit, in `[0, 1)`.
    public let eccentricity: Double
    /// The mean motion `n = 2π / period`.
    public let meanMotion: Double

    let gravitationalParameter: Double
    let initialEccentricAnomaly: Double
    let initialSeparation: SIMD2<Double>
    let initialRelativeVelocity: SIMD2<Double>
    let centreOfMass: SIMD2<Double>
    let centreOfMassVelocity: SIMD2<Double>

    /// Creates the orbit of a two-body ``NBody`` system through `initialState` at `initialTime`.
    ///
    /// - Throws: ``AnalyticSolutionError/unboundOrbit(relativeEnergy:)`` if the bodies escape each other
    ///   (parabolic or hyperbolic motion), ``AnalyticSolutionError/nonFiniteInitialState`` for NaN or infinite input.
    public init(system: NBody, initialState: [Double], initialTime: Double = 0) throws(AnalyticSolutionError) {
        precondition(system.bodyCount == 2, "a Kepler orbit needs exactly two bodies, got \(system.bodyCount)")
        precondition(initialState.count == 8, "a two-body state has 8 numbers, got \(initialState.count)")
        guard initialState.allSatisfy(\.isFinite), initialTime.isFinite else { throw .nonFiniteInitialState }
        self.system = system
        self.initialState = initialState
        self.initialTime = initialTime
        let m1 = system.masses[0], m2 = system.masses[1], total = m1 + m2
        let q1 = SIMD2(initialState[0], initialState[1]), q2 = SIMD2(initialState[2], initialState[3])
        let p1 = SIMD2(initialState[4], initialState[5]), p2 = SIMD2(initialState[6], initialState[7])
        let mu = system.gravitationalConstant * total
        let r0 = q2 - q1, v0 = p2 / m2 - p1 / m1
        let distance = (r0 * r0).sum().squareRoot()
        let specificEnergy = (v0 * v0).sum() / 2 - mu / distance
        guard specificEnergy < 0 else { throw .unboundOrbit(relativeEnergy: specificEnergy) }
        let a = -mu / (2 * specificEnergy)
        // e cos E0 and e sin E0, from r = a (1 - e cos E) and r·v = e sin E sqrt(μ a).
        let eCosE0 = 1 - distance / a
        let eSinE0 = (r0 * v0).sum() / (mu * a).squareRoot()
        semiMajorAxis = a
        eccentricity = (eCosE0 * eCosE0 + eSinE0 * eSinE0).squareRoot()
        meanMotion = (mu / (a * a * a)).squareRoot()
        gravitationalParameter = mu
        initialEccentricAnomaly = Double.atan2(y: eSinE0, x: eCosE0)
        initialSeparation = r0
        initialRelativeVelocity = v0
        centreOfMass = (m1 * q1 + m2 * q2) / total
        centreOfMassVelocity = (p1 + p2) / total
    }

    /// The orbital period `2π sqrt(a³ / μ)`.
    public var period: Double { 2 * Double.pi / meanMotion }

    /// Solves Kepler's equation `E - e sin E = M` for the eccentric anomaly by Newton's method, starting from
    /// Danby's guess `M + 0.85 e sign(sin M)`; converges to machine precision for every `e < 1` in a few steps.
    public static func eccentricAnomaly(meanAnomaly: Double, eccentricity e: Double) -> Double {
        precondition(e >= 0 && e < 1, "Kepler's equation needs 0 <= e < 1, got \(e)")
        let turns = (meanAnomaly / (2 * Double.pi)).rounded()
        let m = meanAnomaly - 2 * Double.pi * turns
        var anomaly = m + 0.85 * e * (Double.sin(m) >= 0 ? 1 : -1)
        for _ in 0..<60 {
            let correction = (anomaly - e * Double.sin(anomaly) - m) / (1 - e * Double.cos(anomaly))
            anomaly -= correction
            if abs(correction) <= 4 * Double.ulpOfOne * max(1, abs(anomaly)) { break }
        }
        return anomaly + 2 * Double.pi * turns
    }

    public func state(at time: Double) -> [Double] {
        let elapsed = time - initialTime
        // The relative motion repeats every period: reduce so that g's cancellation stays harmless.
        let reduced = elapsed - period * (elapsed / period).rounded()
        let e = eccentricity
        let initialMeanAnomaly = initialEccentricAnomaly - e * Double.sin(initialEccentricAnomaly)
        let anomaly = Self.eccentricAnomaly(meanAnomaly: initialMeanAnomaly + meanMotion * reduced, eccentricity: e)
        let delta = anomaly - initialEccentricAnomaly
        let a = semiMajorAxis, mu = gravitationalParameter
        let r0 = initialSeparation, v0 = initialRelativeVelocity
        let distance0 = (r0 * r0).sum().squareRoot()
        let cosDelta = Double.cos(delta), sinDelta = Double.sin(delta)
        let eCosE0 = 1 - distance0 / a
        let eSinE0 = (r0 * v0).sum() / (mu * a).squareRoot()
        let distance = a * (1 - eCosE0 * cosDelta + eSinE0 * sinDelta)
        let f = 1 - a / distance0 * (1 - cosDelta)
        let g = reduced - (delta - sinDelta) / meanMotion
        let fDot = -(mu * a).squareRoot() * sinDelta / (distance * distance0)
        let gDot = 1 - a / distance * (1 - cosDelta)
        let r = f * r0 + g * v0, v = fDot * r0 + gDot * v0

        let m1 = system.masses[0], m2 = system.masses[1], total = m1 + m2
        let centre = centreOfMass + elapsed * centreOfMassVelocity
        let q1 = centre - (m2 / total) * r, q2 = centre + (m1 / total) * r
        let p1 = m1 * (centreOfMassVelocity - (m2 / total) * v)
        let p2 = m2 * (centreOfMassVelocity + (m1 / total) * v)
        return [q1.x, q1.y, q2.x, q2.y, p1.x, p1.y, p2.x, p2.y]
    }
}
