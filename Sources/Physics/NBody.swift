/// Point masses in the plane attracting each other by Newtonian gravity (two-body, three-body, …).
///
/// `D = 2 n` for `n` bodies. Positions are interleaved per body, `q = (q1x, q1y, q2x, q2y, …)`, and the momenta
/// `p = (p1x, p1y, …)` follow in the same order.
///
///     H(q, p) = Σ_i |p_i|² / (2 m_i)  -  Σ_{i<j} G m_i m_j / |q_i - q_j|
///
/// Total linear momentum and total angular momentum are conserved; ``totalLinearMomentum(_:)``,
/// ``totalAngularMomentum(_:)`` and ``minimumPairDistance(_:)`` measure them along a trajectory.
/// Evaluating the potential or its gradient costs `O(n²)`.
public struct NBody: SeparableHamiltonianSystem, Equatable {
    /// The mass of each body; at least two.
    public var masses: [Double]
    /// The gravitational constant `G`.
    public var gravitationalConstant: Double

    /// Creates an n-body system. There must be at least two bodies and all constants must be finite and positive
    /// (a programmer error otherwise; use ``validated(masses:gravitationalConstant:)`` for values typed by a user).
    public init(masses: [Double] = [1, 1], gravitationalConstant: Double = 1) {
        precondition(masses.count >= 2, "NBody needs at least two bodies")
        precondition(
            masses.allSatisfy { $0 > 0 && $0.isFinite } && gravitationalConstant > 0
                && gravitationalConstant.isFinite, "NBody needs finite positive masses and G")
        self.masses = masses
        self.gravitationalConstant = gravitationalConstant
    }

    /// The HGN paper's two-body system: two unit masses, `G = 1`.
    public static var twoBody: NBody { NBody(masses: [1, 1]) }

    /// The HGN paper's three-body system: three unit masses, `G = 1`.
    public static var threeBody: NBody { NBody(masses: [1, 1, 1]) }

    /// Creates an n-body system from user-supplied constants, throwing a descriptive error for unusable values.
    public static func validated(
        masses: [Double], gravitationalConstant: Double = 1
    )
        throws(InvalidParameterError) -> NBody
    {
        let system = "\(masses.count)-body"
        guard masses.count >= 2 else {
            throw InvalidParameterError(
                component: system, parameter: "masses", value: "\(masses)", requirement: "a list of at least 2 masses")
        }
        for (i, m) in masses.enumerated() {
            try InvalidParameterError.requirePositive(m, "mass_\(i + 1)", of: system)
        }
        try InvalidParameterError.requirePositive(gravitationalConstant, "gravitational_constant", of: system)
        return NBody(masses: masses, gravitationalConstant: gravitationalConstant)
    }

    /// The number of bodies `n`.
    @inlinable
    public var bodyCount: Int { masses.count }

    /// `"two-body"`, `"three-body"`, or `"<n>-body"` for more bodies.
    public var name: String {
        switch bodyCount {
        case 2: "two-body"
        case 3: "three-body"
        default: "\(bodyCount)-body"
        }
    }

    public var positionCount: Int { 2 * masses.count }
    public var bodyMasses: [Double] { masses }

    /// `mass_1 … mass_n` and `gravitational_constant`.
    public var parameters: [(name: String, value: Double)] {
        masses.enumerated().map { ("mass_\($0.offset + 1)", $0.element) }
            + [("gravitational_constant", gravitationalConstant)]
    }

    @inlinable
    public func kineticEnergy(momenta p: UnsafeBufferPointer<Double>) -> Double {
        var t = 0.0
        for i in 0..<masses.count {
            let px = p[2 * i], py = p[2 * i + 1]
            t += (px * px + py * py) / (2 * masses[i])
        }
        return t
    }

    @inlinable
    public func potentialEnergy(positions q: UnsafeBufferPointer<Double>) -> Double {
        masses.withUnsafeBufferPointer { m in
            var v = 0.0
            for i in 0..<m.count {
                for j in (i + 1)..<m.count {
                    let dx = q[2 * i] - q[2 * j], dy = q[2 * i + 1] - q[2 * j + 1]
                    v -= m[i] * m[j] / (dx * dx + dy * dy).squareRoot()
                }
            }
            return gravitationalConstant * v
        }
    }

    @inlinable
    public func kineticGradient(momenta p: UnsafeBufferPointer<Double>, into dTdp: UnsafeMutableBufferPointer<Double>) {
        masses.withUnsafeBufferPointer { m in
            for i in 0..<m.count {
                let inverseMass = 1 / m[i]
                dTdp[2 * i] = p[2 * i] * inverseMass
                dTdp[2 * i + 1] = p[2 * i + 1] * inverseMass
            }
        }
    }

