import RealModule
import SeededRandom
import Testing

@testable import Physics

/// The double pendulum's Hamiltonian, gradients, geometry and sampler.
@Suite struct DoublePendulumTests {
    static let system = DoublePendulum()

    /// States of the standard sampler, plus the special angles `Δ = 0` and `Δ = ±π/2`, where `sin Δ` or `cos Δ`
    /// vanishes and a wrong sign or factor in one term could hide.
    static func testStates() -> [[Double]] {
        var generator = SeededGenerator(seed: 21)
        let sampled = (0..<12).map { _ in DoublePendulumSampler().initialState(for: system, using: &generator) }
        return sampled + [
            [0.3, 0.3, 0.7, -0.4], [1.2, 1.2 - Double.pi / 2, -0.5, 0.9], [0, Double.pi / 2, 1.1, 0.6],
        ]
    }

    /// `dx/dt = (∂H/∂p, -∂H/∂q)` against central differences of `H`: within 1e-7 of the gradient's scale at step
    /// 1e-6, and, as the difference step halves from 1e-2 to 2.5e-3, the discrepancy shrinks by 4 (the central
    /// difference's own second-order error, which a wrong gradient would not follow).
    @Test func timeDerivativeMatchesFiniteDifferences() {
        let system = Self.system
        func centralDifference(_ x: [Double], _ i: Int, _ h: Double) -> Double {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            return (system.energy(plus) - system.energy(minus)) / (2 * h)
        }
        for x in Self.testStates() {
            let derivative = system.timeDerivative(x)
            for i in 0..<4 {
                let expected = i < 2 ? -derivative[i + 2] : derivative[i - 2]
                let scale = max(1, abs(expected))
                #expect(abs(centralDifference(x, i, 1e-6) - expected) <= 1e-7 * scale, "\(x) coordinate \(i)")
                let coarse = abs(centralDifference(x, i, 1e-2) - expected)
                let finer = abs(centralDifference(x, i, 5e-3) - expected)
                let finest = abs(centralDifference(x, i, 2.5e-3) - expected)
                if coarse > 1e-9 * scale {  // a truncation error well above rounding
                    #expect(
                        abs(coarse / finer - 4) <= 0.1 && abs(finer / finest - 4) <= 0.1,
                        "\(x) coordinate \(i): discrepancies \(coarse), \(finer), \(finest)")
                }
            }
        }
    }

    /// The partial gradients are the halves of the time derivative, bit for bit, and the protocol's default
    /// partial gradients (through the time derivative) agree with them.
    @Test func partialGradientsAreTheHalvesOfTheTimeDerivative() {
        let system = Self.system
        let plain = OpaqueSystem(system)
        for x in Self.testStates() {
            let derivative = system.timeDerivative(x)
            typealias PartialGradient = (
                UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                UnsafeMutableBufferPointer<Double>
            ) -> Void
            func evaluate(_ gradient: PartialGradient) -> [Double] {
                let q = Array(x[0..<2]), p = Array(x[2..<4])
                var result = [0.0, 0]
                q.withUnsafeBufferPointer { q in
                    p.withUnsafeBufferPointer { p in result.withUnsafeMutableBufferPointer { gradient(q, p, $0) } }
                }
                return result
            }
            let dHdq = evaluate(system.positionGradient), dHdp = evaluate(system.momentumGradient)
            let defaultDHdq = evaluate(plain.positionGradient), defaultDHdp = evaluate(plain.momentumGradient)
            #expect(dHdq == [-derivative[2], -derivative[3]] && dHdp == [derivative[0], derivative[1]])
            #expect(defaultDHdq == dHdq && defaultDHdp == dHdp)
        }
    }

    /// `H` is the Legendre transform of the drawn bodies' Lagrangian: with `q̇ = ∂H/∂p`, the bodies' velocities
    /// `v_k` (central differences of ``DoublePendulum/bodyPositions(_:)`` along `q̇`) give the kinetic energy
    /// `Σ m_k |v_k|² / 2 = H - V` and the momenta `p_i = Σ_k m_k v_k · ∂b_k/∂q_i`; and `V` is the bodies' height
    /// energy `g Σ m_k (y_k - y_k,rest)`. This ties the Hamiltonian to the geometry independently of its formula.
    @Test func hamiltonianIsTheLegendreTransformOfTheBodiesLagrangian() {
        let system = DoublePendulum(mass1: 0.7, mass2: 0.4, length1: 1.3, length2: 0.8, gravity: 2.5)
        let h = 1e-5
        func positions(_ q: [Double]) -> [SIMD2<Double>] { system.bodyPositions(q + [0, 0]) }
        func derivative(along direction: [Double], at q: [Double]) -> [SIMD2<Double>] {
            let plus = positions(zip(q, direction).map { $0 + h * $1 })
            let minus = positions(zip(q, direction).map { $0 - h * $1 })
            return zip(plus, minus).map { ($0 - $1) / (2 * h) }
        }
        let rest = positions([0, 0])
        for x in Self.testStates() {
            let q = Array(x[0..<2]), p = Array(x[2..<4])
            let velocities = derivative(along: Array(system.timeDerivative(x)[0..<2]), at: q)
            let bodyKinetic = zip(system.bodyMasses, velocities).reduce(0.0) { $0 + $1.0 * ($1.1 * $1.1).sum() / 2 }
            let potential = system.potentialEnergy(q1: q[0], q2: q[1])
            let kinetic = system.energy(x) - potential
            #expect(abs(bodyKinetic - kinetic) <= 1e-8 * max(1, kinetic), "\(x)")
            for i in 0..<2 {
                let jacobian = derivative(along: i == 0 ? [1, 0] : [0, 1], at: q)
                let momentum = (0..<2).reduce(0.0) {
                    $0 + system.bodyMasses[$1] * (velocities[$1] * jacobian[$1]).sum()
                }
                #expect(abs(momentum - p[i]) <= 1e-8 * max(1, abs(p[i])), "\(x) momentum \(i)")
            }
            let height = zip(system.bodyMasses, zip(positions(q), rest)).reduce(0.0) {
                $0 + system.gravity * $1.0 * ($1.1.0.y - $1.1.1.y)
            }
            #expect(abs(height - potential) <= 1e-13 * max(1, potential), "\(x)")
        }
    }

    /// Hand-checked states with DeepMind's constants.
    @Test func closedFormsAtHandCheckedStates() {
        let system = Self.system
        // At rest hanging down: H = 0 (the potential's zero), no force.
        #expect(system.energy([0, 0, 0, 0]) == 0)
        #expect(system.timeDerivative([0, 0, 0, 0]) == [0, 0, 0, 0])
        // Inner rod horizontal, outer hanging, at rest: V = (m1 + m2) g l1 = 3; bobs at (1, 0) and (1, -1).
        let horizontal = [Double.pi / 2, 0, 0, 0]
        #expect(abs(system.energy(horizontal) - 3) <= 1e-15)
        let bobs = system.bodyPositions(horizontal)
        #expect(abs(bobs[0].x - 1) <= 1e-15 && abs(bobs[0].y) <= 1e-15)
        #expect(abs(bobs[1].x - 1) <= 1e-15 && abs(bobs[1].y + 1) <= 1e-15)
        // Aligned rods (Δ = 0): T = [l2² p1² + 2 l1² p2² - 2 l1 l2 p1 p2] m2 / (2 m2 l1² l2² m1) with p = (1, 0): 1.
        #expect(abs(system.energy([0, 0, 1, 0]) - 1) <= 1e-15)
        // ... and the velocities are M⁻¹ p with M = m l² [[2, 1], [1, 1]]: q̇ = (p1 - p2, 2 p2 - p1) / (m l²).
        let derivative = system.timeDerivative([0, 0, 1, 0.25])
        #expect(abs(derivative[0] - 1.5) <= 1e-15 && abs(derivative[1] + 1) <= 1e-15)
    }

    @Test func namesParametersAndSeparability() {
        let system = Self.system
        #expect(system.name == "double-pendulum")
        #expect(system.positionCount == 2 && system.stateCount == 4)
        #expect(system.bodyMasses == [0.5, 0.5])
        #expect(system.parameters.map(\.name) == ["mass_1", "mass_2", "length_1", "length_2", "gravity"])
        #expect(system.parameters.map(\.value) == [0.5, 0.5, 1, 1, 3])
        func separable<S: HamiltonianSystem>(_: S) -> Bool { S.isSeparable }
        #expect(
            !DoublePendulum.isSeparable && !separable(system) && !separable(OpaqueSystem(system))
                && !separable(OpaqueSystem(Pendulum())))
        #expect(Pendulum.isSeparable && MassSpring.isSeparable && NBody.isSeparable)
        #expect(separable(Pendulum()) && separable(MassSpring()) && separable(NBody.threeBody))
    }

    @Test func validatedFactoryRejectsBadConstants() throws {
        #expect(throws: InvalidParameterError.self) { try DoublePendulum.validated(mass2: 0) }
        #expect(throws: InvalidParameterError.self) { try DoublePendulum.validated(length1: .nan) }
        #expect(throws: InvalidParameterError.self) { try DoublePendulumSampler.validated(radiusRange: -1...1) }
        do {
            _ = try DoublePendulum.validated(gravity: -3)
            Issue.record("a negative gravity was accepted")
        } catch {
            #expect(error.description.contains("gravity") && error.description.contains("double-pendulum"))
        }
        #expect(try DoublePendulum.validated(mass1: 1, length2: 2) == DoublePendulum(mass1: 1, length2: 2))
    }

    /// The sampler draws `r1, θ1, r2, θ2` in that order (one `next()` each) and returns `(q1, q2, p1, p2)` with
    /// `(q_i, p_i) = r_i (cos θ_i, sin θ_i)`; the radii are uniform in the range, not uniform over the annulus.
    @Test func samplerDrawsInItsDocumentedOrder() {
        var generator = SeededGenerator(seed: 8)
        let sampler = DoublePendulumSampler()
        var radii = [Double]()
        for _ in 0..<2_000 {
            var replay = generator
            let x = sampler.initialState(for: Self.system, using: &generator)
            for i in 0..<2 {
                let r = replay.uniform(in: 1.3...2.3), angle = replay.uniform(in: 0..<(2 * Double.pi))
                #expect(x[i] == r * Double.cos(angle) && x[2 + i] == r * Double.sin(angle))
                radii.append((x[i] * x[i] + x[2 + i] * x[2 + i]).squareRoot())
            }
            #expect(replay == generator)
        }
        #expect(radii.allSatisfy { $0 >= 1.3 - 1e-12 && $0 <= 2.3 + 1e-12 })
        // Uniform in r: each half of the range holds about half of the radii (uniform over the annulus would put
        // (2.3² - 1.8²) / (2.3² - 1.3²) = 57% in the upper half).
        let upper = Double(radii.filter { $0 > 1.8 }.count) / Double(radii.count)
        #expect(abs(upper - 0.5) <= 0.03, "upper half holds \(upper)")
    }
}
