import RealModule
import SeededRandom
import Testing

@testable import Physics

/// The fixed-step integrators on the non-separable double pendulum: Euler and RK4 as they are, the symplectic
/// methods in their implicit generalised forms. Measured on the standard regular orbit
/// (``DoublePendulum/slowModeOrbitState``), never on the chaotic orbits, where any error grows exponentially.
@Suite struct DoublePendulumIntegratorTests {
    static let system = DoublePendulum()
    static let x0 = DoublePendulum.slowModeOrbitState
    static let period = DoublePendulum.slowModeOrbitPeriod

    /// Step sizes `T / n` (halving) in each method's asymptotic range.
    static func stepsPerPeriod(for method: IntegrationMethod) -> [Int] {
        switch method {
        case .euler, .symplecticEuler: [256, 512, 1024, 2048]
        case .leapfrog: [64, 128, 256, 512]
        default: [32, 64, 128, 256]
        }
    }

    /// The error after 1.25 periods against `dopri54` at rtol 1e-13 halves as `dt^order` (each consecutive
    /// order within 0.1 of 1, 1, 2, 4, 4). Measured: Euler 1.04, 1.02, 1.01; symplectic Euler 1.01, 1.01, 1.00;
    /// leapfrog 2.00 (x3); RK4 4.00, 3.98, 3.99; Yoshida4 4.01, 4.00, 4.00.
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func convergenceOrderOnTheRegularOrbit(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        let time = 1.25 * Self.period
        let solver = DormandPrince54(relativeTolerance: 1e-13, absoluteTolerance: 1e-15, maxSteps: 10_000_000)
        let reference = try solver.solve(Self.system, from: Self.x0, at: [0, time]).state(at: 1)
        let errors = try Self.stepsPerPeriod(for: method).map { n in
            var state = Self.x0
            var workspace = IntegratorWorkspace(stateCount: 4)
            try integrator.advance(
                Self.system, state: &state, stepSize: Self.period / Double(n),
                steps: 5 * n / 4, workspace: &workspace)
            return zip(state, reference).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        let orders = zip(errors, errors.dropFirst()).map { Double.log2($0 / $1) }
        for order in orders {
            #expect(abs(order - Double(integrator.order)) <= 0.1, "\(method): errors \(errors), orders \(orders)")
        }
    }

    /// Over 1,000 periods at `dt = T / 64` (64,000 steps), the implicit symplectic methods keep the energy error in
    /// a band that does not widen (the worst error of every 100 periods within 1% of the first 100's), while RK4's
    /// grows steadily (every window worse than the one before, the last more than 5 times the first). Euler at that
    /// step overflows within the first 100 periods; at `T / 1024` its error still grows in every window of 10
    /// periods. Measured worst relative errors per window: symplectic Euler 5.16e-2, leapfrog 2.46e-3, Yoshida4
    /// 9.0e-6, all constant to 4 digits; RK4 1.16e-4, 2.31e-4, … 1.15e-3; Euler at T/1024 0.47, 1.15, … 14.5.
    @Test func symplecticMethodsKeepTheEnergyErrorBounded() throws {
        let energy = Self.system.energy(Self.x0)
        func windows(_ method: IntegrationMethod, stepsPerPeriod: Int, periodsPerWindow: Int) throws -> [Double] {
            var state = Self.x0
            var workspace = IntegratorWorkspace(stateCount: 4)
            let dt = Self.period / Double(stepsPerPeriod)
            return try (0..<10).map { _ in
                var worst = 0.0
                for _ in 0..<(stepsPerPeriod * periodsPerWindow) {
                    try method.advance(Self.system, state: &state, stepSize: dt, steps: 1, workspace: &workspace)
                    let error = abs(Self.system.energy(state) - energy) / energy
                    worst = error.isFinite ? max(worst, error) : .infinity
                }
                return worst
            }
        }
        for method in [IntegrationMethod.symplecticEuler, .leapfrog, .yoshida4] {
            let errors = try windows(method, stepsPerPeriod: 64, periodsPerWindow: 100)
            #expect(errors.max()! <= 1.01 * errors.first! && errors.max()! < 0.1, "\(method): \(errors)")
        }
        let rk4 = try windows(.rk4, stepsPerPeriod: 64, periodsPerWindow: 100)
        #expect(zip(rk4, rk4.dropFirst()).allSatisfy { $0 < $1 } && rk4.last! > 5 * rk4.first!, "rk4: \(rk4)")
        let eulerOverflow = try windows(.euler, stepsPerPeriod: 64, periodsPerWindow: 100)
        #expect(eulerOverflow.first! == .infinity, "euler at T/64: \(eulerOverflow)")
        let euler = try windows(.euler, stepsPerPeriod: 1024, periodsPerWindow: 10)
        #expect(
            zip(euler, euler.dropFirst()).allSatisfy { $0 < $1 } && euler.last! > 4 * euler.first!,
            "euler at T/1024: \(euler)")
    }

