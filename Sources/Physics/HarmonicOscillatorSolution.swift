import RealModule

/// The exact motion of a ``MassSpring``:
///
///     q(t) = q0 cos ωτ + p0 / (m ω) sin ωτ,    p(t) = p0 cos ωτ - m ω q0 sin ωτ,    τ = t - t0,  ω = sqrt(k/m).
public struct HarmonicOscillatorSolution: AnalyticSolution, Equatable {
    public var system: MassSpring
    /// The state `(q0, p0)` at ``initialTime``.
    public var initialState: [Double]
    /// The time of ``initialState``.
    public var initialTime: Double

    /// Creates the solution through `initialState = (q0, p0)` at `initialTime`.
    public init(system: MassSpring, initialState: [Double], initialTime: Double = 0) {
        precondition(initialState.count == 2, "a mass-spring state has 2 numbers, got \(initialState.count)")
        self.system = system
        self.initialState = initialState
        self.initialTime = initialTime
    }

    /// The period `2π / ω`.
    public var period: Double { 2 * Double.pi / system.angularFrequency }

    public func state(at time: Double) -> [Double] {
        let omega = system.angularFrequency
        let phase = omega * (time - initialTime)
        let c = Double.cos(phase), s = Double.sin(phase)
        let q0 = initialState[0], p0 = initialState[1]
        let mOmega = system.mass * omega
        return [q0 * c + p0 / mOmega * s, p0 * c - mOmega * q0 * s]
    }
}
