import RealModule
import Testing

@testable import Physics

/// Orders of convergence, long-time energy behaviour, reversibility and cost accounting of the fixed-step
/// integrators.
@Suite struct FixedStepIntegratorTests {
    static let integrators: [IntegrationMethod] = IntegrationMethod.fixedStepMethods

    /// Step sizes (halving) in each method's asymptotic range: small enough that the leading error term dominates,
    /// large enough that rounding does not.
    static func stepSizes(for method: IntegrationMethod) -> [Double] {
        switch method {
        case .euler, .symplecticEuler: [1.0 / 128, 1.0 / 256, 1.0 / 512, 1.0 / 1024]
        case .leapfrog: [1.0 / 16, 1.0 / 32, 1.0 / 64, 1.0 / 128]
        default: [1.0 / 4, 1.0 / 8, 1.0 / 16, 1.0 / 32]
        }
    }

    /// The error at t = 2 against the exact solution, for each step size of a halving sweep; each consecutive
    /// ratio's log2 must be within 0.3 of the method's order.
    func measuredOrders<A: AnalyticSolution>(
        _ integrator: any Integrator, _ solution: A, from x0: [Double], stepSizes: [Double]
    ) throws -> [Double] where A.System: SeparableHamiltonianSystem {
        let horizon = 2.0
        let exact = solution.state(at: horizon)
        let errors = try stepSizes.map { dt in
            var state = x0
            var workspace = IntegratorWorkspace(stateCount: x0.count)
            try integrator.advance(
                solution.system, state: &state, stepSize: dt, steps: Int((horizon / dt).rounded()),
                workspace: &workspace)
            return maximumDifference(state, exact)
        }
        return zip(errors, errors.dropFirst()).map { Double.log2($0 / $1) }
    }

    @Test(arguments: integrators)
    func convergenceOrderOnHarmonicOscillator(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        let x0 = [0.8, 0.3]
        let solution = HarmonicOscillatorSolution(system: MassSpring(), initialState: x0)
        let orders = try measuredOrders(integrator, solution, from: x0, stepSizes: Self.stepSizes(for: method))
        for order in orders {
            #expect(abs(order - Double(integrator.order)) <= 0.3, "\(method): measured orders \(orders)")
        }
    }

    @Test(arguments: integrators)
    func convergenceOrderOnPendulum(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        let x0 = [1.5, 0.4]
        let solution = PendulumSolution(system: Pendulum(), initialState: x0)
        let orders = try measuredOrders(integrator, solution, from: x0, stepSizes: Self.stepSizes(for: method))
        for order in orders {
            #expect(abs(order - Double(integrator.order)) <= 0.3, "\(method): measured orders \(orders)")
        }
    }

    /// Over 10,000 steps of dt 0.01 on the pendulum, leapfrog's energy error oscillates within a fixed band while
    /// explicit Euler's grows without bound.
    @Test func leapfrogEnergyStaysBoundedWhileEulerGrows() throws {
        let pendulum = Pendulum()
        let x0 = [1.0, 0.0]
        let initialEnergy = pendulum.energy(x0)
        func energyErrors(_ integrator: some Integrator) throws -> [Double] {
            var state = x0
            var workspace = IntegratorWorkspace(stateCount: 2)
            return try (0..<10).map { _ in
                var worst = 0.0
                for _ in 0..<1_000 {
                    try integrator.advance(pendulum, state: &state, stepSize: 0.01, steps: 1, workspace: &workspace)
                    worst = max(worst, abs(pendulum.energy(state) - initialEnergy))
                }
                return worst / initialEnergy
            }
        }
        let leapfrog = try energyErrors(Leapfrog())
        #expect(leapfrog.max()! < 1e-4)
        #expect(leapfrog.last! <= 1.1 * leapfrog.first!, "leapfrog's band must not widen: \(leapfrog)")
        let euler = try energyErrors(Euler())
        // Measured: Euler's worst error per window climbs 0.28, 0.62, 1.0, … 3.7; leapfrog's stays at 6.9e-5.
        #expect(euler.last! > 8 * euler.first!, "Euler's energy error must grow: \(euler)")
        #expect(zip(euler, euler.dropFirst()).allSatisfy { $0 < $1 })
        #expect(euler.last! > 100 * leapfrog.max()!)
    }

    /// Every symplectic method keeps a bounded energy error over a long run on the mass-spring.
    @Test(arguments: integrators)
    func symplecticMethodsHaveBoundedEnergyError(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        guard integrator.isSymplectic else { return }
        let system = MassSpring()
        var state = [0.5, 0.2]
        let energy = system.energy(state)
        var workspace = IntegratorWorkspace(stateCount: 2)
        var firstWindow = 0.0, lastWindow = 0.0
        for window in 0..<20 {
            var worst = 0.0
            for _ in 0..<500 {
                try integrator.advance(system, state: &state, stepSize: 0.05, steps: 1, workspace: &workspace)
                worst = max(worst, abs(system.energy(state) - energy) / energy)
            }
            if window == 0 { firstWindow = worst }
            lastWindow = worst
        }
        #expect(lastWindow <= 1.1 * firstWindow && lastWindow < 0.1, "\(method): \(firstWindow) → \(lastWindow)")
    }

