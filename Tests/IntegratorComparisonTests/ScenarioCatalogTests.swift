import Physics
import Systems
import Testing

@testable import IntegratorComparison

/// The comparison's systems come from the registry's descriptors, and the double pendulum's scenario (the one
/// non-separable system, with a numerical reference) measures what the integrators promise.
@Suite struct ScenarioCatalogTests {
    /// Every registered descriptor contributes its scenarios, in registry order; nothing else lists systems.
    @Test func systemsAreTheRegistrysScenarios() throws {
        var expected = [String]()
        for descriptor in SystemRegistry.all {
            func names<D: SystemDescriptor>(_ descriptor: D) throws -> [String] {
                try descriptor.benchmarkScenarios().map(\.name)
            }
            expected += try names(descriptor)
        }
        #expect(BenchmarkSystem.allCases.map(\.rawValue) == expected)
        #expect(
            expected == [
                "pendulum", "pendulum-rotation", "mass-spring", "two-body", "three-body",
                "double-pendulum",
            ])
        #expect(ComparisonConfiguration.standard().plans.map(\.system.rawValue) == expected)
        let plan = SystemPlan.standard(for: .named("double-pendulum"))
        #expect(plan.stepsPerPeriod == SystemPlan.sweep(from: 16, count: 9) && plan.horizonPeriods == 100)
        #expect(SystemPlan.standard(for: .named("double-pendulum"), quick: true).horizonPeriods == 10)
        #expect(SystemPlan.standard(for: .named("three-body")).stepsPerPeriod.first == 64)
        for plan in ComparisonConfiguration.standard().plans { try plan.validate() }
    }

    /// A short study of the double pendulum's regular orbit (2 periods, `T/32 … T/2048`): its numerical reference
    /// is the orbit's own tight `dopri54` run, the measured orders are those of the methods (within 0.3), the
    /// symplectic methods' energy stays bounded, and the implicit methods' cost counts every fixed-point update.
    @Test func doublePendulumScenarioMeasuresTheIntegrators() throws {
        let scenario = try Scenarios.doublePendulum()
        #expect(scenario.angleCoordinates == [0, 1] && scenario.angularMomentum == nil)
        #expect(
            abs(scenario.stateDistance([0.1, 0.2, 0, 0], [0.1 - 2 * Double.pi, 0.2 + 4 * Double.pi, 0, 0])) <= 1e-14)
        let plan = SystemPlan(
            system: .named("double-pendulum"), stepsPerPeriod: SystemPlan.sweep(from: 32, count: 7),
            horizonPeriods: 2, plottedStepsPerPeriod: 32, dormandPrinceTolerances: [1e-9])
        let (report, records) = try IntegratorComparisonStudy.study(scenario, plan, SharedStudies.tinyTiming)
        #expect(report.referenceMethod.hasPrefix("dopri54"))
        #expect(report.referenceUncertainty <= 1e-11)
        for order in report.orders {
            let measured = try #require(order.measuredOrder, "\(order.integrator): \(order.localOrders)")
            #expect(abs(measured - Double(order.expectedOrder)) <= 0.3, "\(order.integrator): \(measured)")
        }
        for record in records where record.stepsPerPeriod == 32 {
            #expect(record.failure == nil)
            switch record.integrator {
            case "symplectic-euler", "leapfrog", "yoshida4":
                #expect(record.gradientEvaluations > record.steps * 3, "\(record.integrator): implicit stages")
            case "euler":
                #expect(record.gradientEvaluations == record.steps)
            case "rk4":
                #expect(record.gradientEvaluations == 4 * record.steps)
            default:
                break
            }
        }
    }

    /// A step too large for the implicit iteration is recorded as a failure of that row, not a crash.
    @Test func nonConvergenceIsRecordedAsAFailure() throws {
        let scenario = try Scenarios.doublePendulum()
        let run = FixedStepRun.observe(
            .leapfrog, scenario, from: [2.5, -2.0, 2.0, -2.0], stepSize: 2,
            steps: 4, errorStep: 4, windows: 2)
        let failure = try #require(run.failure)
        #expect(failure.contains("did not converge") && run.finalState == nil)
        let timing = FixedStepRun.timeUninterrupted(
            .leapfrog, scenario, from: [2.5, -2.0, 2.0, -2.0],
            stepSize: 2, steps: 4, repeats: 1, minimumRepeatSeconds: 0)
        #expect(timing.failure != nil && timing.secondsPerRun.isNaN && timing.gradientEvaluations == 0)
    }
}
