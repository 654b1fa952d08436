import RealModule

/// The ideal double pendulum: two point masses, the first on a massless rod from a fixed pivot, the second on a
/// massless rod from the first, swinging in a uniform gravity field (DeepMind's Hamiltonian Dynamics Suite,
/// `IdealDoublePendulum`).
///
/// `D = 2`: the state is `(q1, q2, p1, p2)`, with `q_i` the angle of rod `i` from the downward vertical and `p_i` its
/// conjugate momentum. With `Δ = q1 - q2`,
///
///     H = [m2 l2² p1² + (m1 + m2) l1² p2² - 2 m2 l1 l2 p1 p2 cos Δ] / [2 m2 l1² l2² (m1 + m2 sin² Δ)]
///         + (m1 + m2) g l1 (1 - cos q1) + m2 g l2 (1 - cos q2)
///
/// The potential is measured from the rest state hanging straight down, where `H = 0` (like ``Pendulum``'s); DeepMind
/// writes `-(m1 + m2) g l1 cos q1 - m2 g l2 cos q2`, which differs by the constant `(m1 + m2) g l1 + m2 g l2` and
/// gives the same motion. The kinetic energy depends on the angles through `Δ`, so the system is **not** separable:
/// the symplectic integrators take their implicit generalised forms on it. Defaults are DeepMind's constants
/// `m1 = m2 = 0.5`, `l1 = l2 = 1`, `g = 3`. The bobs are drawn at `b1 = (l1 sin q1, -l1 cos q1)` and
/// `b2 = b1 + (l2 sin q2, -l2 cos q2)`.
///
/// At low energy the motion is two coupled oscillations, the normal modes of ``smallOscillationFrequencies``; at the
/// energies of the standard sampler it is mostly chaotic.
public struct DoublePendulum: HamiltonianSystem, Equatable {
    /// The inner bob's mass `m1`.
    public var mass1: Double
    /// The outer bob's mass `m2`.
    public var mass2: Double
    /// The inner rod's length `l1`.
    public var length1: Double
    /// The outer rod's length `l2`.
    public var length2: Double
    /// The gravitational acceleration `g`.
    public var gravity: Double

    /// Creates a double pendulum. All constants must be finite and positive (a programmer error otherwise; use
    /// ``validated(mass1:mass2:length1:length2:gravity:)`` for values typed by a user).
    public init(
        mass1: Double = 0.5, mass2: Double = 0.5, length1: Double = 1, length2: Double = 1,
        gravity: Double = 3
    ) {
        precondition(
            [mass1, mass2, length1, length2, gravity].allSatisfy { $0 > 0 && $0.isFinite },
            "DoublePendulum needs finite positive masses, lengths and gravity")
        self.mass1 = mass1
        self.mass2 = mass2
        self.length1 = length1
        self.length2 = length2
        self.gravity = gravity
    }

    /// Creates a double pendulum from user-supplied constants, throwing a descriptive error for unusable values.
    public static func validated(
        mass1: Double = 0.5, mass2: Double = 0.5, length1: Double = 1,
        length2: Double = 1, gravity: Double = 3
    ) throws(InvalidParameterError)
        -> DoublePendulum
    {
        try InvalidParameterError.requirePositive(mass1, "mass_1", of: "double-pendulum")
        try InvalidParameterError.requirePositive(mass2, "mass_2", of: "double-pendulum")
        try InvalidParameterError.requirePositive(length1, "length_1", of: "double-pendulum")
        try InvalidParameterError.requirePositive(length2, "length_2", of: "double-pendulum")
        try InvalidParameterError.requirePositive(gravity, "gravity", of: "double-pendulum")
        return DoublePendulum(mass1: mass1, mass2: mass2, length1: length1, length2: length2, gravity: gravity)
    }

    public var name: String { "double-pendulum" }
    public var positionCount: Int { 2 }
    public var bodyMasses: [Double] { [mass1, mass2] }
    /// `mass_1`, `mass_2`, `length_1`, `length_2`, `gravity`.
    public var parameters: [(name: String, value: Double)] {
        [("mass_1", mass1), ("mass_2", mass2), ("length_1", length1), ("length_2", length2), ("gravity", gravity)]
    }

