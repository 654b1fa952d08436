import RealModule

/// A rigid pendulum: a point mass on a massless rod swinging in a uniform gravity field.
///
/// `D = 1`: the state is `(q, p)` with `q` the angle from the downward vertical and `p = m l² dq/dt` its momentum.
///
///     H(q, p) = p² / (2 m l²) + m g l (1 - cos q)
///
/// The potential is `m g l (1 - cos q)`, the true potential energy of the bob measured from its lowest point, as in
/// DeepMind's Hamiltonian Dynamics Suite and the public HGN replication (the replication's article writes
/// `2 m g l (1 - cos q)`, which is not what its code simulates). Defaults are the HGN paper's constants.
/// The bob is drawn at `(l sin q, -l cos q)`, so `q = 0` hangs straight down from the origin.
public struct Pendulum: SeparableHamiltonianSystem, Equatable {
    /// The bob's mass `m`.
    public var mass: Double
    /// The rod's length `l`.
    public var length: Double
    /// The gravitational acceleration `g`.
    public var gravity: Double

    /// Creates a pendulum. All constants must be finite and positive (a programmer error otherwise; use
    /// ``validated(mass:length:gravity:)`` for values typed by a user).
    public init(mass: Double = 0.5, length: Double = 1, gravity: Double = 3) {
        precondition(
            mass > 0 && length > 0 && gravity > 0 && mass.isFinite && length.isFinite && gravity.isFinite,
            "Pendulum needs finite positive mass, length and gravity")
        self.mass = mass
        self.length = length
        self.gravity = gravity
    }

    /// Creates a pendulum from user-supplied constants, throwing a descriptive error for unusable values.
    public static func validated(
        mass: Double = 0.5, length: Double = 1, gravity: Double = 3
    )
        throws(InvalidParameterError) -> Pendulum
    {
        try InvalidParameterError.requirePositive(mass, "mass", of: "pendulum")
        try InvalidParameterError.requirePositive(length, "length", of: "pendulum")
        try InvalidParameterError.requirePositive(gravity, "gravity", of: "pendulum")
        return Pendulum(mass: mass, length: length, gravity: gravity)
    }

    public var name: String { "pendulum" }
    public var positionCount: Int { 1 }
    public var bodyMasses: [Double] { [mass] }
    public var parameters: [(name: String, value: Double)] {
        [("mass", mass), ("length", length), ("gravity", gravity)]
    }

    /// The moment of inertia `m l²` about the pivot.
    @inlinable
    public var momentOfInertia: Double { mass * length * length }

    /// The small-amplitude angular frequency `sqrt(g / l)`.
    @inlinable
    public var smallOscillationFrequency: Double { (gravity / length).squareRoot() }

    /// The energy `2 m g l` of the separatrix: below it the pendulum librates (swings), above it rotates (loops).
    @inlinable
    public var separatrixEnergy: Double { 2 * mass * gravity * length }

    @inlinable
    public func kineticEnergy(momenta p: UnsafeBufferPointer<Double>) -> Double {
        p[0] * p[0] / (2 * momentOfInertia)
    }

    /// `m g l (1 - cos q)`, evaluated as `2 m g l sin²(q/2)` to keep full relative precision near `q = 0`.
    @inlinable
    public func potentialEnergy(positions q: UnsafeBufferPointer<Double>) -> Double {
        let s = Double.sin(q[0] / 2)
        return 2 * mass * gravity * length * s * s
    }

    @inlinable
    public func kineticGradient(momenta p: UnsafeBufferPointer<Double>, into dTdp: UnsafeMutableBufferPointer<Double>) {
        dTdp[0] = p[0] / momentOfInertia
    }

    @inlinable
    public func potentialGradient(
        positions q: UnsafeBufferPointer<Double>, into dVdq: UnsafeMutableBufferPointer<Double>
    ) {
        dVdq[0] = mass * gravity * length * Double.sin(q[0])
    }

    public func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>] {
        [SIMD2(length * Double.sin(x[0]), -length * Double.cos(x[0]))]
    }
}