    /// On a separable system hidden behind the protocol's defaults (so that it takes the implicit path), the
    /// generalised methods give the explicit splitting's states to rounding: the implicit stages converge in one
    /// update there, and the forms are the same method.
    @Test(arguments: [IntegrationMethod.symplecticEuler, .leapfrog, .yoshida4])
    func generalisedFormsReduceToTheSplittingOnSeparableSystems(_ method: IntegrationMethod) throws {
        func difference<S: SeparableHamiltonianSystem>(_ system: S, from x0: [Double]) throws -> Double {
            var explicit = x0, implicit = x0
            var workspace = IntegratorWorkspace(stateCount: x0.count)
            try method.advance(system, state: &explicit, stepSize: 0.01, steps: 100, workspace: &workspace)
            try method.advance(
                OpaqueSystem(system), state: &implicit, stepSize: 0.01, steps: 100,
                workspace: &workspace)
            return maximumDifference(explicit, implicit)
        }
        for testSystem in [TestSystem.pendulum, .threeBody] {
            let gap = try difference(testSystem.system, from: testSystem.sampledState(seed: 3))
            #expect(gap <= 1e-12, "\(method) on \(testSystem): \(gap)")
        }
    }

    /// Generalised leapfrog and Yoshida4 are symmetric: 300 steps forward then 300 back return to the start (to
    /// the fixed-point tolerance's accumulation), on a chaotic state as well.
    @Test(arguments: [IntegrationMethod.leapfrog, .yoshida4])
    func symmetricMethodsAreTimeReversible(_ method: IntegrationMethod) throws {
        var generator = SeededGenerator(seed: 4)
        let chaotic = DoublePendulumSampler().initialState(for: Self.system, using: &generator)
        for x0 in [Self.x0, chaotic] {
            var state = x0
            var workspace = IntegratorWorkspace(stateCount: 4)
            try method.advance(Self.system, state: &state, stepSize: 0.01, steps: 300, workspace: &workspace)
            #expect(maximumDifference(state, x0) > 0.1)
            try method.advance(Self.system, state: &state, stepSize: -0.01, steps: 300, workspace: &workspace)
            #expect(maximumDifference(state, x0) <= 1e-11, "\(method) from \(x0)")
        }
    }