    /// The angular frequencies `(ω_slow, ω_fast)` of the two normal modes of small oscillations about the rest state.
    ///
    /// Linearised, `T = q̇ᵀ M q̇ / 2` with `M = [[(m1 + m2) l1², m2 l1 l2], [m2 l1 l2, m2 l2²]]` and
    /// `V = qᵀ K q / 2` with `K = diag((m1 + m2) g l1, m2 g l2)`; `det(K - ω² M) = 0` reads
    /// `m1 l1 l2 ω⁴ - (m1 + m2) g (l1 + l2) ω² + (m1 + m2) g² = 0`. For equal masses and lengths,
    /// `ω² = (g / l)(2 ∓ √2)`: 1.3257 and 3.2005 rad per time unit with DeepMind's constants.
    public var smallOscillationFrequencies: (slow: Double, fast: Double) {
        let a = mass1 * length1 * length2
        let b = (mass1 + mass2) * gravity * (length1 + length2)
        let c = (mass1 + mass2) * gravity * gravity
        let root = (b * b - 4 * a * c).squareRoot()
        // The smaller root as 2c / (b + root), free of cancellation.
        return ((2 * c / (b + root)).squareRoot(), ((b + root) / (2 * a)).squareRoot())
    }

    /// The shape `q2 / q1` of the normal mode of angular frequency `ω`:
    /// `(m1 + m2)(g - ω² l1) / (ω² m2 l2)` (`+√2` for the slow, in-phase mode and `-√2` for the fast, anti-phase
    /// mode with equal masses and lengths).
    public func normalModeShape(frequency omega: Double) -> Double {
        let omega2 = omega * omega
        return (mass1 + mass2) * (gravity - omega2 * length1) / (omega2 * mass2 * length2)
    }

    /// The kinetic energy and its partial derivatives at one state, sharing the trigonometry.
    @usableFromInline
    struct KineticTerms {
        /// `T`.
        @usableFromInline var energy: Double
        /// `∂T/∂p1`, `∂T/∂p2`: the angular velocities.
        @usableFromInline var velocity1: Double, velocity2: Double
        /// `∂T/∂Δ` (so `∂T/∂q1 = ∂T/∂Δ` and `∂T/∂q2 = -∂T/∂Δ`).
        @usableFromInline var angleDerivative: Double

        @inlinable
        init(energy: Double, velocity1: Double, velocity2: Double, angleDerivative: Double) {
            self.energy = energy
            self.velocity1 = velocity1
            self.velocity2 = velocity2
            self.angleDerivative = angleDerivative
        }
    }

    /// `T`, `∂T/∂p` and `∂T/∂Δ` at `(q1, q2, p1, p2)`.
    ///
    /// With `A = m1 + m2 sin² Δ`, the denominator is `2 m2 l1² l2² A`, and
    /// `∂T/∂Δ = 2 m2 l1 l2 p1 p2 sin Δ / (2 m2 l1² l2² A) - T × 2 m2 sin Δ cos Δ / A`.
    @inlinable
    func kineticTerms(q1: Double, q2: Double, p1: Double, p2: Double, needsAngleDerivative: Bool) -> KineticTerms {
        let m1 = mass1, m2 = mass2, l1 = length1, l2 = length2
        let delta = q1 - q2
        let c = Double.cos(delta), s = Double.sin(delta)
        let a = m1 + m2 * s * s
        let inverseDenominator = 1 / (2 * m2 * l1 * l1 * l2 * l2 * a)
        let coupling = m2 * l1 * l2
        let velocity1 = 2 * (m2 * l2 * l2 * p1 - coupling * p2 * c) * inverseDenominator
        let velocity2 = 2 * ((m1 + m2) * l1 * l1 * p2 - coupling * p1 * c) * inverseDenominator
        let energy =
            (m2 * l2 * l2 * p1 * p1 + (m1 + m2) * l1 * l1 * p2 * p2 - 2 * coupling * p1 * p2 * c)
            * inverseDenominator
        let angleDerivative =
            needsAngleDerivative
            ? 2 * coupling * p1 * p2 * s * inverseDenominator - energy * 2 * m2 * s * c / a : 0
        return KineticTerms(
            energy: energy, velocity1: velocity1, velocity2: velocity2,
            angleDerivative: angleDerivative)
    }

