/// A physical system described by a Hamiltonian `H(q, p)` on a phase space of `2 D` numbers.
///
/// The phase state is one flat vector `x = concat(q, p)`: the `D` generalised positions first, then their `D`
/// conjugate momenta. For bodies moving in the plane the positions are interleaved per body,
/// `q = (q1x, q1y, q2x, q2y, …)`, and the momenta follow in the same order.
///
/// The hot-path requirements take unsafe buffers so that integrators can call them millions of times without
/// allocating; array conveniences with the same names are provided in an extension for tests and tools.
public protocol HamiltonianSystem: Sendable {
    /// The system's short name as used on the command line and in dataset files:
    /// `"pendulum"`, `"mass-spring"`, `"two-body"`, `"three-body"`, `"double-pendulum"`.
    var name: String { get }

    /// The number `D` of generalised position coordinates; the phase state has `2 D` numbers.
    var positionCount: Int { get }

    /// The mass of each rendered body, one entry per body (pendulum and mass-spring have one body).
    var bodyMasses: [Double] { get }

    /// The physical constants of this system, stored per trajectory in datasets as `/other/<name>`.
    var parameters: [(name: String, value: Double)] { get }

    /// The Hamiltonian `H(x)`, the total energy of the phase state `x` (which has `2 D` numbers).
    func energy(_ x: UnsafeBufferPointer<Double>) -> Double

    /// Writes Hamilton's equations `dx/dt = (∂H/∂p, -∂H/∂q)` at `x` into `dxdt`; both buffers have `2 D` numbers.
    func timeDerivative(_ x: UnsafeBufferPointer<Double>, into dxdt: UnsafeMutableBufferPointer<Double>)

    /// The position of each body in 2D world coordinates, in the order of `bodyMasses`.
    func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>]

    /// Whether `H(q, p) = T(p) + V(q)`, so that `∂H/∂q` does not depend on `p` nor `∂H/∂p` on `q`.
    ///
    /// The symplectic integrators read it to choose their explicit splitting form (true) or their implicit,
    /// generalised form (false). It is a static property so that the choice is made per system type: in code
    /// specialised for a concrete system it is a constant and the unused form is compiled away. Conformers do not
    /// implement it: ``SeparableHamiltonianSystem`` makes it `true`, every other system gets `false`.
    static var isSeparable: Bool { get }

    /// Writes `∂H/∂q` at the positions `q` and momenta `p` (`D` numbers each, possibly in different buffers) into
    /// `dHdq` (`D` numbers).
    ///
    /// The default copies `(q, p)` into a stack buffer, computes the whole ``timeDerivative(_:into:)`` there and
    /// keeps its second half, negated; systems whose `∂H/∂q` is cheaper alone implement it. Separable systems
    /// forward to ``SeparableHamiltonianSystem/potentialGradient(positions:into:)``, ignoring `p`.
    func positionGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdq: UnsafeMutableBufferPointer<Double>)

    /// Writes `∂H/∂p` (the velocity `dq/dt`) at the positions `q` and momenta `p` (`D` numbers each) into `dHdp`
    /// (`D` numbers).
    ///
    /// The default computes the whole ``timeDerivative(_:into:)`` in a stack buffer and keeps its first half;
    /// systems whose `∂H/∂p` is cheaper alone implement it. Separable systems forward to
    /// ``SeparableHamiltonianSystem/kineticGradient(momenta:into:)``, ignoring `q`.
    func momentumGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdp: UnsafeMutableBufferPointer<Double>)
}

extension HamiltonianSystem {
    /// `false`: a system is non-separable unless it conforms to ``SeparableHamiltonianSystem``.
    @inlinable
    public static var isSeparable: Bool { false }

    /// `∂H/∂q` as minus the second half of ``timeDerivative(_:into:)`` (evaluated in a stack buffer).
    @inlinable
    public func positionGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdq: UnsafeMutableBufferPointer<Double>
    ) {
        withTimeDerivative(positions: q, momenta: p) { dxdt in
            for i in 0..<dHdq.count { dHdq[i] = -dxdt[dHdq.count + i] }
        }
    }

    /// `∂H/∂p` as the first half of ``timeDerivative(_:into:)`` (evaluated in a stack buffer).
    @inlinable
    public func momentumGradient(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        into dHdp: UnsafeMutableBufferPointer<Double>
    ) {
        withTimeDerivative(positions: q, momenta: p) { dxdt in
            for i in 0..<dHdp.count { dHdp[i] = dxdt[i] }
        }
    }

    /// Calls `body` with the time derivative at `(q, p)` (`2 D` numbers), both held in one stack buffer.
    @inlinable
    func withTimeDerivative(
        positions q: UnsafeBufferPointer<Double>, momenta p: UnsafeBufferPointer<Double>,
        _ body: (UnsafeMutableBufferPointer<Double>) -> Void
    ) {
        let d = positionCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * d) { buffer in
            let x = UnsafeMutableBufferPointer(rebasing: buffer[0..<(2 * d)])
            let dxdt = UnsafeMutableBufferPointer(rebasing: buffer[(2 * d)..<(4 * d)])
            for i in 0..<d {
                x[i] = q[i]
                x[d + i] = p[i]
            }
            timeDerivative(UnsafeBufferPointer(x), into: dxdt)
            body(dxdt)
        }
    }
}

extension HamiltonianSystem {
    /// The length `2 D` of a phase state of this system.
    @inlinable
    public var stateCount: Int { 2 * positionCount }

    /// The Hamiltonian `H(x)` of a phase state given as an array of `2 D` numbers.
    @inlinable
    public func energy(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        return x.withUnsafeBufferPointer { energy($0) }
    }

    /// Hamilton's equations `dx/dt = (∂H/∂p, -∂H/∂q)` at the phase state `x`.
    @inlinable
    public func timeDerivative(_ x: [Double]) -> [Double] {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        var dxdt = [Double](repeating: 0, count: stateCount)
        x.withUnsafeBufferPointer { xs in
            dxdt.withUnsafeMutableBufferPointer { timeDerivative(xs, into: $0) }
        }
        return dxdt
    }

    /// The position of each body in 2D world coordinates for a phase state given as an array.
    @inlinable
    public func bodyPositions(_ x: [Double]) -> [SIMD2<Double>] {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        return x.withUnsafeBufferPointer { bodyPositions($0) }
    }
}
