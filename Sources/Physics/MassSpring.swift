/// A mass on an ideal spring: the harmonic oscillator.
///
/// `D = 1`: the state is `(q, p)` with `q` the extension of the spring and `p = m dq/dt`.
///
///     H(q, p) = p² / (2 m) + k q² / 2
///
/// The angular frequency is `ω = sqrt(k / m)`; ``HarmonicOscillatorSolution`` gives the exact motion.
/// The mass is drawn at `(q, 0)`: the spring lies along the horizontal axis with its rest point at the origin.
/// Defaults are the HGN paper's constants.
public struct MassSpring: SeparableHamiltonianSystem, Equatable {
    /// The mass `m`.
    public var mass: Double
    /// The spring constant `k`.
    public var springConstant: Double

    /// Creates a mass-spring system. Both constants must be finite and positive (a programmer error otherwise;
    /// use ``validated(mass:springConstant:)`` for values typed by a user).
    public init(mass: Double = 0.5, springConstant: Double = 2) {
        precondition(
            mass > 0 && springConstant > 0 && mass.isFinite && springConstant.isFinite,
            "MassSpring needs finite positive mass and spring constant")
        self.mass = mass
        self.springConstant = springConstant
    }

    /// Creates a mass-spring system from user-supplied constants, throwing a descriptive error for unusable values.
    public static func validated(
        mass: Double = 0.5, springConstant: Double = 2
    )
        throws(InvalidParameterError) -> MassSpring
    {
        try InvalidParameterError.requirePositive(mass, "mass", of: "mass-spring")
        try InvalidParameterError.requirePositive(springConstant, "spring_constant", of: "mass-spring")
        return MassSpring(mass: mass, springConstant: springConstant)
    }

    public var name: String { "mass-spring" }
    public var positionCount: Int { 1 }
    public var bodyMasses: [Double] { [mass] }
    public var parameters: [(name: String, value: Double)] {
        [("mass", mass), ("spring_constant", springConstant)]
    }

    /// The angular frequency `ω = sqrt(k / m)`.
    @inlinable
    public var angularFrequency: Double { (springConstant / mass).squareRoot() }

    @inlinable
    public func kineticEnergy(momenta p: UnsafeBufferPointer<Double>) -> Double {
        p[0] * p[0] / (2 * mass)
    }

    @inlinable
    public func potentialEnergy(positions q: UnsafeBufferPointer<Double>) -> Double {
        springConstant * q[0] * q[0] / 2
    }

    @inlinable
    public func kineticGradient(momenta p: UnsafeBufferPointer<Double>, into dTdp: UnsafeMutableBufferPointer<Double>) {
        dTdp[0] = p[0] / mass
    }

    @inlinable
    public func potentialGradient(
        positions q: UnsafeBufferPointer<Double>, into dVdq: UnsafeMutableBufferPointer<Double>
    ) {
        dVdq[0] = springConstant * q[0]
    }

    public func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>] {
        [SIMD2(x[0], 0)]
    }
}
