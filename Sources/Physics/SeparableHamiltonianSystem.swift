/// A Hamiltonian system whose energy splits into kinetic and potential parts, `H(q, p) = T(p) + V(q)`.
///
/// Separability is what lets splitting integrators (symplectic Euler, leapfrog, Yoshida) alternate exact "drifts"
/// `q += dt ∂T/∂p` and "kicks" `p -= dt ∂V/∂q`, each of which is a symplectic map. The four HGN systems are separable; the
/// double pendulum is not (its kinetic energy depends on the angles). `energy`, `timeDerivative` and the partial
/// gradients of ``HamiltonianSystem`` come for free from the four requirements below, and ``HamiltonianSystem/isSeparable``
/// is `true`, which selects the integrators' explicit splitting forms.
///
/// Every buffer here has `D` numbers (`positionCount`).
public protocol SeparableHamiltonianSystem: HamiltonianSystem {
    /// The kinetic energy `T(p)`.
    func kineticEnergy(momenta p: UnsafeBufferPointer<Double>) -> Double

    /// The potential energy `V(q)`.
    func potentialEnergy(positions q: UnsafeBufferPointer<Double>) -> Double

    /// Writes the velocity `dq/dt = ∂T/∂p` into `dTdp`.
    func kineticGradient(momenta p: UnsafeBufferPointer<Double>, into dTdp: UnsafeMutableBufferPointer<Double>)

    /// Writes the potential gradient `∂V/∂q` (minus the generalised force, so `dp/dt = -∂V/∂q`) into `dVdq`.
    func potentialGradient(positions q: UnsafeBufferPointer<Double>, into dVdq: UnsafeMutableBufferPointer<Double>)
}

extension SeparableHamiltonianSystem {
    /// `true`: the symplectic integrators take their explicit splitting form on this system.
    @inlinable
    public static var isSeparable: Bool { true }

    /// `∂H/∂q = ∂V/∂q(q)`: the ``potentialGradient(positions:into:)`` of `q`.
    @inlinable
    public func positionGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdq: UnsafeMutableBufferPointer<Double>
    ) {
        potentialGradient(positions: q, into: dHdq)
    }

    /// `∂H/∂p = ∂T/∂p(p)`: the ``kineticGradient(momenta:into:)`` of `p`.
    @inlinable
    public func momentumGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdp: UnsafeMutableBufferPointer<Double>
    ) {
        kineticGradient(momenta: p, into: dHdp)
    }

    /// `H = T(p) + V(q)`.
    @inlinable
    public func energy(_ x: UnsafeBufferPointer<Double>) -> Double {
        let d = positionCount
        return kineticEnergy(momenta: UnsafeBufferPointer(rebasing: x[d..<(2 * d)]))
            + potentialEnergy(positions: UnsafeBufferPointer(rebasing: x[0..<d]))
    }

    /// `dx/dt = (∂T/∂p, -∂V/∂q)`: one kinetic and one potential gradient evaluation.
    @inlinable
    public func timeDerivative(_ x: UnsafeBufferPointer<Double>, into dxdt: UnsafeMutableBufferPointer<Double>) {
        let d = positionCount
        kineticGradient(
            momenta: UnsafeBufferPointer(rebasing: x[d..<(2 * d)]),
            into: UnsafeMutableBufferPointer(rebasing: dxdt[0..<d]))
        let dpdt = UnsafeMutableBufferPointer(rebasing: dxdt[d..<(2 * d)])
        potentialGradient(positions: UnsafeBufferPointer(rebasing: x[0..<d]), into: dpdt)
        for i in 0..<d { dpdt[i] = -dpdt[i] }
    }

    /// The kinetic energy `T(p)` of the momenta of a phase state given as an array of `2 D` numbers.
    @inlinable
    public func kineticEnergy(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        let d = positionCount
        return x.withUnsafeBufferPointer { kineticEnergy(momenta: UnsafeBufferPointer(rebasing: $0[d..<(2 * d)])) }
    }

    /// The potential energy `V(q)` of the positions of a phase state given as an array of `2 D` numbers.
    @inlinable
    public func potentialEnergy(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        let d = positionCount
        return x.withUnsafeBufferPointer { potentialEnergy(positions: UnsafeBufferPointer(rebasing: $0[0..<d])) }
    }

    /// The potential gradient `∂V/∂q` (`D` numbers) at the positions of a phase state given as an array of `2 D`
    /// numbers.
    public func potentialGradient(_ x: [Double]) -> [Double] {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        let d = positionCount
        var gradient = [Double](repeating: 0, count: d)
        x.withUnsafeBufferPointer { xs in
            gradient.withUnsafeMutableBufferPointer {
                potentialGradient(positions: UnsafeBufferPointer(rebasing: xs[0..<d]), into: $0)
            }
        }
        return gradient
    }
}
