import SeededRandom

@testable import Physics

/// The systems every generic test runs on, as a `Sendable`, printable test argument.
enum TestSystem: String, CaseIterable, CustomStringConvertible, Sendable {
    case pendulum, massSpring, twoBody, threeBody, unequalThreeBody

    var description: String { rawValue }

    var system: any SeparableHamiltonianSystem {
        switch self {
        case .pendulum: Pendulum()
        case .massSpring: MassSpring()
        case .twoBody: NBody.twoBody
        case .threeBody: NBody.threeBody
        case .unequalThreeBody: NBody(masses: [1, 2, 0.5], gravitationalConstant: 1.5)
        }
    }

    /// A state drawn by the system's dataset sampler.
    func sampledState(seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        switch self {
        case .pendulum: return PendulumSampler().initialState(for: Pendulum(), using: &generator)
        case .massSpring: return MassSpringSampler().initialState(for: MassSpring(), using: &generator)
        case .twoBody: return NBodySampler.twoBody.initialState(for: .twoBody, using: &generator)
        case .threeBody: return NBodySampler.threeBody.initialState(for: .threeBody, using: &generator)
        case .unequalThreeBody:
            guard let system = self.system as? NBody else { return [] }
            return NBodySampler.threeBody.initialState(for: system, using: &generator)
        }
    }
}

/// The largest absolute difference between two equally long arrays.
func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// `count` evenly spaced times `0, dt, 2 dt, …`.
func frameTimes(_ count: Int, interval dt: Double = 0.125) -> [Double] {
    (0..<count).map { Double($0) * dt }
}

/// A system seen only through the protocol's required members: the defaults of ``HamiltonianSystem`` supply its
/// partial gradients (through the time derivative) and `isSeparable` (false), so the integrators take their
/// generalised implicit forms on it even when the wrapped system is separable. Every evaluation of the time
/// derivative is counted in `evaluations` (shared by copies).
struct OpaqueSystem<Wrapped: HamiltonianSystem>: HamiltonianSystem {
    /// A shared evaluation counter (tests are single-threaded per system).
    final class Counter: @unchecked Sendable { var count = 0 }

    var wrapped: Wrapped
    let evaluations = Counter()

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    var name: String { wrapped.name }
    var positionCount: Int { wrapped.positionCount }
    var bodyMasses: [Double] { wrapped.bodyMasses }
    var parameters: [(name: String, value: Double)] { wrapped.parameters }
    func energy(_ x: UnsafeBufferPointer<Double>) -> Double { wrapped.energy(x) }
    func timeDerivative(_ x: UnsafeBufferPointer<Double>, into dxdt: UnsafeMutableBufferPointer<Double>) {
        evaluations.count += 1
        wrapped.timeDerivative(x, into: dxdt)
    }
    func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>] { wrapped.bodyPositions(x) }
}