    /// `∂V/∂q_i = Σ_{j≠i} G m_i m_j (q_i - q_j) / |q_i - q_j|³`, accumulated once per pair.
    @inlinable
    public func potentialGradient(
        positions q: UnsafeBufferPointer<Double>, into dVdq: UnsafeMutableBufferPointer<Double>
    ) {
        masses.withUnsafeBufferPointer { m in
            for k in 0..<(2 * m.count) { dVdq[k] = 0 }
            for i in 0..<m.count {
                for j in (i + 1)..<m.count {
                    let dx = q[2 * i] - q[2 * j], dy = q[2 * i + 1] - q[2 * j + 1]
                    let r2 = dx * dx + dy * dy
                    let s = gravitationalConstant * m[i] * m[j] / (r2 * r2.squareRoot())
                    dVdq[2 * i] += s * dx
                    dVdq[2 * i + 1] += s * dy
                    dVdq[2 * j] -= s * dx
                    dVdq[2 * j + 1] -= s * dy
                }
            }
        }
    }

    public func bodyPositions(_ x: UnsafeBufferPointer<Double>) -> [SIMD2<Double>] {
        (0..<bodyCount).map { SIMD2(x[2 * $0], x[2 * $0 + 1]) }
    }

    // MARK: Conserved quantities and diagnostics

    /// The total linear momentum `Σ p_i`, conserved by the exact flow. `O(n)`.
    public func totalLinearMomentum(_ x: [Double]) -> SIMD2<Double> {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        let d = positionCount
        var total = SIMD2<Double>(0, 0)
        for i in 0..<bodyCount { total += SIMD2(x[d + 2 * i], x[d + 2 * i + 1]) }
        return total
    }

    /// The total angular momentum about the origin, `Σ (q_ix p_iy - q_iy p_ix)`, conserved by the exact flow. `O(n)`.
    public func totalAngularMomentum(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        return x.withUnsafeBufferPointer { totalAngularMomentum($0) }
    }

    /// ``totalAngularMomentum(_:)-([Double])`` read from a buffer, so that it can be observed after every step
    /// without allocating. `O(n)`.
    @inlinable
    public func totalAngularMomentum(_ x: UnsafeBufferPointer<Double>) -> Double {
        let d = positionCount
        var total = 0.0
        for i in 0..<bodyCount {
            total += x[2 * i] * x[d + 2 * i + 1] - x[2 * i + 1] * x[d + 2 * i]
        }
        return total
    }

    /// `Σ_i |q_ix p_iy - q_iy p_ix|`: a scale for angular-momentum drift that is positive even when the total
    /// vanishes (as on the figure-eight orbit). `O(n)`.
    public func angularMomentumScale(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        let d = positionCount
        var scale = 0.0
        for i in 0..<bodyCount { scale += abs(x[2 * i] * x[d + 2 * i + 1] - x[2 * i + 1] * x[d + 2 * i]) }
        return scale
    }

    /// The centre of mass `Σ m_i q_i / Σ m_i`. `O(n)`.
    public func centreOfMass(_ x: [Double]) -> SIMD2<Double> {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        var weighted = SIMD2<Double>(0, 0)
        for i in 0..<bodyCount { weighted += masses[i] * SIMD2(x[2 * i], x[2 * i + 1]) }
        return weighted / masses.reduce(0, +)
    }

    /// The smallest distance between any two bodies: small values flag close encounters, where the dynamics
    /// become stiff and rendered discs overlap. `O(n²)`.
    public func minimumPairDistance(_ x: [Double]) -> Double {
        precondition(x.count == stateCount, "\(name): a state has \(stateCount) numbers, got \(x.count)")
        var smallest = Double.infinity
        for i in 0..<bodyCount {
            for j in (i + 1)..<bodyCount {
                let dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1]
                smallest = min(smallest, (dx * dx + dy * dy).squareRoot())
            }
        }
        return smallest
    }
}

extension NBody {
    /// The Chenciner–Montgomery figure-eight choreography of three unit masses (`G = 1`):
    /// `q1 = -q2 = (0.97000436, -0.24308753)`, `q3 = 0`, `v3 = (-0.93240737, -0.86473146)`, `v1 = v2 = -v3 / 2`
    /// (Chenciner & Montgomery 2000, digits of Simó). A linearly stable periodic orbit of ``threeBody``, so errors
    /// along it grow polynomially, unlike on the chaotic rings the three-body sampler draws.
    public static let figureEightState: [Double] = {
        let q1 = SIMD2(0.97000436, -0.24308753)
        let v3 = SIMD2(-0.93240737, -0.86473146)
        let v1 = -v3 / 2
        return [q1.x, q1.y, -q1.x, -q1.y, 0, 0, v1.x, v1.y, v1.x, v1.y, v3.x, v3.y]
    }()

    /// The period of ``figureEightState`` (Simó).
    public static let figureEightPeriod = 6.32591398
}
