import Physics

/// What the study observes of a system beyond its energy: its angular momentum (for the gravitational systems) and
/// which coordinates are angles (compared modulo `2π`).
public protocol ObservedSystem: SeparableHamiltonianSystem {
    /// The total angular momentum of the state, or `nil` if the system does not conserve one.
    func angularMomentum(_ x: UnsafeBufferPointer<Double>) -> Double?

    /// The scale against which angular-momentum drift is measured: `Σ_i |q_i × p_i|` at `x`, positive even when the
    /// total vanishes (as for the figure-eight three-body orbit). `nil` if not applicable.
    func angularMomentumScale(_ x: [Double]) -> Double?

    /// The indices of state coordinates that are angles; differences in them are wrapped into `(-π, π]`.
    var angleCoordinates: [Int] { get }
}

extension Pendulum: ObservedSystem {
    /// `nil`: the pendulum's pivot exerts a torque, so no angular momentum is conserved.
    public func angularMomentum(_ x: UnsafeBufferPointer<Double>) -> Double? { nil }
    /// `nil`: see ``angularMomentum(_:)``.
    public func angularMomentumScale(_ x: [Double]) -> Double? { nil }
    /// The pendulum's angle `q`.
    public var angleCoordinates: [Int] { [0] }
}

extension MassSpring: ObservedSystem {
    /// `nil`: motion along a line has no angular momentum.
    public func angularMomentum(_ x: UnsafeBufferPointer<Double>) -> Double? { nil }
    /// `nil`: see ``angularMomentum(_:)``.
    public func angularMomentumScale(_ x: [Double]) -> Double? { nil }
    /// None: the extension `q` is a length.
    public var angleCoordinates: [Int] { [] }
}

extension NBody: ObservedSystem {
    /// `Σ_i (q_ix p_iy - q_iy p_ix)`, the same quantity as ``NBody/totalAngularMomentum(_:)`` read from a buffer,
    /// so that it can be observed after every step without allocating. `O(n)`.
    @inlinable
    public func angularMomentum(_ x: UnsafeBufferPointer<Double>) -> Double? {
        let d = positionCount
        var total = 0.0
        for i in 0..<bodyCount {
            total += x[2 * i] * x[d + 2 * i + 1] - x[2 * i + 1] * x[d + 2 * i]
        }
        return total
    }

    /// `Σ_i |q_ix p_iy - q_iy p_ix|`. `O(n)`.
    public func angularMomentumScale(_ x: [Double]) -> Double? {
        let d = positionCount
        var scale = 0.0
        for i in 0..<bodyCount { scale += abs(x[2 * i] * x[d + 2 * i + 1] - x[2 * i + 1] * x[d + 2 * i]) }
        return scale
    }

    /// None: positions are Cartesian.
    public var angleCoordinates: [Int] { [] }
}

extension ObservedSystem {
    /// The Euclidean distance between two states in phase space, with angle coordinates compared modulo `2π`.
    public func stateDistance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == stateCount && b.count == stateCount, "\(name): states have \(stateCount) numbers")
        var sum = 0.0
        for i in 0..<stateCount {
            var d = a[i] - b[i]
            if angleCoordinates.contains(i) {
                d = d - 2 * Double.pi * (d / (2 * Double.pi)).rounded()
            }
            sum += d * d
        }
        return sum.squareRoot()
    }
}