    /// Leapfrog and Yoshida are symmetric: stepping forward then backward returns to the start.
    @Test(arguments: [IntegrationMethod.leapfrog, .yoshida4])
    func symmetricMethodsAreTimeReversible(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        let system = NBody.threeBody
        let x0 = TestSystem.threeBody.sampledState(seed: 2)
        var state = x0
        var workspace = IntegratorWorkspace(stateCount: x0.count)
        try integrator.advance(system, state: &state, stepSize: 0.01, steps: 200, workspace: &workspace)
        #expect(maximumDifference(state, x0) > 0.1)
        try integrator.advance(system, state: &state, stepSize: -0.01, steps: 200, workspace: &workspace)
        #expect(maximumDifference(state, x0) <= 1e-11)
    }

    /// Splitting methods conserve the n-body linear and angular momentum to rounding: each kick adds equal and
    /// opposite central forces, each drift moves bodies along their momenta.
    @Test(arguments: [IntegrationMethod.symplecticEuler, .leapfrog, .yoshida4])
    func splittingMethodsConserveMomenta(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        let system = NBody(masses: [1, 2, 0.5])
        var state = TestSystem.unequalThreeBody.sampledState(seed: 4)
        state[8] += 0.3  // give the system some net momentum as well
        let momentum = system.totalLinearMomentum(state), angularMomentum = system.totalAngularMomentum(state)
        var workspace = IntegratorWorkspace(stateCount: state.count)
        try integrator.advance(system, state: &state, stepSize: 0.005, steps: 400, workspace: &workspace)
        let drift = system.totalLinearMomentum(state) - momentum
        #expect(abs(drift.x) <= 1e-13 && abs(drift.y) <= 1e-13)
        #expect(abs(system.totalAngularMomentum(state) - angularMomentum) <= 1e-12)
    }

    /// The returned evaluation counts match each method's stated cost, with one extra opening gradient for the
    /// splitting methods that reuse the closing kick's.
    @Test(arguments: integrators)
    func gradientEvaluationCounts(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        var state = [0.1, 0.2]
        var workspace = IntegratorWorkspace(stateCount: 2)
        let used = try integrator.advance(Pendulum(), state: &state, stepSize: 0.1, steps: 10, workspace: &workspace)
        let reusesGradient = method == .leapfrog || method == .yoshida4
        #expect(used == 10 * integrator.gradientEvaluationsPerStep + (reusesGradient ? 1 : 0))
        #expect(try integrator.advance(Pendulum(), state: &state, stepSize: 0.1, steps: 0, workspace: &workspace) == 0)
    }

    /// `step` (one allocating step) and `advance` with a reused workspace give bit-identical results, and one
    /// workspace serves systems of different sizes.
    @Test(arguments: integrators)
    func stepAndAdvanceAgree(_ method: IntegrationMethod) throws {
        let integrator = try #require(method.fixedStepIntegrator)
        var workspace = IntegratorWorkspace(stateCount: 2)
        for testSystem in TestSystem.allCases {
            let x0 = testSystem.sampledState(seed: 9)
            var stepped = x0, advanced = x0
            for _ in 0..<5 { try integrator.step(testSystem.system, state: &stepped, dt: 0.01) }
            try integrator.advance(testSystem.system, state: &advanced, stepSize: 0.01, steps: 5, workspace: &workspace)
            #expect(maximumDifference(stepped, advanced) <= 1e-15, "\(method) on \(testSystem)")
            var byMethod = x0
            try method.advance(testSystem.system, state: &byMethod, stepSize: 0.01, steps: 5, workspace: &workspace)
            #expect(byMethod == advanced)
        }
    }

    @Test func fixedStepTrajectoryLayout() throws {
        let system = MassSpring()
        let trajectory = try Leapfrog().trajectory(
            system, from: [0.5, 0], frames: 5, frameInterval: 0.125, substeps: 4)
        #expect(trajectory.times == frameTimes(5))
        #expect(trajectory.states.count == 10 && trajectory.derivatives.count == 10 && trajectory.energies.count == 5)
        #expect(trajectory.state(at: 0) == [0.5, 0])
        #expect(trajectory.statistics.acceptedSteps == 16)
        #expect(trajectory.statistics.gradientEvaluations == 4 * 5)
        #expect(trajectory.derivative(at: 3) == system.timeDerivative(trajectory.state(at: 3)))
        let exact = HarmonicOscillatorSolution(system: system, initialState: [0.5, 0]).states(at: trajectory.times)
        #expect(maximumDifference(exact, trajectory.states) <= 1e-3)
    }

    @Test func lookupByName() throws {
        for method in IntegrationMethod.allCases {
            #expect(try IntegrationMethod(name: method.rawValue) == method)
            if let integrator = method.fixedStepIntegrator {
                #expect(integrator.name == method.rawValue)
            }
        }
        #expect(IntegrationMethod.dormandPrince54.fixedStepIntegrator == nil)
        #expect(DormandPrince54().name == IntegrationMethod.dormandPrince54.rawValue)
        do {
            _ = try IntegrationMethod(name: "verlet")
            Issue.record("an unknown name was accepted")
        } catch {
            #expect(error.description.contains("verlet") && error.description.contains("yoshida4"))
        }
        #expect(Yoshida4.outerWeight * 2 + Yoshida4.innerWeight == 1)
        #expect(abs(2 * Double.pow(Yoshida4.outerWeight, 3) + Double.pow(Yoshida4.innerWeight, 3)) <= 1e-14)
    }
}