    /// The one-step maps of the implicit methods are symplectic, `Jᵀ Ω J = Ω` for their Jacobian `J` (central
    /// differences, step 1e-5), to 1e-8 at `dt = 0.05` on a chaotic state; Euler's and RK4's are not (their defects,
    /// `O(dt²)` and `O(dt⁵)`, are far above that). Measured largest defects: symplectic Euler 1.1e-11, leapfrog
    /// 5.6e-11, Yoshida4 7.7e-11 (the differencing's own error); RK4 1.9e-3, Euler 9.9e-2. (At `dt = 0.2` the
    /// fixed-point iteration does not converge on this high-energy state: see ``nonConvergenceFailsClearly(_:)``.)
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func oneStepMapIsSymplecticExactlyForTheSymplecticMethods(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        var generator = SeededGenerator(seed: 6)
        let x0 = DoublePendulumSampler().initialState(for: Self.system, using: &generator)
        let h = 1e-5
        var jacobian = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for j in 0..<4 {
            var plus = x0, minus = x0
            plus[j] += h
            minus[j] -= h
            try integrator.step(Self.system, state: &plus, dt: 0.05)
            try integrator.step(Self.system, state: &minus, dt: 0.05)
            for i in 0..<4 { jacobian[i][j] = (plus[i] - minus[i]) / (2 * h) }
        }
        // (Jᵀ Ω J)_{ab} = Σ_k J_{k a} J_{k+2, b} - J_{k+2, a} J_{k b} for Ω = [[0, I], [-I, 0]].
        var defect = 0.0
        for a in 0..<4 {
            for b in 0..<4 {
                var value = 0.0
                for k in 0..<2 { value += jacobian[k][a] * jacobian[k + 2][b] - jacobian[k + 2][a] * jacobian[k][b] }
                let omega: Double = (a < 2 && b == a + 2) ? 1 : (a >= 2 && b == a - 2) ? -1 : 0
                defect = max(defect, abs(value - omega))
            }
        }
        if integrator.isSymplectic {
            #expect(defect <= 1e-8, "\(method): defect \(defect)")
        } else {
            #expect(defect >= 1e-4, "\(method): defect \(defect)")
        }
    }

    /// The returned gradient evaluations are exactly the evaluations made: each fixed-point update and each
    /// explicit evaluation counts one (counted independently by a wrapper through the protocol's defaults).
    /// Per step on the regular orbit at `T / 64` (measured): Euler 1, RK4 4, symplectic Euler 6.6, leapfrog 11.3,
    /// Yoshida4 35.
    @Test(arguments: IntegrationMethod.fixedStepMethods)
    func gradientEvaluationsAreCountedHonestly(_ method: IntegrationMethod) throws {
        let counted = OpaqueSystem(Self.system)
        var state = Self.x0
        var workspace = IntegratorWorkspace(stateCount: 4)
        let reported = try method.advance(
            counted, state: &state, stepSize: Self.period / 64, steps: 64,
            workspace: &workspace)
        #expect(reported == counted.evaluations.count)
        let integrator = try #require(method.fixedStepIntegrator)
        if integrator.isSymplectic {
            #expect(reported > 64 * integrator.gradientEvaluationsPerStep, "\(method): \(reported)")
        } else {
            #expect(reported == 64 * integrator.gradientEvaluationsPerStep)
        }
    }

    /// An implicit stage that cannot converge (a step far too large for the iteration to contract, or an iteration
    /// limit too low) fails with a typed error that says what to do, and leaves the state after the completed steps.
    @Test(arguments: [IntegrationMethod.symplecticEuler, .leapfrog, .yoshida4])
    func nonConvergenceFailsClearly(_ method: IntegrationMethod) throws {
        var generator = SeededGenerator(seed: 2)
        let x0 = DoublePendulumSampler().initialState(for: Self.system, using: &generator)
        var state = x0
        var workspace = IntegratorWorkspace(stateCount: 4)
        do {
            try method.advance(Self.system, state: &state, stepSize: 3, steps: 10, workspace: &workspace)
            Issue.record("\(method): a step of 3 time units converged")
        } catch {
            guard case .fixedPointDidNotConverge(let name, let step, let stepSize, let iterations, _) = error else {
                Issue.record("\(method): unexpected \(error)")
                return
            }
            #expect(name == method.rawValue && stepSize == 3 && iterations >= 1 && iterations <= 100)
            #expect(error.description.contains("smaller steps"))
            if step == 0 { #expect(state == x0) }
        }

        let oneUpdate = FixedPointIteration(maximumIterations: 1)
        let integrators: [any Integrator] = [
            SymplecticEuler(iteration: oneUpdate), Leapfrog(iteration: oneUpdate), Yoshida4(iteration: oneUpdate),
        ]
        let integrator = try #require(integrators.first { $0.name == method.rawValue })
        var advanced = x0
        try integrator.advance(Self.system, state: &advanced, stepSize: 0.01, steps: 0, workspace: &workspace)
        #expect(advanced == x0)
        #expect(throws: IntegrationError.self) {
            try integrator.advance(Self.system, state: &advanced, stepSize: 0.01, steps: 2, workspace: &workspace)
        }
        #expect(advanced == x0)
    }
}
