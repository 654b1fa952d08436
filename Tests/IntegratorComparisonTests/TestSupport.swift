import Physics
import Systems

@testable import IntegratorComparison

/// The descriptors' benchmark scenarios by concrete type, for tests that need the system itself.
enum Scenarios {
    static func pendulum(rotation: Bool = false) throws -> BenchmarkScenario<Pendulum> {
        try PendulumDescriptor().benchmarkScenarios()[rotation ? 1 : 0]
    }
    static func massSpring() throws -> BenchmarkScenario<MassSpring> {
        try MassSpringDescriptor().benchmarkScenarios()[0]
    }
    static func twoBody() throws -> BenchmarkScenario<NBody> { try NBodyDescriptor.twoBody.benchmarkScenarios()[0] }
    static func threeBody() throws -> BenchmarkScenario<NBody> {
        try NBodyDescriptor.threeBody.benchmarkScenarios()[0]
    }
    static func doublePendulum() throws -> BenchmarkScenario<DoublePendulum> {
        try DoublePendulumDescriptor().benchmarkScenarios()[0]
    }
}

extension BenchmarkSystem {
    /// A registered name (a test failure, not a crash, if it is not).
    static func named(_ name: String) -> BenchmarkSystem {
        do { return try BenchmarkSystem(name: name) } catch {
            preconditionFailure("\(error)")
        }
    }
}

/// Small studies shared by several tests, computed once (debug builds are slow).
enum SharedStudies {
    /// The standard mass-spring sweep (T/16 … T/4096, error at 1.25 T) over a 2-period horizon.
    static let massSpring: (SystemReport, [ComparisonRecord]) = {
        var plan = SystemPlan.standard(for: .named("mass-spring"))
        plan.horizonPeriods = 2
        plan.dormandPrinceTolerances = [1e-8]
        do {
            return try IntegratorComparisonStudy.study(Scenarios.massSpring(), plan, tinyTiming)
        } catch {
            preconditionFailure("the mass-spring study failed: \(error)")
        }
    }()

    /// A whole report over two systems with two step sizes each, for the file-format tests.
    static let smallReport: IntegratorComparisonReport = {
        let plans = [BenchmarkSystem.named("mass-spring"), .named("two-body")].map { system in
            SystemPlan(
                system: system, stepsPerPeriod: [64, 128], horizonPeriods: 2, plottedStepsPerPeriod: 64,
                dormandPrinceTolerances: [1e-6, 1e-9])
        }
        let configuration = ComparisonConfiguration(plans: plans, repeats: 1, minimumRepeatSeconds: 0)
        do {
            return try IntegratorComparisonStudy.run(configuration, command: "test")
        } catch {
            preconditionFailure("the small study failed: \(error)")
        }
    }()

    /// One timed repeat, no minimum duration: timing is not under test and must stay cheap.
    static let tinyTiming = ComparisonConfiguration(plans: [], repeats: 1, minimumRepeatSeconds: 0)
}
