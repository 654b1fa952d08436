import Testing

@testable import Physics

/// Hamilton's equations of every system must be the exact gradient of its energy.
@Suite struct GradientTests {
    /// `dx/dt = (∂H/∂p, -∂H/∂q)` against central finite differences of `H` (step 1e-6, error ~1e-10 in each
    /// component, so a tolerance of 1e-7 relative to the gradient's scale is loose yet sharp enough to catch any
    /// wrong factor or sign).
    @Test(arguments: TestSystem.allCases)
    func timeDerivativeMatchesFiniteDifferences(_ testSystem: TestSystem) {
        let system = testSystem.system
        for seed: UInt64 in 1...5 {
            let x = testSystem.sampledState(seed: seed)
            let derivative = system.timeDerivative(x)
            let d = system.positionCount
            let step = 1e-6
            for i in 0..<(2 * d) {
                var plus = x, minus = x
                plus[i] += step
                minus[i] -= step
                let dHdx = (system.energy(plus) - system.energy(minus)) / (2 * step)
                // Coordinate i < d is q_i, whose partial is -dp_i/dt; coordinate d + j is p_j, whose partial is dq_j/dt.
                let expected = i < d ? -derivative[i + d] : derivative[i - d]
                let scale = max(1, abs(expected))
                #expect(abs(dHdx - expected) <= 1e-7 * scale, "\(testSystem) seed \(seed) coordinate \(i)")
            }
        }
    }

    /// The separable split adds up: `H = T + V`, and `timeDerivative = (∂T/∂p, -∂V/∂q)`.
    @Test(arguments: TestSystem.allCases)
    func separableSplitIsConsistent(_ testSystem: TestSystem) {
        let system = testSystem.system
        let x = testSystem.sampledState(seed: 11)
        #expect(abs(system.energy(x) - system.kineticEnergy(x) - system.potentialEnergy(x)) <= 1e-14)
        let derivative = system.timeDerivative(x)
        let gradient = system.potentialGradient(x)
        for j in 0..<system.positionCount {
            #expect(derivative[system.positionCount + j] == -gradient[j])
        }
    }

    /// The pendulum's closed forms at a hand-checked state: `q = π/2, p = 1`.
    @Test func pendulumAtQuarterTurn() {
        let pendulum = Pendulum(mass: 0.5, length: 2, gravity: 3)
        let x = [Double.pi / 2, 1.0]
        // T = 1 / (2 · 0.5 · 4) = 0.25; V = 0.5 · 3 · 2 · (1 - 0) = 3.
        #expect(abs(pendulum.energy(x) - 3.25) <= 1e-14)
        let derivative = pendulum.timeDerivative(x)
        #expect(abs(derivative[0] - 0.5) <= 1e-15)
        #expect(abs(derivative[1] + 3) <= 1e-15)
        let bob = pendulum.bodyPositions(x)[0]
        #expect(abs(bob.x - 2) <= 1e-15 && abs(bob.y) <= 1e-15)
    }

    /// Two unit masses two apart: `V = -G m1 m2 / r = -1`, and each is pulled toward the other with force 1/4.
    @Test func twoBodyAtKnownSeparation() {
        let system = NBody.twoBody
        let x = [-1.0, 0, 1, 0, 0, 0.5, 0, -0.5]
        #expect(abs(system.energy(x) - (0.125 + 0.125 - 0.5)) <= 1e-15)
        let derivative = system.timeDerivative(x)
        #expect(derivative[0...3] == [0, 0.5, 0, -0.5])
        #expect(derivative[4...7] == [0.25, 0, -0.25, 0])
        #expect(system.minimumPairDistance(x) == 2)
        #expect(system.bodyPositions(x) == [SIMD2(-1, 0), SIMD2(1, 0)])
    }

    @Test func namesAndParameters() {
        #expect(Pendulum().name == "pendulum")
        #expect(MassSpring().name == "mass-spring")
        #expect(NBody.twoBody.name == "two-body")
        #expect(NBody.threeBody.name == "three-body")
        #expect(Pendulum().parameters.map(\.name) == ["mass", "length", "gravity"])
        #expect(MassSpring().parameters.map(\.value) == [0.5, 2])
        #expect(
            NBody.threeBody.parameters.map(\.name)
                == ["mass_1", "mass_2", "mass_3", "gravitational_constant"])
        #expect(NBody.threeBody.positionCount == 6)
        #expect(NBody.threeBody.bodyMasses == [1, 1, 1])
    }

    @Test func validatedFactoriesRejectBadConstants() throws {
        #expect(throws: InvalidParameterError.self) { try Pendulum.validated(length: 0) }
        #expect(throws: InvalidParameterError.self) { try MassSpring.validated(mass: -1) }
        #expect(throws: InvalidParameterError.self) { try NBody.validated(masses: [1]) }
        #expect(throws: InvalidParameterError.self) { try NBody.validated(masses: [1, .nan]) }
        #expect(throws: InvalidParameterError.self) { try DormandPrince54.validated(relativeTolerance: 0) }
        #expect(throws: InvalidParameterError.self) { try NBodySampler.validated(radiusRange: 0...1, orbitNoise: 0.1) }
        do {
            _ = try Pendulum.validated(gravity: .infinity)
            Issue.record("an infinite gravity was accepted")
        } catch {
            #expect(error.description.contains("gravity"))
        }
        #expect(
            try Pendulum.validated(mass: 1, length: 2, gravity: 9.81) == Pendulum(mass: 1, length: 2, gravity: 9.81))
    }
}