    /// `(m1 + m2) g l1 (1 - cos q1) + m2 g l2 (1 - cos q2)`, evaluated with `1 - cos q = 2 sin²(q/2)` to keep full
    /// relative precision near rest.
    @inlinable
    public func potentialEnergy(q1: Double, q2: Double) -> Double {
        let s1 = Double.sin(q1 / 2), s2 = Double.sin(q2 / 2)
        return 2 * gravity * ((mass1 + mass2) * length1 * s1 * s1 + mass2 * length2 * s2 * s2)
    }

    @inlinable
    public func energy(_ x: UnsafeBufferPointer<Double>) -> Double {
        kineticTerms(q1: x[0], q2: x[1], p1: x[2], p2: x[3], needsAngleDerivative: false).energy
            + potentialEnergy(q1: x[0], q2: x[1])
    }

    /// `dq/dt = ∂T/∂p`, `dp1/dt = -∂T/∂Δ - (m1 + m2) g l1 sin q1`, `dp2/dt = ∂T/∂Δ - m2 g l2 sin q2`.
    @inlinable
    public func timeDerivative(_ x: UnsafeBufferPointer<Double>, into dxdt: UnsafeMutableBufferPointer<Double>) {
        let terms = kineticTerms(q1: x[0], q2: x[1], p1: x[2], p2: x[3], needsAngleDerivative: true)
        dxdt[0] = terms.velocity1
        dxdt[1] = terms.velocity2
        dxdt[2] = -terms.angleDerivative - (mass1 + mass2) * gravity * length1 * Double.sin(x[0])
        dxdt[3] = terms.angleDerivative - mass2 * gravity * length2 * Double.sin(x[1])
    }

    /// `∂H/∂q = (∂T/∂Δ + (m1 + m2) g l1 sin q1, -∂T/∂Δ + m2 g l2 sin q2)`.
    @inlinable
    public func positionGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdq: UnsafeMutableBufferPointer<Double>
    ) {
        let terms = kineticTerms(q1: q[0], q2: q[1], p1: p[0], p2: p[1], needsAngleDerivative: true)
        dHdq[0] = terms.angleDerivative + (mass1 + mass2) * gravity * length1 * Double.sin(q[0])
        dHdq[1] = -terms.angleDerivative + mass2 * gravity * length2 * Double.sin(q[1])
    }

    /// `∂H/∂p = ∂T/∂p`, the angular velocities.
    @inlinable
    public func momentumGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdp: UnsafeMutableBufferPointer<Double>
    ) {
        let terms = kineticTerms(q1: q[0], q2: q[1], p1: p[0], p2: p[1], needsAngleDerivative: false)
        dHdp[0] = terms.velocity1
        dHdp[1] = terms.velocity2
    }

    public func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>] {
        let inner = SIMD2(length1 * Double.sin(x[0]), -length1 * Double.cos(x[0]))
        return [inner, inner + SIMD2(length2 * Double.sin(x[1]), -length2 * Double.cos(x[1]))]
    }
}

extension DoublePendulum {
    /// A standard regular orbit of the standard double pendulum (DeepMind's constants): the slow nonlinear normal
    /// mode released from rest at `q1 = 0.4` rad, `q2 = 0.5420853274114855` rad (both rods swinging in phase, the
    /// outer one further out). It is periodic with period ``slowModeOrbitPeriod`` and linearly stable (its
    /// monodromy matrix has trace 0.058, inside the elliptic range (0, 4)), so integration errors along it grow
    /// polynomially, unlike on the chaotic orbits the standard sampler mostly draws. `q2` and the period were found
    /// by Newton's method on `(q2, T/2)` for `p(T/2) = 0` (a time-symmetric orbit), starting from the linear mode
    /// `q2 = √2 q1`, `T = 2π / ω_slow`, with `dopri54` at relative tolerance 1e-13; `DoublePendulumDynamicsTests`
    /// repeats the search and checks the orbit closes.
    public static let slowModeOrbitState: [Double] = [0.4, 0.5420853274114855, 0, 0]

    /// The period of ``slowModeOrbitState`` (1.3% longer than the linear slow mode's `2π / 1.3257 = 4.7396`).
    public static let slowModeOrbitPeriod = 4.800347492908462
}
