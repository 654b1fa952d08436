import RealModule

/// The exact motion of a ``Pendulum`` through Jacobi elliptic functions, in both regimes.
///
/// With `ω0 = sqrt(g/l)` and energy `E`:
/// - **Libration** (`E ≤ 2 m g l`, the bob swings back and forth): parameter `m = E / (2 m g l)`, `k = sqrt(m)`,
///   `sin(q/2) = k sn(u | m)`, `cos(q/2) = dn(u | m)`, `dq/dt = 2 k ω0 cn(u | m)`, with `u = ω0 (t - t0) + u0`.
///   Period `4 K(m) / ω0`.
/// - **Rotation** (`E > 2 m g l`, the bob loops over the top): parameter `m = 2 m g l / E`, `ν = sqrt(2E / (m l²))`,
///   `q/2 = s am(u | m)`, `dq/dt = s ν dn(u | m)`, with `u = ν (t - t0) / 2 + u0` and `s` the sign of `p`.
///   `q` grows without bound; it advances by `2π` every `4 K(m) / ν`.
///
/// The phase `u0` is the incomplete integral ``Elliptic/incompleteIntegralF(amplitude:parameter:)`` of the initial
/// amplitude. In libration the angle is continued from the branch of the initial state (`q0` outside `[-π, π]`
/// keeps its multiple of `2π`).
public struct PendulumSolution: AnalyticSolution, Equatable {
    /// The two kinds of pendulum motion.
    public enum Regime: String, Sendable, Equatable {
        /// Back-and-forth swinging below the separatrix energy `2 m g l`.
        case libration
        /// Looping over the top above the separatrix energy.
        case rotation
    }

    public var system: Pendulum
    /// The state `(q0, p0)` at ``initialTime``.
    public var initialState: [Double]
    /// The time of ``initialState``.
    public var initialTime: Double
    /// Which kind of motion the energy allows.
    public let regime: Regime
    /// The elliptic parameter `m` of the regime (see the type's description).
    public let parameter: Double

    let phaseAtInitialTime: Double
    let frequency: Double
    let direction: Double
    let branchOffset: Double

    /// Creates the solution through `initialState = (q0, p0)` at `initialTime`.
    public init(system: Pendulum, initialState: [Double], initialTime: Double = 0) {
        precondition(initialState.count == 2, "a pendulum state has 2 numbers, got \(initialState.count)")
        self.system = system
        self.initialState = initialState
        self.initialTime = initialTime
        let q0 = initialState[0]
        let angularVelocity = initialState[1] / system.momentOfInertia
        let energy = system.energy(initialState)
        let separatrix = system.separatrixEnergy
        if energy <= separatrix {
            regime = .libration
            let m = max(energy / separatrix, 0)
            parameter = m
            let omega0 = system.smallOscillationFrequency
            frequency = omega0
            direction = 1
            let turns = (q0 / (2 * Double.pi)).rounded()
            branchOffset = 2 * Double.pi * turns
            let k = m.squareRoot()
            if k == 0 {
                phaseAtInitialTime = 0
            } else {
                let sinAmplitude = Double.sin((q0 - branchOffset) / 2) / k
                let cosAmplitude = angularVelocity / (2 * k * omega0)
                let amplitude = Double.atan2(y: sinAmplitude, x: cosAmplitude)
                phaseAtInitialTime = Elliptic.incompleteIntegralF(amplitude: amplitude, parameter: m)
            }
        } else {
            regime = .rotation
            let m = separatrix / energy
            parameter = m
            frequency = (2 * energy / system.momentOfInertia).squareRoot() / 2
            direction = angularVelocity >= 0 ? 1 : -1
            branchOffset = 0
            phaseAtInitialTime = Elliptic.incompleteIntegralF(amplitude: direction * q0 / 2, parameter: m)
        }
    }

    /// The energy of the motion.
    public var energy: Double { system.energy(initialState) }

    /// The period: of a full swing in libration, of one full loop (`q` advancing by `2π`) in rotation.
    public var period: Double {
        let quarter = Elliptic.completeIntegralK(parameter: parameter)
        return regime == .libration ? 4 * quarter / frequency : 2 * quarter / frequency
    }

    public func state(at time: Double) -> [Double] {
        let u = phaseAtInitialTime + frequency * (time - initialTime)
        let values = Elliptic.jacobi(u, parameter: parameter)
        let q: Double, angularVelocity: Double
        switch regime {
        case .libration:
            let k = parameter.squareRoot()
            q = 2 * Double.atan2(y: k * values.sn, x: values.dn) + branchOffset
            angularVelocity = 2 * k * frequency * values.cn
        case .rotation:
            q = 2 * direction * values.amplitude
            angularVelocity = direction * 2 * frequency * values.dn
        }
        return [q, system.momentOfInertia * angularVelocity]
    }
}
