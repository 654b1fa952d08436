import Testing

@testable import Physics

/// Conserved quantities of the n-body problem along ground-truth trajectories.
@Suite struct NBodyConservationTests {
    @Test(arguments: [TestSystem.twoBody, .threeBody, .unequalThreeBody])
    func momentaAreConserved(_ testSystem: TestSystem) throws {
        guard let system = testSystem.system as? NBody else { return }
        for seed: UInt64 in 1...4 {
            var x0 = testSystem.sampledState(seed: seed)
            x0[x0.count - 1] += 0.2  // a net momentum, so linear conservation is not trivially zero
            let trajectory = try DormandPrince54().solve(system, from: x0, frames: 128, frameInterval: 0.125)
            let momentum = system.totalLinearMomentum(x0), angularMomentum = system.totalAngularMomentum(x0)
            for frame in 0..<trajectory.frameCount {
                let state = trajectory.state(at: frame)
                let drift = system.totalLinearMomentum(state) - momentum
                #expect(abs(drift.x) <= 1e-9 && abs(drift.y) <= 1e-9)
                #expect(abs(system.totalAngularMomentum(state) - angularMomentum) <= 1e-8)
            }
            // The centre of mass moves uniformly: R(t) = R(0) + P t / M.
            let total = system.masses.reduce(0, +)
            let lastTime = trajectory.times.last!
            let expected = system.centreOfMass(x0) + lastTime * momentum / total
            let centre = system.centreOfMass(trajectory.state(at: trajectory.frameCount - 1))
            #expect(abs(centre.x - expected.x) <= 1e-8 && abs(centre.y - expected.y) <= 1e-8)
        }
    }

    @Test func minimumPairDistanceFindsTheClosestPair() {
        let system = NBody.threeBody
        let x: [Double] = [0, 0, 3, 4, 0.6, 0.8, 0, 0, 0, 0, 0, 0]
        #expect(system.minimumPairDistance(x) == 1)
        #expect(system.centreOfMass(x) == SIMD2(3.6 / 3, 4.8 / 3))
    }

    @Test func angularMomentumOfACircularPair() {
        // Two unit masses at (±1, 0) moving at ∓0.5 in y: L = 2 · (1 · 0.5) = 1.
        let x: [Double] = [1, 0, -1, 0, 0, 0.5, 0, -0.5]
        #expect(NBody.twoBody.totalAngularMomentum(x) == 1)
        #expect(NBody.twoBody.totalLinearMomentum(x) == SIMD2(0, 0))
    }
}
