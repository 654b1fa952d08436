/// The systems of the integrator comparison, each with one documented standard initial condition.
///
/// | system | initial state | period `T` | reference |
/// |---|---|---|---|
/// | `pendulum` | libration, `q0 = 1.5` rad (86°), `p0 = 0` (HGN constants m 0.5, l 1, g 3) | 3.98 | elliptic functions |
/// | `pendulum-rotation` | rotation, `q0 = 0`, `p0 = 2` (energy 4 > separatrix 3) | 2.36 per loop | elliptic functions |
/// | `mass-spring` | `q0 = 0.6`, `p0 = 0.8` (m 0.5, k 2: the unit circle in phase space) | π | closed form |
/// | `two-body` | Kepler ellipse `e = 0.5`, `a = 1`, from periapsis (unit masses, G 1) | 4.44 | Kepler's equation |
/// | `three-body` | Chenciner–Montgomery figure-eight (unit masses, G 1) | 6.326 | `dopri54` at rtol 1e-13 |
///
/// The HGN datasets draw pendulum states with phase-space radius 1.3…2.3, so they contain both libration and
/// rotation; both regimes are benchmarked. The datasets' random three-body rings are chaotic: a fixed-step error
/// there grows exponentially and its value after many periods says nothing about the integrator. The figure-eight
/// orbit is linearly stable, so errors grow only polynomially and the comparison stays meaningful over the horizon.
public enum BenchmarkSystem: String, Sendable, Codable, CaseIterable {
    /// The pendulum swinging (libration) from `q0 = 1.5` rad at rest.
    case pendulum = "pendulum"
    /// The pendulum looping over the top (rotation) from `q0 = 0`, `p0 = 2`.
    case pendulumRotation = "pendulum-rotation"
    /// The mass on a spring (harmonic oscillator) from `(0.6, 0.8)`.
    case massSpring = "mass-spring"
    /// Two bodies on a Kepler ellipse of eccentricity 0.5.
    case twoBody = "two-body"
    /// Three bodies on the figure-eight choreography.
    case threeBody = "three-body"

    /// A one-line description of the system and its initial condition, for tables and plot titles.
    public var title: String {
        switch self {
        case .pendulum: "pendulum, libration (q0 = 1.5 rad, p0 = 0)"
        case .pendulumRotation: "pendulum, rotation (q0 = 0, p0 = 2)"
        case .massSpring: "mass-spring (q0 = 0.6, p0 = 0.8)"
        case .twoBody: "two-body Kepler orbit (e = 0.5)"
        case .threeBody: "three-body figure-eight orbit"
        }
    }

    /// What one "period" means for this system.
    public var periodName: String {
        switch self {
        case .twoBody: "orbit"
        case .pendulumRotation: "loop"
        default: "period"
        }
    }

    /// Whether the system is gravitational (and so conserves angular momentum).
    public var isGravitational: Bool { self == .twoBody || self == .threeBody }

    /// Looks a system up by name, listing the valid names when it is unknown.
    public init(name: String) throws(ComparisonError) {
        guard let system = BenchmarkSystem(rawValue: name) else {
            throw .unknownSystem(name: name, known: BenchmarkSystem.allCases.map(\.rawValue))
        }
        self = system
    }

    /// The figure-eight initial state: `q1 = -q2 = (0.97000436, -0.24308753)`, `q3 = 0`,
    /// `v3 = (-0.93240737, -0.86473146)`, `v1 = v2 = -v3 / 2` (Chenciner & Montgomery 2000, digits of Simó).
    public static let figureEightState: [Double] = {
        let q1 = SIMD2(0.97000436, -0.24308753)
        let v3 = SIMD2(-0.93240737, -0.86473146)
        let v1 = -v3 / 2
        return [q1.x, q1.y, -q1.x, -q1.y, 0, 0, v1.x, v1.y, v1.x, v1.y, v3.x, v3.y]
    }()

    /// The period of the figure-eight orbit (Simó).
    public static let figureEightPeriod = 6.32591398
}

/// A mistake in the study's configuration or input; each message says what to do.
public enum ComparisonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system name that is not one of ``BenchmarkSystem``.
    case unknownSystem(name: String, known: [String])
    /// A configuration value out of its allowed range.
    case invalidConfiguration(String)
    /// The reference solution could not be computed.
    case referenceFailed(system: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownSystem(name, known):
            "unknown system '\(name)'; choose from: \(known.joined(separator: ", "))"
        case let .invalidConfiguration(message):
            "invalid configuration: \(message)"
        case let .referenceFailed(system, reason):
            "the reference solution of \(system) failed: \(reason); report this as a bug"
        }
    }
}
